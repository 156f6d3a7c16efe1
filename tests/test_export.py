"""Exports: every format parses back; Turtle agrees across rdflib, pyoxigraph and rapper."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.export import FORMATS, serialize, write
from kg.facts import load_facts
from kg.store import Store


@pytest.fixture
def gold_store(store: Store, gold_files: list[Path], sample_facts_dir: Path) -> Store:
    for path in [*gold_files, *sorted(sample_facts_dir.glob("*.json"))]:
        store.ingest(load_facts(path))
    return store


def _rapper_count(path: Path, syntax: str) -> int:
    if shutil.which("rapper") is None:
        if os.environ.get("CI"):
            pytest.fail("rapper (raptor2-utils) must be installed in CI: `make test` installs it")
        pytest.skip("rapper (Debian's raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"returned (\d+) (?:triples|statements)", done.stderr).group(1))


def test_turtle_parses_to_the_same_count_in_three_parsers(gold_store: Store, tmp_path: Path) -> None:
    path = write(gold_store, tmp_path / "defense.ttl")
    expected = len(gold_store)
    assert len(Graph().parse(path, format="turtle")) == expected
    assert sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)) == expected
    assert _rapper_count(path, "turtle") == expected


def test_reimported_turtle_is_isomorphic_to_the_store(gold_store: Store, tmp_path: Path) -> None:
    path = write(gold_store, tmp_path / "defense.ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), gold_store.union_graph())
    with Store(tmp_path / "second") as second:
        second.oxigraph.load(path=str(path), format=ox.RdfFormat.TURTLE)
        assert second.quad_count() == len(gold_store)


def test_turtle_uses_the_ontology_prefixes(gold_store: Store) -> None:
    text = serialize(gold_store, "turtle").decode()
    for prefix in ("dkg:", "schema:", "prov:", "org:", "country:"):
        assert f"@prefix {prefix}" in text
    assert "country:JP a dkg:Country" in text or "country:JP" in text


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_quad_formats_keep_each_articles_graph(gold_store: Store, tmp_path: Path, fmt: str) -> None:
    path = write(gold_store, tmp_path / f"defense{FORMATS[fmt][2]}", fmt)
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {g.value for g in gold_store.oxigraph.named_graphs()}
    assert sum(len(g) for g in dataset.graphs()) == gold_store.quad_count()
    if fmt == "trig":
        assert _rapper_count(path, "trig") == gold_store.quad_count()


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ntriples", "nt"), ("jsonld", "json-ld")])
def test_triple_formats_parse_back(gold_store: Store, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    path = write(gold_store, tmp_path / f"defense{FORMATS[fmt][2]}", fmt)
    assert isomorphic(Graph().parse(path, format=rdflib_format), gold_store.union_graph())


def test_write_replaces_atomically_and_leaves_no_temporary_file(gold_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out" / "defense.ttl"
    path.parent.mkdir()
    path.write_text("old content")
    write(gold_store, path)
    assert path.read_text().startswith("@prefix")
    assert [p.name for p in path.parent.iterdir()] == ["defense.ttl"]


def test_an_unknown_format_names_the_choices(gold_store: Store) -> None:
    with pytest.raises(KGError, match="turtle, trig, nquads, ntriples, jsonld"):
        serialize(gold_store, "rdfxml")


# --- what an export leaves on disk ---------------------------------------------------------------

#: A `kg export` that stops for good after writing its temporary file, before renaming it.
STUCK_EXPORT = """
import os, sys, time
from kg import export
from kg.store import Store

def stuck(fd):
    print("written", flush=True)
    time.sleep(600)

export.os.fsync = stuck
with Store(sys.argv[1], read_only=True) as store:
    export.write(store, sys.argv[2])
"""


def temporary_files(path: Path) -> list[str]:
    return sorted(name for name in os.listdir(path.parent) if name.startswith(f".{path.name}."))


def test_the_next_export_removes_what_a_killed_export_left(gold_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "defense.ttl"
    proc = subprocess.Popen(
        [sys.executable, "-c", STUCK_EXPORT, str(gold_store.path), str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline() == "written\n"
    finally:
        proc.kill()
        proc.wait()
    [left] = temporary_files(out)
    assert (out.parent / left).stat().st_size > 100_000, "the killed export left its whole temporary file"
    # what is not a stale temporary file of this export stays: a live writer's, a user's, another export's
    kept = [f".defense.ttl.{os.getpid()}.0123abcd.tmp", ".defense.ttl.notes", f".other.ttl.{proc.pid}.0123abcd.tmp"]
    for name in kept:
        (out.parent / name).write_text("keep me")

    write(gold_store, out)

    assert sorted(os.listdir(out.parent)) == sorted(["defense.ttl", *kept])
    assert out.read_text().startswith("@prefix")


def test_an_export_file_gets_the_usual_permissions(gold_store: Store, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        path = write(gold_store, tmp_path / "defense.ttl")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
