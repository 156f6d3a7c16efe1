"""The demo: facts extracted from the bundled sample articles into a fresh store, exported as Turtle and HTML.

Besides the Turtle export it writes the whole-graph view, a few focused views (one country, one
official's neighbourhood, one article) and the index page that links them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kg import export
from kg.errors import KGError
from kg.pipeline import ingest
from kg.settings import SAMPLES_DIR
from kg.store import Store
from kg.views import GraphIndex, write_graph_view, write_index

#: The focused views the demo writes beside the whole graph: (kind of view, what it draws).
DEMO_VIEWS: list[tuple[str, str]] = [
    ("country", "JP"),
    ("entity", "Pete Hegseth"),
    ("article", "nato-hague-summit"),
]


@dataclass
class DemoResult:
    store: Path
    articles: int
    triples: int
    files: list[Path] = field(default_factory=list)


def _is_store(path: Path) -> bool:
    """An Oxigraph (RocksDB) folder has a CURRENT file; only such a folder is ever deleted."""
    return (path / "CURRENT").is_file()


def build_demo(store_path: Path | str, exports: Path | str = "exports") -> DemoResult:
    """Build the demo graph into a fresh store at ``store_path`` and write the views to ``exports``."""
    store_path, exports = Path(store_path), Path(exports)
    if store_path.exists() and any(store_path.iterdir()):
        if not _is_store(store_path):
            raise KGError(f"{store_path}: not empty and not a defense-kg store; choose another --store")
        shutil.rmtree(store_path)
    with Store(store_path) as store:
        report = ingest(store, [SAMPLES_DIR / "articles"])
        if report.errors:
            raise KGError("the sample articles did not load: " + "; ".join(report.errors))
        graph = GraphIndex.from_store(store)
        files = [
            export.write(store, exports / "defense.ttl", "turtle"),
            write_graph_view(
                store, exports / "graph.html", title="defense-kg demo: the whole graph", graph=graph, index=False
            ).path,
        ]
        for kind, target in DEMO_VIEWS:
            files.append(write_graph_view(store, folder=exports, graph=graph, index=False, **{kind: target}).path)
        index = write_index(exports)  # None when exports/index.html is a page of the user's own
        if index is not None:
            files.append(index)
        return DemoResult(store_path, report.articles, len(store), files)
