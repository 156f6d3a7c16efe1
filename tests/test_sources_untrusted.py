"""READ from an untrusted world: links out of a folder, special files, NUL bytes, feed item ids.

Real files, links and FIFOs in tmp_path; the end-to-end checks run a real `kg ingest` process, with a
timeout, since a reader that opens a FIFO would wait for a writer forever.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import settings
from kg.sources import Article, ReadError, read_articles
from kg.store import Store

KG = [sys.executable, "-m", "kg"]
#: A line no article says: if it reaches the store, a file outside the folder was read.
SECRET = "root:x:0:0:secret-outside-the-folder"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX links and FIFOs")


@pytest.fixture(autouse=True)
def default_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits at their defaults, whatever the environment running the tests sets."""
    for spec in settings.LIMITS.values():
        monkeypatch.delenv(spec.env, raising=False)


def read(*inputs: str | Path) -> list[Article | ReadError]:
    return list(read_articles(inputs))


def ingest(store: Path, *inputs: str | Path) -> subprocess.CompletedProcess[str]:
    """`kg ingest` in a real process; a read that blocks fails the test instead of hanging it."""
    return subprocess.run(
        [*KG, "ingest", *map(str, inputs), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "300"},
    )


def stored_text(store: Path) -> str:
    """Every triple of the store as N-Quads text."""
    with Store(store, read_only=True) as opened:
        return "\n".join(str(quad) for quad in opened.oxigraph.quads_for_pattern(None, None, None, None))


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A folder with one good article, a link to a file outside it, a linked folder outside it, and a FIFO."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(f"{SECRET}\nNATO allies agreed to spend 5% of GDP on defence.\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Poland raises its defence budget\n\nPoland will spend 4.7% of GDP in 2025.\n")
    (folder / "x.txt").symlink_to(outside / "passwd.txt")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_a_folder_read_never_follows_a_link_out_of_it_nor_opens_a_fifo(hostile_folder: Path):
    items = read(hostile_folder)

    assert [a.id for a in items if isinstance(a, Article)] == ["good"]
    assert sorted(str(e) for e in items if isinstance(e, ReadError)) == [
        f"{hostile_folder / 'elsewhere'}: a link to {hostile_folder.parent / 'outside'}, outside "
        f"{hostile_folder}: not followed",
        f"{hostile_folder / 'pipe.txt'}: not a regular file (a FIFO): not read",
        f"{hostile_folder / 'x.txt'}: a link to {hostile_folder.parent / 'outside' / 'passwd.txt'}, outside "
        f"{hostile_folder}: not followed",
    ]


def test_a_link_that_stays_inside_the_folder_is_read_once(tmp_path: Path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "poland.txt").write_text("Poland raises its defence budget\n\nPoland will spend 4.7%.\n")
    (folder / "alias.txt").symlink_to(folder / "sub" / "poland.txt")

    assert [a.id for a in read(folder) if isinstance(a, Article)] == ["poland"]


@pytest.mark.parametrize("kind", ["fifo", "link to a fifo"])
def test_a_special_file_named_directly_is_not_read(tmp_path: Path, kind: str):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    named = fifo
    if kind == "link to a fifo":
        named = tmp_path / "link.txt"
        named.symlink_to(fifo)

    assert [str(e) for e in read(named)] == [f"{named}: not a regular file or folder"]


def test_a_fifo_matched_by_a_pattern_is_not_read(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text("Poland raises its defence budget\n\nPoland will spend 4.7%.\n")

    items = read(str(tmp_path / "*.txt"))

    assert [a.id for a in items if isinstance(a, Article)] == ["good"]
    assert [str(e) for e in items if isinstance(e, ReadError)] == [
        f"{tmp_path / 'pipe.txt'}: not a regular file (a FIFO): not read"
    ]


def test_kg_ingest_of_a_hostile_folder_stores_only_its_own_article(tmp_path: Path, hostile_folder: Path):
    store = tmp_path / "store"

    run = ingest(store, hostile_folder)

    assert run.returncode == 1, run.stderr
    assert f"{hostile_folder / 'x.txt'}: a link to" in run.stderr
    assert f"{hostile_folder / 'pipe.txt'}: not a regular file (a FIFO): not read" in run.stderr
    content = stored_text(store)
    assert "Poland raises its defence budget" in content
    assert SECRET not in content
    assert "passwd" not in content


def test_kg_ingest_never_stores_a_facts_file_linked_from_outside_the_folder(tmp_path: Path):
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"id": "smuggled", "countries": ["JP"]}))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "own.json").write_text(json.dumps({"id": "own", "countries": ["PL"]}))
    (folder / "linked.json").symlink_to(outside)

    run = ingest(tmp_path / "store", folder)

    assert run.returncode == 1, run.stderr
    assert f"{folder / 'linked.json'}: a link to {outside}, outside {folder}: not followed" in run.stderr
    content = stored_text(tmp_path / "store")
    assert "/article/own-" in content
    assert "smuggled" not in content
