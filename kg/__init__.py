"""defense-kg: a knowledge graph of defence spending built from news.

The pipeline, one module a step: facts (``kg.facts``) -> RDF (``kg.rdf``) -> store (``kg.store``)
-> query (``kg.query``) -> view / export (``kg.views``, ``kg.export``). The CLI (``kg.cli``) and the
notebooks call the functions re-exported here.
"""

from kg.errors import FactsError, KGError, QueryError, StoreError
from kg.export import serialize, write
from kg.facts import ArticleFacts, load_facts, parse_facts, save_facts
from kg.pipeline import Report, ingest
from kg.query import named_queries, run_query
from kg.rdf import facts_to_graph
from kg.store import Store, stats

#: Exported on first use, so ``import kg`` stays quick (extraction loads spaCy, views load templates).
_LAZY = {
    "extract_facts": "kg.extract",
    "read_articles": "kg.sources",
    "Article": "kg.sources",
    "network": "kg.network",
    "views": "kg.views",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        return module if module.__name__ == f"kg.{name}" else getattr(module, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


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
