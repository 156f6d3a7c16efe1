"""Meetings: named parties that met, held talks, spoke, or jointly agreed something.

A sentence with a meeting word ("met", "talks with", "held a call", "exchanged views", "agreed",
"told", "called on") gives a meeting of the parties around it (see ``meeting_parties``): the subject
before it and the counterparts after it. One subject with several counterparts ("A met B and C") is
one meeting per counterpart, unless they met as one ("along with", "attended by", "trilateral").
A subject may be "he" or "she" (the official the sentence before is about), an office ("the
Secretary General"), "I" or "we" (who a quote is attributed to, else the statement's author), or
states ("China and Russia held talks"); a counterpart may be a state ("his Japanese counterpart").
One who only reports talks ("A said talks with B ...") is not in them. Meetings only planned, sought
or called off ("will meet", "held no meeting", "were cancelled"), and "met" as reached ("met the
target"), are not meetings. A call and an in-person meeting of the same parties are two meetings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from kg.extract import dates
from kg.extract.analysis import Analysis, word_starts
from kg.extract.lexicon import lexicon, wordlist
from kg.extract.meeting_parties import Party, chain, reaches, resolve_states, state_parties
from kg.extract.meeting_words import MEETING, MEETING_WORDS, held
from kg.extract.officials import Official
from kg.extract.officials import speaker as speaker_of

#: Triggers whose counterpart follows at once, titles aside ("told Senator B", "received B"):
#: "told reporters", "received funding" and "welcomed the plan" are no meetings.
CLOSE_ONLY = frozenset(("told", "received", "welcomed", "hosted", "phoned", "telephoned", "called on", "greeted"))
#: Close-only triggers in the passive: "was received by B", "was hosted by B".
PASSIVE = frozenset(("received", "welcomed", "hosted", "greeted"))
#: Triggers of speech, whose counterpart may follow "to": "spoke to B", "had spoken to B".
SPEECH = frozenset(("spoke", "spoken", "speak", "speaks", "talked", "talking"))
#: Triggers whose subject may be two or more states joined ("Japan and Australia agreed", "the US and
#: South Korea concluded negotiations"); one state alone needs a counterpart ("held talks with Japan").
JOINT_STATES = frozenset(
    ("agreed", "signed", "met", "meeting", "talks", "negotiations", "negotiated", "summit", "consultations")
)
#: After a speech trigger with no counterpart: the parties spoke to each other ("A and B spoke by phone").
BY_PHONE = re.compile(
    r"(?i:\s+(?:\w+\s+)?(?:by\s+(?:tele)?phone|on\s+the\s+(?:tele)?phone|by\s+video|via\s+video|with\s+each\s+other))"
)
#: Triggers whose parties are named after them, as one group: "attended by A, B and C", "brought together
#: A and B" (with whoever chaired: "A chaired a meeting attended by B and C").
GROUP_AFTER = re.compile(r"attended|brought", re.I)
#: Talks whose parties may be states: "held talks with", "negotiations with the United States".
STATE_TALKS = re.compile(
    r"\b(?:talks|negotiations|negotiating|meeting|summit|call|consultations|discussions|dialogue)\s+(?:with|between)\b|"
    r"\b(?:held|hold|holds|holding)\s+(?:[\w-]+\s+){0,4}(?:talks|a\s+meeting|negotiations|discussions|consultations)\b|"
    r"\bmet\s+(?:with\s+)?|\bsigned\b.{0,60}\bwith\b|\bcounterparts?\b",
    re.I,
)
PAIR = re.compile(
    r"\b(?:the\s+(?:two|pair|both)|both\s+(?:men|women|leaders|ministers|sides)|they|"
    r"their\s+(?:\w+\s+)?(?:meeting|talks|call|conversation))\b",
    re.I,
)
#: Each party met the other side on its own: "A and B held separate talks with C".
SEPARATELY = re.compile(r"\b(?:separately|separate|individually|respectively)\b", re.I)
#: "The two", "the pair": two parties, one of whom the sentence may leave to the sentences before.
TWO = re.compile(r"\b(?:the\s+(?:two|pair)|both\s+(?:men|women|leaders|ministers|sides))\b", re.I)
#: Several counterparts met as one group, not each on their own: "along with", "a trilateral meeting".
TOGETHER = re.compile(r"\b(?:along\s*side|along\s+with|together\s+with|trilateral|three-way|jointly)\b", re.I)
SPEAKER = re.compile(
    r"(?:^|[\s,“\"])(?:I|We)\b(?:,\s*together\s+with|\s+(?:met|held|spoke|agreed|discussed|have|had|welcomed|hosted|received|"
    r"joined|was|were))"
)
#: Words that report what someone said: the one named before them reports a meeting, and need not be in it.
REPORTING = frozenset(("said", "says", "told", "tells", "added", "noted", "stated", "according", "that", "wrote"))
#: Where the report of a meeting begins: "..., the ministry said on Monday".
REPORTED = re.compile(r"\b(?:said|says|reported|reports|according\s+to|told\s+reporters)\b")
#: "He met ...", "she held talks": the subject is the official the sentences before were about.
PRONOUNS = frozenset(("he", "she"))
#: Where: "in Berlin", "to Tokyo", "at The Hague", and a place visited: "visited Warsaw on Friday, where he met ...".
LOCATION = re.compile(
    r"\b(?:in|to|at|visit(?:ed|s|ing)?|toured)\s+(?P<place>(?:The\s+)?[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)?)"
)
#: A meeting held by phone or video, not in person.
CALL = re.compile(r"\b(?:(?:tele)?phone[ds]?|call|calls|video\s*(?:call|conference|link)|videoconference)\b", re.I)


@dataclass
class MeetingFact:
    participants: list[str]
    location: str | None
    date: object
    sent: int


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
    """Place names a meeting's location may be: capitals and the cities lexicon (built once); a
    location is a city, so "a visit to Kenya" gives none."""
    return frozenset(lexicon().places.capitals) | lexicon().cities


def _same_person(a: str, b: str) -> bool:
    """ "Prabowo" and "Prabowo Subianto": one name's words are all in the other's."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def _canonical(officials: list[Official]) -> list[Official]:
    """Each official as the fullest official of the same person ("Prabowo" -> "Prabowo Subianto")."""
    out = []
    for o in officials:
        fuller = [p for p in officials if p is not o and len(p.name) > len(o.name) and _same_person(o.name, p.name)]
        out.append(max(fuller, key=lambda p: len(p.name)) if fuller else o)
    return out


class _Sentences:
    """Where each official is named, by sentence (read once, not once per sentence and official)."""

    def __init__(self, analysis: Analysis, officials: list[Official]) -> None:
        self.analysis = analysis
        self.canon = _canonical(officials)
        self.by_sent: dict[int, list[tuple[int, int, int]]] = {}  # sentence -> (start, end, official)
        self.name_tokens: dict[int, set[int]] = {}
        for k, o in enumerate(officials):
            for m in o.mentions:
                self.by_sent.setdefault(m.sent, []).append((m.start, m.end, k))
                self.name_tokens.setdefault(m.sent, set()).update(range(m.start, m.end))
        self.officials = officials
        self._parties: dict[int, list[Party]] = {}
        self._families: dict[str, str] | None = None

    def parties(self, index: int) -> list[Party]:
        """Every naming of an official in sentence ``index``, by full name or by family name alone."""
        if index not in self._parties:
            self._parties[index] = self._find_parties(index)
        return self._parties[index]

    def _find_parties(self, index: int) -> list[Party]:
        an = self.analysis
        sent = an.sentences[index]
        inside = self.name_tokens.get(index, set())
        out = [Party(self.canon[k].name, s, e) for s, e, k in self.by_sent.get(index, ())]
        where: dict[str, list[int]] = {}
        for i in range(sent.start, sent.end):
            if i not in inside:
                where.setdefault(an.texts[i], []).append(i)
        for word, name in self._family().items():
            out += [Party(name, i, i + 1) for i in where.get(word, ())]
        return sorted(out, key=lambda p: p.start)

    def _family(self) -> dict[str, str]:
        """The words that name one official alone: "Teodoro" for Gilberto Teodoro Jr., "Lee" for Lee
        Jae-myung; not a word two officials share ("Kim" for Kim Jong Un and Kim Yong-hyun)."""
        if self._families is None:
            suffixes = wordlist("name_suffixes")
            names: dict[str, set[str]] = {}
            for k, o in enumerate(self.officials):
                words = [w for w in o.name.split() if w.lower() not in suffixes] or o.name.split()
                for w in {words[-1], words[0]}:
                    if len(w) > 2:
                        names.setdefault(w, set()).add(self.canon[k].name)
            self._families = {w: next(iter(n)) for w, n in names.items() if len(n) == 1}
        return self._families

    def subject_before(self, index: int) -> str | None:
        """Who "he" or "she" is: the first official the nearest sentence before naming one names."""
        for back in (index - 1, index - 2):
            named = self.parties(back) if back >= 0 else []
            if named:
                return named[0].name
        return None


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def _by_title(officials: list[Official], words: list[str], at: int, besides: list[Party]) -> Party | None:
    """The one official whose office ``words`` name ("the Secretary General also met ...", "met with
    the prime minister"), other than ``besides``; or the one official whose office has the head word
    they name ("the minister" when one minister is named in the article)."""
    text = " " + " ".join(words) + " "
    others = {p.name for p in besides}

    def named(title: str) -> bool:
        return f" the {title} " in text and not any(f" the {title} {s} " in text for s in ("'s", "’s"))

    titled = [(o.name, o.title.lower()) for o in officials if o.title]
    found = {name for name, title in titled if name not in others and named(title)}
    if not found:
        heads = {name: title.split()[-1] for name, title in titled}
        for head in {h for h in heads.values() if named(h)}:
            holders = {name for name, h in heads.items() if h == head}
            found |= holders - others if len(holders) == 1 else set()
    return Party(found.pop(), at, at) if len(found) == 1 else None


def _attributed(analysis: Analysis, right: list[Party], t1: int) -> Party | None:
    """Who a quote is attributed to: the party named after its closing quote beside "said" or "told"."""
    for p in right:
        closed = any(analysis.texts[i] in ("”", '"') for i in range(t1, p.start))
        if closed and REPORTING & set(analysis.lower[max(t1, p.start - 6) : p.end + 2]):
            return p
    return None


def _said_by_pronoun(analysis: Analysis, index: int, t1: int) -> bool:
    """Whether a quote ends in "he said" or "she told ...": its speaker is named before, not here."""
    sent = analysis.sentences[index]
    lower, texts = analysis.lower, analysis.texts
    for i in range(t1, sent.end - 1):
        if texts[i] in ("”", '"') and lower[i + 1] in PRONOUNS and i + 2 < sent.end and lower[i + 2] in REPORTING:
            return True
    return False


def _takes(analysis: Analysis, word: str, end: int, party: Party) -> bool:
    """Whether a trigger that needs its counterpart right after it ("told B", "welcomed B") has one:
    close by, and not the owner of what follows ("welcomed B's pledge")."""
    if word not in CLOSE_ONLY:
        return True
    after = analysis.lower[party.end] if party.end < len(analysis.lower) else ""
    if word == "called on" and after == "to":
        return False  # "called on B to act" urges B; "called on B" in Delhi visits B
    return party.start - end <= 4 and after not in ("'s", "’s", "'", "’")


def _subject(
    analysis: Analysis,
    found: _Sentences,
    index: int,
    span: tuple[int, int],
    parties: list[Party],
    speaker: str | None,
    upto: str,
) -> tuple[list[Party], list[Party], bool]:
    """Who the trigger at token ``span`` has as its subject, the parties after it that may be its
    counterparts, and whether the subject is a "he" or "she" from the sentences before.

    The subject is the official named nearest before the trigger, with those named together with
    them; else "I" or "we" (who a quote is attributed to, or the statement's author), "he" or "she",
    or an office the article's officials hold ("the Secretary General").
    """
    t0, t1 = span
    lower = analysis.lower
    left = [p for p in reversed(parties) if p.end <= t0]
    right = [p for p in parties if p.start >= t1]
    subject = list(reversed(chain(analysis, left, leftward=True)))
    reported = bool(subject and REPORTING & set(lower[subject[-1].end : t0]))
    if reported:
        # "A said that talks with B ...": A reports the meeting; "A said he met B", "A said after
        # talks with B": A is its subject
        said = max(i for i in range(subject[-1].end, t0) if lower[i] in REPORTING)
        after = set(lower[said + 1 : t0])
        timing = after - {"his", "her", "their"}
        own = bool(PRONOUNS & after) or (bool(timing) and timing <= {"after", "following", "before", "during"})
        subject = subject[-1:] if own else []
    said = SPEAKER.search(upto)
    if said and not any(q in upto[said.end() :] for q in ("”", '"')):  # "I" in the trigger's own clause
        # "I" or "we" in a quote is who the sentence says spoke it, else the statement's author
        quoted = _attributed(analysis, right, t1)
        if quoted:
            right = [p for p in right if p.name != quoted.name]
        who = quoted.name if quoted else speaker
        if not quoted and _said_by_pronoun(analysis, index, t1):
            who = found.subject_before(index)  # "'We met B,' he said": he is whom the text is about
        if who and all(p.name != who for p in subject):
            subject.insert(0, Party(who, t0, t0))
    sent = analysis.sentences[index]
    if not subject and not reported and PRONOUNS & set(lower[sent.start : t0]):
        before = found.subject_before(index)
        if before:
            return [Party(before, t0, t0)], right, True
    if not subject:
        titled = _by_title(found.canon, lower[sent.start : t0], t0, right)
        subject = [titled] if titled else []
    return subject, right, False


def _pairing(subject: list[Party], objects: list[Party], together: bool, separately: bool) -> list[list[Party]]:
    """The meetings of a subject and its counterparts: "A met B and C" is A with each of them, unless
    they met together ("along with", "attended by"); "A and B met C separately" is each with C."""
    if len(subject) == 1 and len(objects) >= 2 and not together:
        return [[subject[0], o] for o in objects]
    if len(subject) >= 2 and objects and separately:
        return [[a, b] for a in subject for b in objects]
    return [subject + objects]


def _groups(
    analysis: Analysis, found: _Sentences, index: int, trigger: re.Match[str], speaker: str | None
) -> tuple[list[list[str]], bool]:
    """The meetings one trigger reports (each a list of names or codes), and whether its subject is
    a "he" or "she" from the sentences before."""
    sent = analysis.sentences[index]
    text = analysis.sentence_texts[index]
    idx = analysis.idx
    t0 = max(sent.start, bisect.bisect_right(idx, sent.start_char + trigger.start()) - 1)
    t1 = bisect.bisect_left(idx, sent.start_char + trigger.end(), t0, sent.end)
    parties = found.parties(index)
    subject, right, pronoun = _subject(analysis, found, index, (t0, t1), parties, speaker, text[: trigger.end()])
    word = " ".join(trigger.group().lower().split())
    via = ("with", "between", "including") + (("to",) if word in SPEECH else ("by",) if word in PASSIVE else ())
    objects: list[Party] = []
    if right and reaches(analysis, t1, right[0].start, via) and _takes(analysis, word, t1, right[0]):
        objects = chain(analysis, right, leftward=False, lists_only=bool(subject))
    if not objects and subject and not (right and right[0].start - t1 <= 6):
        titled = _by_title(found.canon, analysis.lower[t1 : min(sent.end, t1 + 6)], t1, subject)
        objects = [titled] if titled else []  # "met the Secretary General"
    states = STATE_TALKS.search(text)
    if not subject and (states or word in JOINT_STATES):
        near = state_parties(analysis, found.officials, index, sent.start, t0, after_trigger=False)
        subject = list(reversed(chain(analysis, list(reversed(near)), leftward=True)))
        if not states and (len(subject) < 2 or t0 - subject[-1].end > 2):
            subject = []  # "Japan and Australia agreed": states agree jointly, not one alone, and as its subject
    if states and not objects:
        after = state_parties(analysis, found.officials, index, t1, sent.end, after_trigger=True)
        if after and subject and "between" in analysis.lower[t1 : after[0].start]:
            after = []  # "A and B agreed on a treaty between their two states": the officials are the parties
        if right and after and right[0].start < after[0].start:
            after = []  # the state is further than a named official the trigger does not take
        if after and reaches(analysis, t1, after[0].start, via) and _takes(analysis, word, t1, after[0]):
            objects = chain(analysis, after, leftward=False)
    if word in SPEECH and not objects and not BY_PHONE.match(text, trigger.end()):
        return [], False  # "A and B spoke at the forum": each spoke, not to each other
    one_group = bool(GROUP_AFTER.match(word))
    if objects and "between" in analysis.lower[t1 : objects[0].start]:
        subject = []  # "talks between A and B": the parties are those named after
    elif objects and not subject and not one_group:
        # "After talks with A, B said": the one named after the comma is the subject, else it is unknown
        if len(objects) < 2 or "," not in analysis.lower[objects[-2].end : objects[-1].start]:
            return [], False
        subject, objects = objects[-1:], objects[:-1]
    groups = _pairing(subject, objects, one_group or bool(TOGETHER.search(text)), bool(SEPARATELY.search(text)))
    out = []
    for group in groups:
        names = _unique(resolve_states(analysis, found.canon, group, index))
        if len(names) >= 2:
            out.append(names)
    return out, pronoun


def find_meetings(analysis: Analysis, officials: list[Official]) -> list[MeetingFact]:
    """Meetings the article reports as held."""
    places = _known_places()
    speaker = speaker_of(officials)
    found = _Sentences(analysis, officials)
    meetings: list[MeetingFact] = []
    seen: dict[tuple[frozenset[str], bool], MeetingFact] = {}
    words = word_starts(analysis.text, MEETING_WORDS)  # None: search every sentence
    for index, sent in enumerate(analysis.sentences):
        if words is not None:
            at = bisect.bisect_left(words, sent.start_char)
            if at == len(words) or words[at] >= sent.end_char:
                continue
        text = analysis.sentence_texts[index]
        groups: list[list[str]] = []
        pronoun = False
        at = 0  # where the trigger is: the place named after it is where the meeting was
        for trigger in MEETING.finditer(text):
            if analysis.is_excluded(sent.start_char + trigger.start()) or not held(text, trigger):
                continue
            groups, pronoun = _groups(analysis, found, index, trigger, speaker)
            if groups:
                at = trigger.start()
                break
        if not groups and PAIR.search(text) and any(held(text, t) for t in MEETING.finditer(text)):
            # "The two men met in Singapore": the two officials of this sentence, else of the one before
            here = _unique([p.name for p in found.parties(index)])
            before = _unique([p.name for p in found.parties(index - 1)]) if index else []
            groups = [here] if len(here) == 2 else [before] if len(here) < 2 and len(before) == 2 else []
            other = found.subject_before(index)
            if not groups and len(here) == 1 and other and other != here[0] and TWO.search(text):
                groups = [[other, here[0]]]  # "a visit by B, when the two ...": B and whom the text is about
        if not groups:
            continue
        # where and when: in the meeting's clause, not in "..., the newspaper reported on Saturday"
        report = REPORTED.search(text, at)
        told = text[: report.start()] if report else text
        location = _location(told[at:], places) or _location(told, places)
        date = dates.meeting_date(told, analysis.published)
        if pronoun and index:  # "X arrived in Tokyo on Monday. He met Y": where from the sentence before
            location = location or _location(analysis.sentence_texts[index - 1], places)
        call = bool(CALL.search(text))  # a call and a meeting of the same parties are two events
        for group in groups:
            key = (frozenset(group), call)
            if len(group) < 2:
                continue
            if key in seen:  # told again: where and when may be told only now
                earlier = seen[key]
                earlier.location = earlier.location or location
                earlier.date = earlier.date or date
                continue
            seen[key] = MeetingFact(group, location, date, index)
            meetings.append(seen[key])
    return _without_headline_repeats(analysis, officials, meetings)


def _without_headline_repeats(
    analysis: Analysis, officials: list[Official], meetings: list[MeetingFact]
) -> list[MeetingFact]:
    """Drop a headline's meeting of states ("US, Japan defence chiefs hold talks") when the story
    tells it with the officials of those states: it is the same meeting."""
    holder = {o.name: o.holder for o in officials}
    told = [{holder.get(n) for n in m.participants} for m in meetings]

    def headline(m: MeetingFact) -> bool:
        return m.sent == 0 and not analysis.sentence_texts[0].rstrip().endswith((".", "!", "?", '"', "”"))

    def states_only(m: MeetingFact) -> bool:
        return all(n not in holder for n in m.participants)

    return [m for m in meetings if not (headline(m) and states_only(m) and any(t == set(m.participants) for t in told))]
