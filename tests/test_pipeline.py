"""The pipeline end to end, as a user runs it: articles in, facts files or a store out.

Bad inputs of every kind in one batch: each gets one line naming it and the problem, everything
else is extracted and stored, and the exit code says something failed.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.facts import load_facts
from kg.pipeline import output_path
from kg.settings import SAMPLES_DIR
from kg.store import Store
from tests.conftest import table_row

GOOD = (
    "Estonia raises defence budget\n\n"
    "Defence Minister Ana Petrova said Estonia will spend 3% of GDP on defence by 2030.\n"
)
PAGE = SAMPLES_DIR / "pages" / "sweden-defence-plan.html"


@pytest.fixture
def web(tmp_path: Path):
    """A real HTTP server on 127.0.0.1 serving a folder of pages."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "sweden.html").write_bytes(PAGE.read_bytes())
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def batch(tmp_path: Path, web: str) -> tuple[list[str], dict[str, str]]:
    """Good and bad inputs together; returns the arguments and, for each bad one, what its line must say."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "empty.txt").write_text("")
    (folder / "latin1.txt").write_bytes(
        "Caf\xe9 talks\n\nBorduria will spend 2% of GDP on defence.\n".encode("latin-1")
    )
    with open(folder / "huge.txt", "wb") as f:  # 50 MB, sparse: written in no time
        f.seek(50 * 1024 * 1024)
        f.write(b"x")
    (folder / "broken.html").write_text(
        "<html><body><h1>Borduria budget<p>Borduria's defence budget for 2025 is 4 billion euros.<div>",
        encoding="utf-8",
    )
    (folder / "broken.rss").write_text("<rss><channel><item><title>half", encoding="utf-8")
    unreachable = f"http://127.0.0.1:{_closed_port()}/gone.html"
    args = [str(folder), f"{web}/sweden.html", unreachable, f"{web}/missing.html"]
    problems = {
        "binary.txt": "binary",
        "empty.txt": "empty",
        "huge.txt": "too large",
        "broken.rss": "no article text",
        unreachable: "cannot fetch",
        "missing.html": "404",
    }
    return args, problems


def test_ingest_a_batch_with_bad_inputs(kg, batch) -> None:
    args, problems = batch
    result = kg("ingest", *args)
    assert result.exit_code == 1
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    for name, problem in problems.items():
        lines = [line for line in rejected if name in line]
        assert len(lines) == 1 and problem in lines[0].lower(), (name, rejected)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert any("latin1.txt" in w and "utf-8" in w.lower() for w in warnings), warnings
    with Store(kg.store_path, read_only=True) as store:
        stored = set(store.article_ids())
    assert {"good", "latin1", "broken"} <= stored
    assert any(s.startswith("sweden") for s in stored), stored


def test_extract_writes_one_facts_file_per_article(kg, batch, tmp_path: Path) -> None:
    args, _ = batch
    out = tmp_path / "facts"
    result = kg("extract", *args, "--out", out, store=False)
    assert result.exit_code == 1  # the bad inputs
    names = sorted(p.stem for p in out.glob("*.json"))
    assert {"good", "latin1", "broken"} <= set(names)
    good = load_facts(out / "good.json")
    assert [o.name for o in good.officials] == ["Ana Petrova"]
    (target,) = good.spending_targets
    assert (target.value, target.unit, target.deadline) == (3.0, "percent_gdp", "2030")
    sentence = target.evidence.sentence
    assert GOOD[target.evidence.start : target.evidence.end] == sentence


def test_extracted_facts_ingest_to_the_same_graph_as_the_article(kg, tmp_path: Path) -> None:
    article = tmp_path / "good.txt"
    article.write_text(GOOD, encoding="utf-8")
    assert kg("ingest", article).exit_code == 0
    assert kg("extract", article, "--out", tmp_path / "facts", store=False).exit_code == 0
    again = kg("ingest", tmp_path / "facts" / "good.json")
    assert again.exit_code == 0
    assert table_row(again.stdout, "triples added") == "0"


def test_hand_edited_facts_file_is_ingested_as_it_is(kg, tmp_path: Path) -> None:
    article = tmp_path / "good.txt"
    article.write_text(GOOD, encoding="utf-8")
    kg("extract", article, "--out", tmp_path / "facts", store=False)
    path = tmp_path / "facts" / "good.json"
    data = json.loads(path.read_text())
    data["spending_targets"][0]["deadline"] = "2031"  # an analyst corrects the deadline
    path.write_text(json.dumps(data))
    assert kg("ingest", path).exit_code == 0
    with Store(kg.store_path, read_only=True) as store:
        rows = store.oxigraph.query(
            "SELECT ?d WHERE { GRAPH ?g { ?t <https://w3id.org/defense-kg/ontology#deadline> ?d } }"
        )
        assert [r["d"].value for r in rows] == ["2031"]


@pytest.mark.parametrize("hostile", ["../../escape", "/etc/passwd", "..", "a/../../b", "C:\\evil"])
def test_article_ids_never_choose_a_path_outside_the_folder(tmp_path: Path, hostile: str) -> None:
    out = tmp_path / "out"
    path = output_path(out, hostile)
    assert path.parent == out.resolve()


def test_jsonl_records_with_hostile_ids_are_written_inside_the_folder(kg, tmp_path: Path) -> None:
    records = tmp_path / "feed.jsonl"
    records.write_text(
        "\n".join(json.dumps({"id": i, "text": GOOD}) for i in ("../../escape", "/etc/passwd", "ok")) + "\n"
    )
    out = tmp_path / "out"
    result = kg("extract", records, "--out", out, store=False)
    assert result.exit_code == 0, result.output
    written = list(out.iterdir())
    assert len(written) == 3 and all(p.parent == out for p in written)
    assert not (tmp_path / "escape.json").exists()


def test_the_same_official_in_two_articles_is_one_node(kg, tmp_path: Path) -> None:
    for name, text in {
        "a": "Defence Minister Ana Petrova met Foreign Minister Ivo Kral in Paris on Monday.\n",
        "b": "Borduria's Defence Minister Ana Petrova said spending would rise.\n",
    }.items():
        (tmp_path / f"{name}.txt").write_text(text)
    assert kg("ingest", tmp_path / "a.txt", tmp_path / "b.txt").exit_code == 0
    with Store(kg.store_path, read_only=True) as store:
        rows = list(
            store.oxigraph.query(
                "SELECT DISTINCT ?o ?g WHERE { GRAPH ?g { ?o a <https://w3id.org/defense-kg/ontology#Official> ;"
                " <http://www.w3.org/2000/01/rdf-schema#label> 'Ana Petrova' } }"
            )
        )
    assert len({r["o"].value for r in rows}) == 1
    assert len({r["g"].value for r in rows}) == 2


def _quads(path: Path) -> set[str]:
    with Store(path, read_only=True) as store:
        return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)}


def test_ingest_with_workers_stores_what_a_single_process_stores(kg, batch, tmp_path: Path) -> None:
    """`--workers 2` extracts in two processes: same rejections, same warnings, the same quads."""
    args, _ = batch
    serial = kg("ingest", *args)
    parallel = kg("ingest", *args, "--workers", "2", "--store", tmp_path / "parallel", store=False)
    assert parallel.exit_code == serial.exit_code == 1
    assert sorted(parallel.stderr.splitlines()) == sorted(serial.stderr.splitlines())
    assert _quads(tmp_path / "parallel") == _quads(kg.store_path)


def test_workers_write_in_batches_and_replace_changed_articles(tmp_path: Path, monkeypatch) -> None:
    """Many articles over several write transactions; an article ingested again is replaced, not doubled."""
    from kg import pipeline

    monkeypatch.setattr(pipeline, "WRITE_BATCH", 3)
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(10):
        (folder / f"a{n}.txt").write_text(
            f"Borduria budget {n}\n\nDefence Minister Ana Petrova said Estonia will spend {n + 1}% of GDP "
            f"on defence by {2030 + n}.\n",
            encoding="utf-8",
        )
    with Store(tmp_path / "serial") as store:
        first = pipeline.ingest(store, [folder])
    assert first.articles == 10 and not first.errors
    (folder / "a3.txt").write_text("Estonia budget 3\n\nEstonia will spend 9% of GDP on defence by 2040.\n")
    with Store(tmp_path / "serial") as store:
        again = pipeline.ingest(store, [folder], workers=2)
        assert not again.errors and again.articles == 10
        assert [r.article_id for r in again.results if r.changed] == ["a3"]
        assert again.removed > 0 and again.added > 0
    with Store(tmp_path / "fresh") as store:
        pipeline.ingest(store, [folder], workers=2)
    assert _quads(tmp_path / "serial") == _quads(tmp_path / "fresh")
