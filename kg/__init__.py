"""defense-kg: a knowledge graph of defence spending built from news.

The pipeline, one module a step: facts (``kg.facts``) -> RDF (``kg.rdf``) -> store (``kg.store``)
-> query (``kg.query``) -> view / export (``kg.views``, ``kg.export``). The CLI (``kg.cli``) and the
notebooks call the functions re-exported here.

Every name is imported on first use, so ``import kg`` (and so every ``kg`` command, even ``kg
--help``) costs nothing until a name is used: rdflib, pyoxigraph, pandas and spaCy load only when a
step that needs them runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg import network, views
    from kg.errors import FactsError, KGError, QueryError, StoreError
    from kg.export import serialize, write
    from kg.extract import extract_facts
    from kg.facts import ArticleFacts, load_facts, parse_facts, save_facts
    from kg.pipeline import Report, ingest
    from kg.query import named_queries, run_query
    from kg.rdf import facts_to_graph
    from kg.sources import Article, read_articles
    from kg.store import Store, stats

#: Where each public name lives; a module of the package (``network``, ``views``) is its own entry.
_PUBLIC = {
    "Article": "kg.sources",
    "ArticleFacts": "kg.facts",
    "FactsError": "kg.errors",
    "KGError": "kg.errors",
    "QueryError": "kg.errors",
    "Report": "kg.pipeline",
    "Store": "kg.store",
    "StoreError": "kg.errors",
    "extract_facts": "kg.extract",
    "facts_to_graph": "kg.rdf",
    "ingest": "kg.pipeline",
    "load_facts": "kg.facts",
    "named_queries": "kg.query",
    "network": "kg.network",
    "parse_facts": "kg.facts",
    "read_articles": "kg.sources",
    "run_query": "kg.query",
    "save_facts": "kg.facts",
    "serialize": "kg.export",
    "stats": "kg.store",
    "views": "kg.views",
    "write": "kg.export",
}


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        module = importlib.import_module(_PUBLIC[name])
        value = module if module.__name__ == f"kg.{name}" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


__all__ = [
    "Article",
    "ArticleFacts",
    "FactsError",
    "KGError",
    "QueryError",
    "Report",
    "Store",
    "StoreError",
    "extract_facts",
    "facts_to_graph",
    "ingest",
    "load_facts",
    "named_queries",
    "network",
    "parse_facts",
    "read_articles",
    "run_query",
    "save_facts",
    "serialize",
    "stats",
    "views",
    "write",
]
