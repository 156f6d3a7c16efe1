"""Strategies: named strategy, doctrine and policy documents ("National Defense Strategy (NDS)").

A document's name is a run of capitalised words (with "for", "of", "and" inside, and a dash or a
year in a subtitle) ending in a document head such as Strategy, Review or White Paper; general
heads (Program, Plan) need a policy word in the name, so an equipment programme is not a strategy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

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


def _name_span(doc: Doc, head: int) -> tuple[int, int]:
    """Grow a document name left from its head over capitalised words and connectors."""
    docs = lexicon().documents
    start = head
    while start > 0:
        tok = doc[start - 1]
        if (tok.is_alpha and _capitalised(tok.text)) or (tok.text in ("-",) and not tok.whitespace_):
            start -= 1
        elif tok.lower_ in docs.connectors and start - 1 > 0 and _capitalised(doc[start - 2].text):
            if tok.lower_ == "the":
                break
            start -= 1
        else:
            break
    while start < head and (doc[start].lower_ in docs.connectors or doc[start].text in ("-",)):
        start += 1
    # "White Paper for European Defence – Readiness 2030": a complement after the head
    end = head + 1
    k = end
    while k < len(doc) and doc[k].lower_ in ("for", "on", "of") and k + 1 < len(doc) and _capitalised(doc[k + 1].text):
        k += 1
        while k < len(doc):
            tok = doc[k]
            joins = k + 1 < len(doc) and _capitalised(doc[k + 1].text)
            if _capitalised(tok.text) and not tok.is_punct:
                k += 1
            elif (tok.text in ("–", "—", "-") or tok.lower_ == "and") and joins:
                k += 1  # "White Paper for European Defence – Readiness 2030", "Plan for Security and Defence"
            else:
                break
        end = k
    return start, end


def find_strategies(analysis: Analysis) -> list[StrategyMention]:
    """Named documents in the article, one per name; an acronym in brackets is kept."""
    docs = lexicon().documents
    doc = analysis.doc
    found: dict[str, StrategyMention] = {}
    acronyms_seen: set[str] = set()
    for i, tok in enumerate(doc):
        if tok.lower_ not in docs.heads or not tok.text[:1].isupper():
            continue
        start, end = _name_span(doc, i)
        words = [t for t in doc[start:end] if t.is_alpha]
        if len(words) < 2 or analysis.is_excluded(doc[start].idx):
            continue
        lowered = {t.lower_ for t in doc[start:end]}
        if tok.lower_ in docs.needs_policy_word and not lowered & docs.policy_words:
            continue
        if lowered & lexicon().words["equipment_words"]:
            continue  # "Air Defence Radar Programme" is a procurement, not a strategy
        if tok.lower_ == "paper" and (i == 0 or doc[i - 1].lower_ != "white"):
            continue
        name = doc[start:end].text.strip(" -–")
        acronym = None
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text.isupper():
            acronym = doc[end + 1].text
            acronyms_seen.add(acronym)
        year = None
        if start > 0 and YEAR.match(doc[start - 1].text):
            year = doc[start - 1].text
        holder = None
        k = start - (2 if year else 1)
        if k >= 0 and doc[k].lower_ in ("'s", "’s"):
            k -= 1
        for m in analysis.mentions:
            if m.end == k + 1 and m.form != "capital":
                holder = m.code
        key = name.casefold()
        mention = StrategyMention(name, acronym, holder, year, start, end, analysis.sent_index(doc[start]))
        if key not in found:
            found[key] = mention
        else:
            old = found[key]
            old.acronym = old.acronym or acronym
            old.year = old.year or year
            old.holder = old.holder or holder
    # A document named by its acronym alone ("the SDR"), when its full name never appears.
    full_names = {m.name.casefold() for m in found.values()}
    for i, tok in enumerate(doc):
        expansion = docs.acronyms.get(tok.text)
        if expansion is None or tok.text in acronyms_seen or expansion.casefold() in full_names:
            continue
        if analysis.is_excluded(tok.idx) or tok.text.casefold() in found:
            continue
        found[tok.text.casefold()] = StrategyMention(tok.text, tok.text, None, None, i, i + 1, analysis.sent_index(tok))
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
