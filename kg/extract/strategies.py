"""Strategies: named strategy, doctrine and policy documents ("National Defense Strategy (NDS)").

A document's name is a run of capitalised words (with "for", "of", "and" inside, a year or a dash)
ending in a document head such as Strategy, Review or White Paper, with an optional complement
("Plan for the Development of ...") and a version or horizon after it ("Reform 2.0", "Vision 2030").
General heads (Program, Plan, Bill) need a policy word in the name or an acronym of the name's own,
so an equipment programme or a company plan is not a strategy; laws and acts need a word of force
planning, so a law about defence is not one either; names of budgets and funds are budget
instruments, and a head followed by a body's word ("Strategy Commission") names the body. A few
kinds of national document are named even in lower case ("the national security strategy"), and a
capitalised name may end in a lower-case head ("the Homeland Defence bill").

The year of a document is the edition the text gives before or after its name ("the 2022 National
Defense Strategy", "Defence Capability Plan 2025") or the year the sentence says it was adopted, not
a horizon later than the article. Its country is the state named just before it ("Japan's", "U.S.",
"Widodo's"), after it ("... for South Africa") or at its start ("South African Defence Review"), else
the state acting before it in its sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.analysis import Analysis
from kg.extract.lexicon import lexicon, wordlist
from kg.extract.officials import Official

YEAR = re.compile(r"^(19|20)\d\d$")
PERIOD = re.compile(r"^(19|20)\d\d[-–/](19|20)?\d\d$")  # "2025–2030" as one token
VERSION = re.compile(r"^\d{1,2}\.\d$")  # "Defense Reform 2.0"
DASHES = ("-", "–", "—")
POSSESSIVE = ("'s", "’s")
INDEFINITE = ("a", "an")
QUOTES = ('"', "“", "'", "‘")


@dataclass
class StrategyMention:
    name: str
    acronym: str | None
    holder: str | None
    year: str | None
    start: int
    end: int
    sent: int


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _word(an: Analysis, i: int) -> bool:
    """A capitalised word (letters only): part of a name."""
    return an.is_alpha(i) and an.texts[i][:1].isupper()


def _edition(year: str, an: Analysis) -> str | None:
    """A year that names the document's edition; a later year than the article's is a horizon."""
    published = an.published
    return None if published and int(year) > published.year else year


def _grow_left(an: Analysis, anchor: int) -> int:
    """The first token of a name ending at ``anchor``: capitalised words, connectors between them, a
    joining dash ("Term-Budget") and a year inside ("Bundesheer 2032 Buildup Plan")."""
    docs = lexicon().documents
    texts, lower = an.texts, an.lower
    start = anchor
    while start > 0:
        j = start - 1
        if _word(an, j) or (texts[j] == "-" and not an.space_after(j)):
            start = j
        elif lower[j] in docs.connectors and lower[j] != "the" and j > 0 and _word(an, j - 1):
            if lower[j - 1] in docs.heads:
                break  # "Defence Review and Action Plan": two documents
            start = j
        elif YEAR.match(texts[j]) and j > 0 and _inner_year(an, j):
            start = j
        else:
            break
    # "Critics of National Defense Strategy": the sentence's first word joined by a connector is not the name's
    first = an.sentences[an.sent_index(anchor)].start
    joined = start + 2 < anchor and lower[start + 1] in docs.connectors and _word(an, start + 2)
    if start == first and joined and lower[start] not in docs.policy_words:
        start += 0 if any(m.start == start for m in an.mentions) else 1
    while start < anchor and (
        lower[start] in docs.connectors or lower[start] in docs.not_name_start or texts[start] in DASHES
    ):
        start += 1
    return start


def _inner_year(an: Analysis, j: int) -> bool:
    """Whether the year at ``j`` sits inside a name: after a capitalised word that is not the
    sentence's first, a month or a state ("Japan 2024 ..." is a state and an edition)."""
    before = j - 1
    if not _word(an, before) or an.sentences[an.sent_index(before)].start == before:
        return False
    if an.lower[before] in wordlist("months"):
        return False
    return not any(m.end == j for m in an.mentions)


def _grow_right(an: Analysis, head: int) -> tuple[int, int, str | None, str | None]:
    """Where a name ends after its head, where what it is given (an acronym) may follow, the edition
    given after it and a state its complement names.

    An edition after the head is the document's year, not part of its name ("Defence Capability Plan
    2025"); a version or a later horizon is part of it ("Defense Reform 2.0", "Vision 2030").
    "White Paper for European Defence – Readiness 2030" and "Plan for the Development of ..." keep
    their complement; "Concept for South Africa" ends before the state, which is the document's.
    """
    texts, lower, n = an.texts, an.lower, len(an.texts)
    end = head + 1
    if end < n and (YEAR.match(texts[end]) or VERSION.match(texts[end])):
        year = texts[end] if YEAR.match(texts[end]) else None
        if year and lower[head] not in lexicon().documents.year_heads and _edition(year, an):
            return end, end + 1, year, None
        return end + 1, end + 1, None, None
    k = end
    not_names = wordlist("not_names")  # "Review on Monday": a date, not a complement
    while k < n and lower[k] in ("for", "on", "of"):
        j = k + 1
        if j + 1 < n and lower[j] == "the" and _word(an, j + 1):
            j += 1
        if j >= n or not _word(an, j) or lower[j] in not_names:
            break
        state = next((m for m in an.mentions if m.start == j and m.kind == "country"), None)
        if state and (state.end >= n or not _word(an, state.end)):
            return end, end, None, state.code
        k = j
        while k < n:
            joins = k + 1 < n and _capitalised(texts[k + 1])
            if _capitalised(texts[k]) and not an.is_punct[k]:
                k += 1
            elif (texts[k] in DASHES or lower[k] == "and") and joins:
                k += 1  # "White Paper for European Defence – Readiness 2030", "Plan for Security and Defence"
            else:
                break
        end = k
    return end, end, None, None


def _before(an: Analysis, start: int, people: dict[str, str]) -> tuple[str | None, str | None, int]:
    """The year, the state and the first token before a name: "Japan's 2022 ...", "U.S. ...". A
    period before a name is not an edition, and part of the name only in a quoted title."""
    texts, lower = an.texts, an.lower
    period = 0
    if start > 2 and YEAR.match(texts[start - 1]) and texts[start - 2] in DASHES and YEAR.match(texts[start - 3]):
        period = 3
    elif start > 0 and PERIOD.match(texts[start - 1]):
        period = 1
    if period:
        first = start - period
        quoted = first > 0 and texts[first - 1] in QUOTES  # "the “2019-2023 Midterm Defense Plan”"
        return None, _state_ending(an, first, people), first if quoted else start
    year = None
    k = start
    if k > 0 and YEAR.match(texts[k - 1]):
        year = _edition(texts[k - 1], an)
        k -= 1
    if k > 0 and lower[k - 1] == "new":
        k -= 1  # "NATO's new Strategic Concept"
    if k > 0 and lower[k - 1] in POSSESSIVE:
        k -= 1
    state = _state_ending(an, k, people)
    if state is None and k > 0 and lower[k - 1] in ("its", "their"):
        state = _actor(an, k - 1) or _subject(an, an.sent_index(k - 1) - 1)
    return year, state, start


def _subject(an: Analysis, sent: int) -> str | None:
    """The first state a sentence names as an actor: what "its" in the next sentence refers to
    ("Australia spends 2% of GDP. Its 2024 National Defence Strategy ...")."""
    if sent < 0:
        return None
    span = an.sentences[sent]
    not_actor = wordlist("not_actor")
    for m in an.mentions:
        if span.start <= m.start < span.end and m.kind == "country":
            before = an.lower[m.start - 1] if m.start > span.start else ""
            if before not in not_actor and before not in ("the", "a"):
                return m.code
    return None


def _state_ending(an: Analysis, end: int, people: dict[str, str]) -> str | None:
    """The state or organisation named just before token ``end`` (not a capital: "in Tokyo"), or the
    one an official named there serves ("Macron's ...")."""
    state = next((m.code for m in an.mentions if m.end == end and m.form != "capital"), None)
    return state or (people.get(an.texts[end - 1]) if end > 0 else None)


def _acronym(an: Analysis, end: int) -> str | None:
    """An acronym given after a name: "Strategy (NDS)" or "Program, or PAC,"."""
    texts, lower, n = an.texts, an.lower, len(an.texts)
    if end + 2 < n and texts[end] == "(" and texts[end + 2] == ")" and texts[end + 1].isupper():
        return texts[end + 1]
    if end + 3 < n and texts[end] == "," and lower[end + 1] == "or" and texts[end + 3] in (",", ".", ";"):
        word = texts[end + 2]
        if len(word) > 1 and word.isalpha() and word.isupper():
            return word
    return None


def _is_document(an: Analysis, start: int, end: int, head: int, edition_after: bool, acronym: bool) -> bool:
    """Whether the name start..end with its head at ``head`` names a policy document.

    A general head needs a policy word, unless the text gives the name an acronym of its own ("High
    Level Action Plan (HLAP)"): a plan with an acronym is a formal programme, and the checks after
    this one still turn away equipment, money and industry.
    """
    docs = lexicon().documents
    lower = an.lower
    word = lower[head]
    words = set(lower[start:end])
    capitals = sum(_word(an, k) for k in range(start, end))
    if word == "paper" and (head == 0 or lower[head - 1] != "white"):
        return False
    if capitals < (1 if word == "paper" else 2) or an.is_excluded(an.idx[start]):
        return False  # a one-word name ("Strategy") is not a document's
    if not an.texts[head][:1].isupper():
        # "the Homeland Defence bill": two capitalised words besides a state, one of them a policy word
        named = sum(_word(an, k) and not any(m.start <= k < m.end for m in an.mentions) for k in range(start, head))
        if word != "paper" and (word not in docs.lower_heads or named < 2):
            return False
        if words & docs.institution_words or not words & docs.policy_words:
            return False
    if word in docs.law_heads and not words & docs.plan_words:
        return False  # a law about defence is not a plan of the forces
    policy = words & docs.policy_words or acronym or (word in docs.year_heads and edition_after)
    if word in docs.needs_policy_word and not policy:
        return False
    return not _other_thing(an, start, end, word)


def _other_thing(an: Analysis, start: int, end: int, word: str) -> bool:
    """Whether the name start..end, of a document with head ``word``, names something else: equipment,
    money, an industry fund, an agreement, an office, a body or a department."""
    docs = lexicon().documents
    lower = an.lower
    words = set(lower[start:end])
    if word in docs.industry_heads and words & docs.industry_words:
        return True  # "Defence Industry Programme": a funding instrument
    if words & docs.money_words or words & lexicon().words["equipment_words"]:
        return True  # "Budget Policy Statement", "Air Defence Radar Programme"
    if words & docs.agreement_words:
        return True  # "Framework for Defense Cooperation": an agreement between states
    if words & lexicon().offices.heads:
        return True  # "Secretary of Defense Strategy": an office's name
    if end < len(lower) and (lower[end] in docs.body_words or lower[end] in docs.heads) and _word(an, end):
        return True  # "Strategic Review Board", "Strategy Commission", "Review Act": part of a longer name
    # "Director of the ... Programme": a department that has a head, not a document
    k = start - 1
    if k >= 0 and lower[k] == "the":
        k -= 1
    return k >= 1 and lower[k] == "of" and lower[k - 1] in lexicon().offices.heads


def _named(an: Analysis, head: int, people: dict[str, str]) -> StrategyMention | None:
    """The document whose name ends in the head at ``head``, if it is one."""
    texts, lower = an.texts, an.lower
    anchor = head - 1 if lower[head] == "paper" and head > 0 and lower[head - 1] == "white" else head
    start = _grow_left(an, anchor)
    end, after, edition, state_after = _grow_right(an, head)
    numbered = after > head + 1 and (YEAR.match(texts[head + 1]) or VERSION.match(texts[head + 1])) is not None
    acronym = _acronym(an, after)
    if not _is_document(an, start, after, head, numbered, acronym is not None):
        return None
    year, state, start = _before(an, start, people)
    year = edition or year or _dated(an, start, after)
    state = state or state_after or next((m.code for m in an.mentions if m.start == start), None)
    state = state or _name_holder(an, start, end) or _actor(an, start)
    name = an.span_text(start, end).strip(" -–")
    return StrategyMention(name, acronym, state, year, start, after, an.sent_index(start))


def _dated(an: Analysis, start: int, end: int) -> str | None:
    """The year a sentence says a document was issued: "Japan adopted the National Security Strategy
    in December 2022", "The Strategic Compass was approved in 2022"."""
    texts, lower, n = an.texts, an.lower, len(an.texts)
    verbs = lexicon().documents.issue_verbs
    sent = an.sentences[an.sent_index(start)]
    k = end + 3 if end + 2 < n and texts[end] == "(" and texts[end + 2] == ")" else end
    if k + 1 < n and lower[k] in ("was", "were") and lower[k + 1] in verbs:
        k += 2
    elif not any(lower[i] in verbs for i in range(sent.start, start)):
        return None
    if k < n and lower[k] == "in":
        k += 1
        if k < n and lower[k] in wordlist("months"):
            k += 1
        if k < sent.end and YEAR.match(texts[k]):
            return _edition(texts[k], an)
    return None


def _name_holder(an: Analysis, start: int, end: int) -> str | None:
    """An organisation a word of the name stands for, when the text names it ("ReArm Europe Plan"
    in a text about the EU)."""
    holders = lexicon().documents.name_holders
    named = {m.code for m in an.mentions}
    return next((holders[w] for w in an.lower[start:end] if w in holders and holders[w] in named), None)


def _actor(an: Analysis, start: int) -> str | None:
    """The state that acts on a document named without one: the last one named before it in its
    sentence, unless as a place or a target ("in Poland", "against Russia"); else an organisation
    named so ("The European Commission published a White Paper")."""
    sent = an.sentences[an.sent_index(start)]
    not_actor = wordlist("not_actor")
    found: dict[str, str] = {}
    for m in an.mentions:
        if sent.start <= m.start and m.end <= start:
            before = an.lower[m.start - 1] if m.start > sent.start else ""
            if before in ("the", "a") and m.start - 1 > sent.start:
                before = an.lower[m.start - 2]
            if before not in not_actor:
                found[m.kind] = m.code
    return found.get("country") or found.get("organization")


def _typed(an: Analysis, people: dict[str, str]) -> list[StrategyMention]:
    """Kinds of national document named in lower case: "the government's national security strategy"."""
    lower = lexicon().documents.types
    body_words, heads = lexicon().documents.body_words, lexicon().documents.heads
    words = an.lower
    firsts = {t[0] for t in lower}.intersection(words)
    out = []
    for i in [i for i, w in enumerate(words) if w in firsts] if firsts else ():
        for kind in lower:
            end = i + len(kind)
            if tuple(words[i:end]) != kind or an.is_excluded(an.idx[i]):
                continue
            if end < len(words) and (words[end] in body_words or words[end] in heads) and _word(an, end):
                continue  # "the National Defense Strategy Commission": a body named after the document
            k = i - 1 if i > 0 and words[i - 1] == "new" else i
            if k > 0 and words[k - 1] in INDEFINITE:
                continue  # "a new national security strategy": one to be written, not a named one
            year, state, start = _before(an, i, people)
            year = year or _dated(an, start, end)
            name = an.span_text(start, end)
            out.append(StrategyMention(name, _acronym(an, end), state, year, start, end, an.sent_index(i)))
    return out


def _merged(found: dict[str, StrategyMention]) -> list[StrategyMention]:
    """One mention per document: a name that begins or ends another ("the White Paper", "Defence
    Strategy (NDS)" beside "National Defence Strategy") or shares its acronym is the same one."""
    items = sorted(found.values(), key=lambda m: -len(m.name))
    kept: list[StrategyMention] = []
    for m in items:
        short = m.name.casefold()
        same = next(
            (
                k
                for k in kept
                if k.name.casefold().startswith(short + " ")
                or k.name.casefold().endswith(" " + short)
                or (m.acronym and m.acronym == k.acronym)
            ),
            None,
        )
        if same is None:
            kept.append(m)
            continue
        same.acronym = same.acronym or m.acronym
        same.year = same.year or m.year
        same.holder = same.holder or m.holder
    return sorted(kept, key=lambda m: m.start)


def _unbounded(an: Analysis, mention: StrategyMention) -> bool:
    """Whether a name runs to the start of a sentence in title case, where every word is capitalised
    and the name's first word cannot be seen ("Japan Adopts New National Security Strategy"): there
    only a name that something other than a word bounds ("... of the 2024 Future Years Defense
    Program") or a kind of document known by name counts."""
    span = an.sentences[mention.sent]
    return mention.start == span.start and _title_case(an, mention.sent)


def _title_case(an: Analysis, sent: int) -> bool:
    """Whether a sentence is written in title case: four or more words, and none of five letters or
    more in lower case (title case leaves only short words such as "of", "the", "with" so)."""
    span = an.sentences[sent]
    words = [an.texts[k] for k in range(span.start, span.end) if an.is_alpha(k)]
    return len(words) >= 4 and not any(len(w) > 4 and w[:1].islower() for w in words)


def _people(officials: Sequence[Official]) -> dict[str, str]:
    """Officials' surnames and the states they serve, for "Widodo's white paper"; a surname two
    officials of different states share names neither."""
    people: dict[str, str] = {}
    shared: set[str] = set()
    for o in officials:
        if o.holder:
            if people.get(o.surname, o.holder) != o.holder:
                shared.add(o.surname)
            people[o.surname] = o.holder
    return {name: holder for name, holder in people.items() if name not in shared}


def find_strategies(analysis: Analysis, officials: Sequence[Official] = ()) -> list[StrategyMention]:
    """Named documents in the article, one per name; an acronym given beside a name is kept."""
    docs = lexicon().documents
    texts, lower, idx = analysis.texts, analysis.lower, analysis.idx
    found: dict[str, StrategyMention] = {}
    heads = docs.heads.intersection(lower)  # the few heads the article has, if any
    # "President Widodo's defence white paper": the state an official serves
    people = _people(officials)
    at = [i for i, word in enumerate(lower) if word in heads] if heads else []
    named = [m for m in (_named(analysis, i, people) for i in at) if m and not _unbounded(analysis, m)]
    for mention in named + _typed(analysis, people):
        key = mention.name.casefold()
        if key not in found:
            found[key] = mention
        else:
            old = found[key]
            old.acronym = old.acronym or mention.acronym
            old.year = old.year or mention.year
            old.holder = old.holder or mention.holder
    # A document named by its acronym alone ("the SDR", "the U.S. NDS"), when its full name never appears.
    acronyms_seen = {m.acronym for m in found.values() if m.acronym}
    full_names = {m.name.casefold() for m in found.values()}
    acronyms = docs.acronyms.keys() & texts
    for i in [i for i, text in enumerate(texts) if text in acronyms] if acronyms else ():
        text = texts[i]
        expansion = docs.acronyms[text]
        if expansion is None or text in acronyms_seen or expansion.casefold() in full_names:
            continue
        if analysis.is_excluded(idx[i]) or text.casefold() in found:
            continue
        year, state, _ = _before(analysis, i, people)
        found[text.casefold()] = StrategyMention(text, text, state, year, i, i + 1, analysis.sent_index(i))
    return _merged(found)
