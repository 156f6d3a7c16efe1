"""Meetings: named parties that met, held talks, spoke, or jointly agreed something.

A sentence with a meeting word ("met", "talks with", "held discussions", "exchanged views",
"agreed") and two or more officials gives a meeting of those officials; "bilateral meetings with
A and B" gives one meeting per counterpart. "I" and "we" in a statement or speech are its author,
named in the headline. Planned meetings ("will meet", "scheduled") are not meetings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from kg.extract import dates
from kg.extract.analysis import Analysis, word_starts
from kg.extract.lexicon import lexicon
from kg.extract.officials import Official
from kg.extract.officials import speaker as speaker_of


def _phrases(*phrases: str) -> re.Pattern[str]:
    r"""``\b(?:PHRASE|...)\b``, case-insensitive, for phrases that each begin with a letter.

    A look-ahead for the phrases' first letters comes first. It changes no match, but lets the
    search pass over words that begin no phrase instead of trying every phrase at each word (``re``
    cannot scan ahead for a case-insensitive alternation), which halves the time of a search.
    """
    if not all(p[:1].isalpha() and p[1:2] not in ("?", "*", "{") for p in phrases):
        raise ValueError("each phrase must begin with a letter")
    firsts = "".join(sorted({p[0].lower() for p in phrases}))
    return re.compile(rf"\b(?=[{firsts}])(?:{'|'.join(phrases)})\b", re.I)


def _leading_words(*phrases: str) -> tuple[str, ...]:
    """The word each phrase begins with, in lower case: where a ``_phrases`` pattern matches, one of
    them starts (a letter a quantifier makes optional is left off)."""
    words = set()
    for phrase in phrases:
        depth = 0
        for c in phrase:
            depth += (c == "(") - (c == ")")
            if c == "|" and not depth:
                raise ValueError(f"a phrase with an alternative outside brackets: {phrase}")
        word = re.match("[A-Za-z]+", phrase)
        if word is None:
            raise ValueError(f"a phrase must begin with a letter: {phrase}")
        text = word.group()
        if phrase[len(text) : len(text) + 1] in ("?", "*", "{"):
            text = text[:-1]
        words.add(text.lower())
    # "meeting" is enough to find "meetings"
    return tuple(sorted(w for w in words if not any(w != v and w.startswith(v) for v in words)))


MEETING_PHRASES = (
    "met", "meets", "meeting", "meetings", "talks", "talked", r"held\s+(?:discussions|talks|a\s+call)", "discussed",
    r"exchanged\s+views", "spoke", "speak", "chatting", "chatted", "conversation", r"phone\s+call", "negotiations",
    "negotiated", "hosted", "agreed", "signed", r"summit\s+with", r"held\s+(?:\w+\s+){0,3}summit",
    r"chair(?:ed|ing)\s+(?:a|the)\s+(?:meeting|session)", r"attended\s+by", "welcomed",
)  # fmt: skip
MEETING = _phrases(*MEETING_PHRASES)
#: A sentence without one of these words has no meeting phrase (and is not searched for one).
MEETING_WORDS = _leading_words(*MEETING_PHRASES)
PLANNED = re.compile(
    r"\b(?:will|to)\s+(?:meet|hold|visit)|\bscheduled\b|\bupcoming\b|\bplans?\s+to\s+meet\b|\bahead\s+of\s+(?:a|the)\s+meeting\b|"
    r"\bnext\s+week\b|\bwould\s+meet\b|\bdue\s+(?:in|to|for|at)\b|\bto\s+(?:begin|start|open|launch)\b",
    re.I,
)
#: Talks whose parties may be states: "held talks with", "negotiations with the United States".
STATE_TALKS = re.compile(
    r"\b(?:talks|negotiations|meeting|summit|call|consultations)\s+(?:with|between)\b|"
    r"\b(?:held|hold|holds|holding)\s+(?:\w+\s+)?(?:talks|a\s+meeting|negotiations|discussions|consultations)\b|"
    r"\bmet\s+(?:with\s+)?",
    re.I,
)
PAIR = re.compile(r"\b(?:the\s+(?:two|pair|both)|both\s+(?:men|women|leaders|ministers)|they)\b", re.I)
PAIRWISE = re.compile(r"\b(?:bilateral\s+meetings|meetings\s+with|several|including|separately)\b", re.I)
SPEAKER = re.compile(
    r"(?:^|[\s,])(?:I|We)\b(?:,\s*together\s+with|\s+(?:met|held|spoke|agreed|discussed|have|had|welcomed|hosted|received|joined))"
)
#: Where: "in Berlin", "to Tokyo", "at The Hague", and a place visited: "visited Warsaw on Friday, where he met ...".
LOCATION = re.compile(
    r"\b(?:in|to|at|visit(?:ed|s|ing)?|toured)\s+(?P<place>(?:The\s+)?[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)?)"
)


@dataclass
class MeetingFact:
    participants: list[str]
    location: str | None
    date: object
    sent: int


def _states(analysis: Analysis, officials: list[Official], index: int) -> list[str]:
    """The states a sentence names as parties, when it names no two officials."""
    lower = analysis.lower
    attached = {m.start for o in officials for m in o.mentions if m.sent == index and m.holder_explicit}
    codes: list[str] = []
    for m in analysis.mentions_in(index):
        if m.kind != "country" or m.form == "capital":
            continue
        if any(0 < start - m.end <= 5 for start in attached):
            continue  # the state word of a named official
        prev = lower[m.start - 1] if m.start > 0 else ""
        if prev in ("in", "at", "from", "near", "into", "across", "of"):
            continue  # a place, not a party
        if m.code not in codes:
            codes.append(m.code)
    return codes


def _location(text: str, places: frozenset[str]) -> str | None:
    for m in LOCATION.finditer(text):
        place = m.group("place")
        words = place.split()
        for k in range(len(words), 0, -1):
            candidate = " ".join(words[:k])
            if candidate in places:
                return candidate
    return None


@cache
def _known_places() -> frozenset[str]:
    """Place names a meeting's location may be: capitals, state names and the cities lexicon (built once)."""
    p = lexicon().places
    return frozenset(p.capitals) | {n for n in p.names if " " not in n or n.istitle()} | lexicon().cities


def find_meetings(analysis: Analysis, officials: list[Official]) -> list[MeetingFact]:
    """Meetings the article reports as held."""
    places = _known_places()
    speaker = speaker_of(officials)
    meetings: list[MeetingFact] = []
    seen: set[frozenset[str]] = set()
    texts = analysis.texts
    # Where each official is named, by sentence: the first token naming them there, and all the
    # tokens their names cover (read once, not once per sentence and official).
    first_named: dict[tuple[int, int], int] = {}  # (official, sentence) -> token
    name_tokens: dict[int, set[int]] = {}
    for k, o in enumerate(officials):
        for m in o.mentions:
            first_named[k, m.sent] = min(first_named.get((k, m.sent), m.start), m.start)
            name_tokens.setdefault(m.sent, set()).update(range(m.start, m.end))
    words = word_starts(analysis.text, MEETING_WORDS)  # None: search every sentence
    for index, sent in enumerate(analysis.sentences):
        if words is not None:
            at = bisect.bisect_left(words, sent.start_char)
            if at == len(words) or words[at] >= sent.end_char:
                continue
        text = analysis.sentence_texts[index]
        trigger = MEETING.search(text)
        if not trigger or analysis.is_excluded(sent.start_char + trigger.start()) or PLANNED.search(text):
            continue
        inside_names = name_tokens.get(index, set())
        where: dict[str, list[int]] = {}  # each word of the sentence -> its tokens
        for i in range(sent.start, sent.end):
            where.setdefault(texts[i], []).append(i)
        present = []
        for k, o in enumerate(officials):
            first = first_named.get((k, index))
            if first is None:  # a later mention by family name: "Hegseth", or "Lee" for Lee Jae-myung
                family = {o.surname, o.name.split()[0]} if len(o.name.split()) > 1 else {o.name}
                starts = [i for word in family if len(word) > 2 for i in where.get(word, ()) if i not in inside_names]
                first = min(starts) if starts else None
            if first is not None:
                present.append((first, o.name))
        present.sort()
        names = [n for _, n in present]
        if speaker and speaker not in names and SPEAKER.search(text):
            names.insert(0, speaker)
        if len(names) < 2 and index and PAIR.search(text):
            # "The two men met in Singapore": the officials the sentence before named
            names = [o.name for o in officials if any(m.sent == index - 1 for m in o.mentions)]
        if not names and STATE_TALKS.search(text):
            names = _states(analysis, officials, index)  # "China and Russia held talks", "with his Chinese counterpart"
        if len(names) < 2:
            continue
        # "held bilateral meetings with A and B": one meeting per counterpart
        pairwise = PAIRWISE.search(text) and len(names) > 2
        groups = [[names[0], other] for other in names[1:]] if pairwise else [names]
        location = _location(text, places)
        date = dates.meeting_date(text, analysis.published)
        for group in groups:
            key = frozenset(group)
            if key in seen:
                continue
            seen.add(key)
            meetings.append(MeetingFact(group, location, date, index))
    return meetings
