"""Strategies: named strategy, doctrine and policy documents ("National Defense Strategy (NDS)").

A document's name is a run of capitalised words (with "for", "of", "and" inside, and a dash or a
year in a subtitle) ending in a document head such as Strategy, Review or White Paper; general
heads (Program, Plan) need a policy word in the name, so an equipment programme is not a strategy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.analysis import Analysis
from kg.extract.lexicon import lexicon

YEAR = re.compile(r"^(19|20)\d\d$")


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


def _name_span(an: Analysis, head: int) -> tuple[int, int]:
    """Grow a document name left from its head over capitalised words and connectors."""
    docs = lexicon().documents
    texts, lower, n = an.texts, an.lower, len(an.texts)
    start = head
    while start > 0:
        if (an.is_alpha(start - 1) and _capitalised(texts[start - 1])) or (
            texts[start - 1] in ("-",) and not an.space_after(start - 1)
        ):
            start -= 1
        elif lower[start - 1] in docs.connectors and start - 1 > 0 and _capitalised(texts[start - 2]):
            if lower[start - 1] == "the":
                break
            start -= 1
        else:
            break
    while start < head and (lower[start] in docs.connectors or texts[start] in ("-",)):
        start += 1
    # "White Paper for European Defence – Readiness 2030": a complement after the head
    end = head + 1
    k = end
    while k < n and lower[k] in ("for", "on", "of") and k + 1 < n and _capitalised(texts[k + 1]):
        k += 1
        while k < n:
            joins = k + 1 < n and _capitalised(texts[k + 1])
            if _capitalised(texts[k]) and not an.is_punct[k]:
                k += 1
            elif (texts[k] in ("–", "—", "-") or lower[k] == "and") and joins:
                k += 1  # "White Paper for European Defence – Readiness 2030", "Plan for Security and Defence"
            else:
                break
        end = k
    return start, end


def find_strategies(analysis: Analysis) -> list[StrategyMention]:
    """Named documents in the article, one per name; an acronym in brackets is kept."""
    docs = lexicon().documents
    equipment = lexicon().words["equipment_words"]
    texts, lower, idx = analysis.texts, analysis.lower, analysis.idx
    found: dict[str, StrategyMention] = {}
    acronyms_seen: set[str] = set()
    heads = docs.heads.intersection(lower)  # the few heads the article has, if any
    for i in [i for i, word in enumerate(lower) if word in heads] if heads else ():
        word = lower[i]
        if not texts[i][:1].isupper():
            continue
        start, end = _name_span(analysis, i)
        words = sum(analysis.is_alpha(k) for k in range(start, end))  # a one-word name ("Strategy") is not a document's
        if words < 2 or analysis.is_excluded(idx[start]):
            continue
        lowered = set(lower[start:end])
        if word in docs.needs_policy_word and not lowered & docs.policy_words:
            continue
        if lowered & equipment:
            continue  # "Air Defence Radar Programme" is a procurement, not a strategy
        if word == "paper" and (i == 0 or lower[i - 1] != "white"):
            continue
        name = analysis.span_text(start, end).strip(" -–")
        acronym = None
        if end + 2 < len(texts) and texts[end] == "(" and texts[end + 2] == ")" and texts[end + 1].isupper():
            acronym = texts[end + 1]
            acronyms_seen.add(acronym)
        year = None
        if start > 0 and YEAR.match(texts[start - 1]):
            year = texts[start - 1]
        holder = None
        k = start - (2 if year else 1)
        if k >= 0 and lower[k] in ("'s", "’s"):
            k -= 1
        for m in analysis.mentions:
            if m.end == k + 1 and m.form != "capital":
                holder = m.code
        key = name.casefold()
        mention = StrategyMention(name, acronym, holder, year, start, end, analysis.sent_index(start))
        if key not in found:
            found[key] = mention
        else:
            old = found[key]
            old.acronym = old.acronym or acronym
            old.year = old.year or year
            old.holder = old.holder or holder
    # A document named by its acronym alone ("the SDR"), when its full name never appears.
    full_names = {m.name.casefold() for m in found.values()}
    acronyms = docs.acronyms.keys() & texts
    for i in [i for i, text in enumerate(texts) if text in acronyms] if acronyms else ():
        text = texts[i]
        expansion = docs.acronyms[text]
        if expansion is None or text in acronyms_seen or expansion.casefold() in full_names:
            continue
        if analysis.is_excluded(idx[i]) or text.casefold() in found:
            continue
        found[text.casefold()] = StrategyMention(text, text, None, None, i, i + 1, analysis.sent_index(i))
    # "the White Paper" after "White Paper for European Defence": a short form of a longer name
    names = [m.name.casefold() for m in found.values()]
    return sorted(
        (
            m
            for m in found.values()
            if not any(n != m.name.casefold() and n.startswith(m.name.casefold()) for n in names)
        ),
        key=lambda m: m.start,
    )
