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


# --- NUL bytes in JSON Lines ----------------------------------------------------------------------


def record(number: int, text: str = "Poland will spend 4.7% of GDP on defence in 2025.") -> bytes:
    return json.dumps({"id": f"news-{number}", "text": text}).encode() + b"\n"


def test_a_nul_byte_near_the_start_of_json_lines_rejects_only_its_line(tmp_path: Path):
    """A NUL in line 2 is treated as one past the first 8 KB is: that line is refused, the rest read."""
    bad = record(2).replace(b"Poland", b"Pol\x00and")
    filler = b"".join(record(n) for n in range(3, 200))  # well past the 8 KB a binary file is judged by
    early, late = tmp_path / "early.jsonl", tmp_path / "late.jsonl"
    early.write_bytes(record(1) + bad + filler)
    late.write_bytes(record(1) + filler + bad)

    early_items, late_items = read(early), read(late)

    assert [a.id for a in early_items if isinstance(a, Article)] == ["news-1", *(f"news-{n}" for n in range(3, 200))]
    [early_error] = [e for e in early_items if isinstance(e, ReadError)]
    [late_error] = [e for e in late_items if isinstance(e, ReadError)]
    assert early_error.source == f"{early}:2"
    assert early_error.message == late_error.message
    assert early_error.message == "invalid JSON: a NUL byte at column 30 (binary data, not text)"


def test_a_nul_byte_on_the_first_line_rejects_only_that_line(tmp_path: Path):
    path = tmp_path / "first.jsonl"
    path.write_bytes(record(1).replace(b"Poland", b"\x00") + record(2))

    items = read(path)

    assert [a.id for a in items if isinstance(a, Article)] == ["news-2"]
    assert [e.source for e in items if isinstance(e, ReadError)] == [f"{path}:1"]


@pytest.mark.parametrize(
    "content",
    [b"\x1f\x8b\x08\x00" + bytes(range(256)) * 64, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\n\x00\x01" * 4000],
    ids=["gzip", "png"],
)
def test_a_binary_file_named_jsonl_is_still_refused_in_one_line(tmp_path: Path, content: bytes):
    path = tmp_path / "data.jsonl"
    path.write_bytes(content)

    assert [str(item) for item in read(path)] == [f"{path}: binary file, not text"]


# --- feed item ids -------------------------------------------------------------------------------

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Defence news</title>
<item><title>Estonia to Raise Defense Spending to 5.4% of GDP From 2026</title>
<link>https://thedefensepost.com/2025/03/19/estonia-defense-spending/amp/</link>
<guid>https://thedefensepost.com/2025/03/19/estonia-defense-spending/amp/</guid>
<description>Estonia will spend 5.4% of GDP on defence from 2026.</description></item>
<item><title>Poland raises defence spending to 4.7% of GDP</title>
<link>https://news.example.org/?p=1234</link>
<description>Poland will spend 4.7% of GDP on defence in 2025.</description></item>
<item><title>Poland raises defence spending to 4.7% of GDP</title>
<link>https://news.example.org/?p=1235</link>
<description>The same headline on another item.</description></item>
<item><title>Borduria sets a target</title><guid isPermaLink="false">wire-2025-0412</guid>
<description>Borduria will spend 3% of GDP by 2030.</description></item>
</channel></rss>
"""


def test_a_feed_item_id_is_a_short_slug_of_its_address_or_title_and_a_short_hash(tmp_path: Path):
    path = tmp_path / "news.rss"
    path.write_text(FEED, encoding="utf-8")

    ids = [a.id for a in read(path)]

    assert ids == [
        "estonia-defense-spending-4b07c4",  # the address's slug, without its "amp"
        "poland-raises-defence-spending-to-4-7-of-gdp-c006df",  # an address with no words: the title
        "poland-raises-defence-spending-to-4-7-of-gdp-7d4601",  # the same title, another item: another id
        "wire-2025-0412",  # the feed's own id, already short and safe
    ]
    assert ids == [a.id for a in read(path)], "the same item gets the same id every time"
