"""EXTRACT: an article's text -> its facts, each with the sentence that states it.

Built from spaCy's blank English pipeline (tokenizer, sentencizer, phrase matchers over lexicons
of general vocabulary) and small rule-based readers, one per kind of fact; runs offline and
deterministically, with no downloaded model.

>>> from kg.extract import extract_facts
>>> from kg.sources import Article
>>> facts = extract_facts(Article("t1", "Defence Minister Jane Roe of Poland said Poland will spend 5% of GDP "
...                               "on defence by 2030."))
>>> [(o.name, o.title, o.country) for o in facts.officials]
[('Jane Roe', 'Defence Minister', 'PL')]
>>> [(t.applies_to, t.value, t.unit, t.deadline) for t in facts.spending_targets]
[(['PL'], 5.0, 'percent_gdp', '2030')]

The readers and the spaCy pipeline load only when ``extract_facts`` or ``read_article`` is first
used: modules that need only vocabulary from here (``kg.extract.offices``) stay cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.extract.extractor import extract_facts, read_article


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg.extract import extractor

        return getattr(extractor, name)
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")


__all__ = ["extract_facts", "read_article"]
