"""defense-kg: a knowledge graph of defence spending built from news.

The pipeline, one module a step: facts (``kg.facts``) -> RDF (``kg.rdf``) -> store (``kg.store``)
-> query (``kg.query``) -> view / export (``kg.views``, ``kg.export``). The CLI (``kg.cli``) and the
notebooks call the functions re-exported here.
"""

from kg.errors import FactsError, KGError, QueryError, StoreError
from kg.export import serialize, write
from kg.facts import ArticleFacts, load_facts, parse_facts, save_facts
from kg.pipeline import IngestReport, ingest
from kg.query import named_queries, run_query
from kg.rdf import facts_to_graph
from kg.store import Store, stats

__all__ = [
    "ArticleFacts",
    "FactsError",
    "IngestReport",
    "KGError",
    "QueryError",
    "Store",
    "StoreError",
    "facts_to_graph",
    "ingest",
    "load_facts",
    "named_queries",
    "parse_facts",
    "run_query",
    "save_facts",
    "serialize",
    "stats",
    "write",
]
