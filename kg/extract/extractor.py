"""The article's facts, read by each reader in turn: places and officials first, since the
readers of strategies, spending and meetings need to know whose words and offices they see.

>>> from kg.sources import Article
>>> facts = extract_facts(Article("t1", "Defence Minister Jane Roe of Poland said Poland will spend 5% of GDP "
...                               "on defence by 2030."))
>>> [(o.name, o.title, o.country) for o in facts.officials]
[('Jane Roe', 'Defence Minister', 'PL')]
"""

from __future__ import annotations

from kg import facts as f
from kg.extract.analysis import Analysis, Sentence, analyse
from kg.extract.meetings import find_meetings
from kg.extract.officials import Official, find_officials, resolve_holders, speaker
from kg.extract.spending import find_spending
from kg.extract.strategies import find_strategies
from kg.sources.article import Article


def _evidence(analysis: Analysis, sent: int) -> f.Evidence:
    span: Sentence = analysis.sentences[sent]
    full = analysis.sentence_texts[sent]
    text = full.strip()
    start = span.start_char + (len(full) - len(full.lstrip()))
    return f.Evidence(sentence=text, start=start, end=start + len(text))


def _rounded(p: float | None) -> float | None:
    return None if p is None else round(p, 3)


def read_article(article: Article) -> tuple[Analysis, list[Official], str | None]:
    """The article analysed, its officials with their states, and its home state: what every
    reader of facts after them starts from."""
    analysis = analyse(article)
    officials = find_officials(analysis)
    # a name that is also a state ("Israel Katz") is the person, not the state
    named = {i for o in officials for m in o.mentions for i in range(m.start, m.end)}
    analysis.mentions = [m for m in analysis.mentions if m.start not in named]
    home = resolve_holders(analysis, officials)
    return analysis, officials, home


def extract_facts(article: Article) -> f.ArticleFacts:
    """All the facts of one article, in the facts schema, with evidence."""
    analysis, officials, home = read_article(article)
    countries = sorted({m.code for m in analysis.mentions if m.kind == "country"})
    organizations = sorted({m.code for m in analysis.mentions if m.kind == "organization"})

    def holder(code: str | None) -> str | None:
        return (
            code
            if code and (f.gazetteer.is_country(code) or code in organizations or f.gazetteer.is_organization(code))
            else None
        )

    out_officials = [
        f.Official(
            name=o.name,
            title=o.title or None,
            country=holder(o.holder),
            former=o.former,
            country_stated=o.holder_stated if holder(o.holder) else None,
            evidence=_evidence(analysis, o.mentions[0].sent),
        )
        for o in officials
    ]
    strategies = [
        f.Strategy(
            name=s.name,
            acronym=s.acronym,
            country=holder(s.holder or home),
            year=s.year,
            evidence=_evidence(analysis, s.sent),
        )
        for s in find_strategies(analysis, officials)
    ]
    targets, spends = find_spending(analysis, officials, home, speaker(officials))
    spending_targets = [
        f.SpendingTarget(
            applies_to=t.holders,
            value=t.value,
            unit=t.unit,
            deadline=t.deadline,
            set_by=t.set_by,
            evidence=_evidence(analysis, t.sent),
            confidence=_rounded(t.confidence),
        )
        for t in targets
    ]
    expenditures = [
        f.Expenditure(
            country=e.holders[0],
            value=e.value,
            unit=e.unit,
            year=e.year,
            kind=e.kind or "budget",
            evidence=_evidence(analysis, e.sent),
            confidence=_rounded(e.confidence),
        )
        for e in spends
    ]
    meetings = [
        f.Meeting(participants=m.participants, location=m.location, date=m.date, evidence=_evidence(analysis, m.sent))
        for m in find_meetings(analysis, officials)
    ]
    return f.ArticleFacts(
        id=article.id,
        url=article.url,
        title=article.title,
        published=article.published,
        countries=countries,
        organizations=organizations,
        officials=out_officials,
        strategies=strategies,
        spending_targets=spending_targets,
        expenditures=expenditures,
        meetings=meetings,
    )


__all__ = ["extract_facts", "read_article"]
