"""Who took part in a meeting a sentence reports, read from where the parties stand around its trigger.

A meeting sentence names a subject before its trigger word and counterparts after it: "A met B",
"A held talks with B and C", "A and B held talks", "talks between A and B". Parties count together
only when joined by "and", commas or title words ("Chancellor A of Germany and French President B");
a name across a clause ("A said", "..., where") is someone else. States stand as parties where no
official is named ("China and Russia held talks", "his Chinese counterpart"), and a state is read as
the article's official of that state when the office words point to exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.extract.analysis import Analysis
from kg.extract.lexicon import lexicon
from kg.extract.officials import Official

#: Words before a state that make it a place, not a party ("in Tokyo", "to Japan", "on China").
PLACE_WORDS = frozenset((
    "in", "at", "to", "from", "near", "into", "across", "around", "via", "on", "over", "about", "for", "against",
    "toward", "towards", "through", "by",
))  # fmt: skip
#: Words before a state that make it a party again after a place word: "counterparts from China".
PARTY_OF = frozenset(("counterpart", "counterparts", "ministers", "minister", "leaders", "officials", "delegations"))
#: How far (tokens) a trigger may be from its first counterpart when "with" or "between" introduces it.
REACH = 16


@dataclass
class Party:
    """A party named in a sentence: an official's name (or a state's ISO code) and its tokens."""

    name: str
    start: int
    end: int
    state: bool = False


@cache
def _title_words() -> frozenset[str]:
    offices = lexicon().offices
    plural = {h + "s" for h in offices.heads}
    return offices.heads | offices.modifiers | offices.complements | frozenset(plural)


@cache
def _joiners() -> frozenset[str]:
    return lexicon().cues["meeting_joiners"] | _title_words()


def _cue(name: str) -> frozenset[str]:
    return lexicon().cues[name]


def _loose_words(analysis: Analysis, start: int, end: int) -> int:
    """How many words from start to end are neither joiners, title words nor capitalised (names, places)."""
    texts, lower = analysis.texts, analysis.lower
    joiners = _joiners()
    return sum(
        1
        for i in range(start, end)
        if lower[i] not in joiners and not texts[i][:1].isupper() and not analysis.is_punct[i]
    )


def _breaks(analysis: Analysis, start: int, end: int) -> bool:
    """Whether a clause ends between start and end ("..., who", "said", ";")."""
    ends = _cue("meeting_clause_ends")
    return any(analysis.lower[i] in ends for i in range(start, end))


def joined(analysis: Analysis, end: int, start: int) -> bool:
    """Whether two parties, the first ending at ``end`` and the next starting at ``start``, are named
    together: "A and B", "A, B", "A of Poland and finance minister B", "A, along with B"."""
    if start <= end:
        return True
    gap = analysis.lower[end:start]
    if not any(w in ("and", ",", "&", "with", "alongside") for w in gap):
        return False
    if any(w in _cue("meeting_new_clause") for w in gap):
        return False
    return not _breaks(analysis, end, start) and _loose_words(analysis, end, start) <= 2


def reaches(analysis: Analysis, end: int, start: int, via: tuple[str, ...] = ("with", "between")) -> bool:
    """Whether a trigger ending at ``end`` takes the party at ``start`` as its counterpart: right after
    it, title words between ("met his Estonian counterpart B"), or introduced by one of ``via`` ("with",
    "between") within the same clause ("exchanged views on security with B")."""
    if _loose_words(analysis, end, start) == 0:
        return True
    if start - end > REACH or _breaks(analysis, end, start):
        return False
    # the word that introduces the counterpart, with only its title after it ("with the Japanese
    # defence minister B", not "agreed with the assessment of B")
    at = max((i for i in range(end, start) if analysis.lower[i] in via), default=None)
    return at is not None and _loose_words(analysis, at + 1, start) == 0


def _and(analysis: Analysis, end: int, start: int) -> bool:
    """Whether two parties named together are joined by a word ("and", "with"), not a comma alone."""
    return any(w in ("and", "&", "with", "alongside") for w in analysis.lower[end:start])


def chain(analysis: Analysis, parties: list[Party], leftward: bool, lists_only: bool = True) -> list[Party]:
    """The parties named together with the first one, reading away from the trigger.

    A comma alone joins names only in a list that "and" closes ("A, B and C"): in "during a visit by
    A, B met C" or "met A on Monday, B said", A and B are not named together. ``lists_only=False``
    keeps comma joins ("After talks with A, B said", where the caller reads B as the subject).
    """
    if not parties:
        return []
    out = [parties[0]]
    kinds: list[bool] = []  # for each join, whether a word makes it
    for party in parties[1:]:
        a, b = (party, out[-1]) if leftward else (out[-1], party)
        if not joined(analysis, a.end, b.start):
            break
        out.append(party)
        kinds.append(_and(analysis, a.end, b.start))
    if not lists_only:
        return out
    if leftward:  # read from the trigger: "A, B and C met" meets "and" before the comma
        for k, word in enumerate(kinds):
            if not word and not any(kinds[:k]):
                return out[: k + 1]
        return out
    # read from the trigger: "met A, B and C" meets the comma before "and", and nothing after the last
    # "and"; a list may also end in others ("A, B and other suppliers")
    last = max((k for k, word in enumerate(kinds) if word), default=-1)
    if last < len(kinds) - 1 and "and" in analysis.lower[out[-1].end : out[-1].end + 2]:
        return out
    return out[: last + 2]


def _names_someone(analysis: Analysis, i: int, end: int) -> bool:
    """Whether a state word is followed by an office and a name ("Saudi Deputy Defence Minister,
    Prince A"): the state of a person, even one not read as an official, not a party itself."""
    titles, heads = _title_words(), lexicon().offices.heads
    k, office = i, False
    while k < end and (analysis.lower[k] in titles or analysis.texts[k] == ","):
        office = office or analysis.lower[k] in heads
        k += 1
    return office and k < end and analysis.texts[k][:1].isupper()


def _government(analysis: Analysis, i: int, end: int) -> bool:
    """Whether the words after a demonym name its government: "Japanese counterpart", "Chinese
    officials", "the Philippine defence minister"."""
    offices = lexicon().offices
    k = i
    # past office words and other demonyms: "the Philippine and Australian defence ministers"
    while k < min(end, i + 6) and (
        analysis.lower[k] in offices.modifiers or analysis.lower[k] in ("and", ",") or analysis.texts[k][:1].isupper()
    ):
        k += 1
    word = analysis.lower[k] if k < end else ""
    return (word in _title_words() and word not in offices.modifiers) or word in _cue("meeting_government_words")


def state_parties(
    analysis: Analysis, officials: list[Official], index: int, start: int, end: int, after_trigger: bool
) -> list[Party]:
    """The states named as parties between tokens start and end of sentence ``index``: not places
    ("in Tokyo"), and not the state word of a named official ("Japanese Defence Minister A"). Before
    the trigger, a state after "with" or "amid" is not its subject ("Amid tension with China, ...")."""
    lower = analysis.lower
    not_party = PLACE_WORDS if after_trigger else PLACE_WORDS | {"with", "amid", "between", "among"}
    named = [m.start for o in officials for m in o.mentions if m.sent == index]
    out: list[Party] = []
    for m in analysis.mentions_in(index):
        if m.kind != "country" or not start <= m.start < end:
            continue
        if any(0 < s - m.end <= 5 for s in named) or _names_someone(analysis, m.end, end):
            continue
        if m.form == "demonym" and not _government(analysis, m.end, end):
            continue  # "Japanese companies", "Chinese drones": not the state
        prev = lower[m.start - 1] if m.start > 0 else ""
        if prev == "of" or prev in not_party:
            before = lower[m.start - 2] if m.start > 1 else ""
            if before not in PARTY_OF:
                continue
        if any(p.name == m.code for p in out):
            continue
        out.append(Party(m.code, m.start, m.end, state=True))
    return out


def _portfolio(words: set[str]) -> set[str]:
    return {"defense" if w == "defence" else w for w in words} & (_cue("meeting_portfolios") | {"defense"})


def resolve_states(analysis: Analysis, officials: list[Official], group: list[Party], index: int) -> list[str]:
    """A group's names, each state read as the article's official of that state where the office
    words next to it ("the defence ministers of", "his Japanese counterpart") fit exactly one."""
    lower = analysis.lower
    names = [p.name for p in group if not p.state]
    by_name = {o.name: o for o in officials}
    # the portfolios of the group's officials, for "counterpart"
    own = set()
    for n in names:
        title = (by_name[n].title or "") if n in by_name else ""
        own |= _portfolio(set(title.lower().replace("-", " ").split()))
    # states the text gives as the group's officials' own ("Indonesian Minister A"), not a guessed one
    holders = {by_name[n].holder for n in names if n in by_name and any(m.holder_explicit for m in by_name[n].mentions)}
    out = list(names)
    sent_start = analysis.sentences[index].start
    sent_end = analysis.sentences[index].end
    states = [p for p in group if p.state]
    if not states:
        return out
    # the office words around the states: "the defence ministers of A, B and C", "his A counterpart"
    near = set(lower[max(sent_start, min(p.start for p in states) - 4) : min(sent_end, max(p.end for p in states) + 3)])
    wanted = _portfolio(near)
    if near & {"counterpart", "counterparts"}:
        wanted |= own
    for p in states:
        if p.name in holders:
            continue  # the state of an official already among the parties
        fits = [
            o
            for o in officials
            if o.holder == p.name
            and o.name not in out
            and wanted & _portfolio(set((o.title or "").lower().replace("-", " ").split()))
        ]
        fit = {o.name for o in fits}
        name = fit.pop() if len(fit) == 1 else p.name
        if name not in out:
            out.append(name)
    return out
