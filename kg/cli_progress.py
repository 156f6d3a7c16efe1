"""Progress of long runs, on stderr: a bar with the total and the time left where the size is known.

``kg ingest`` and ``kg extract`` report once per input (an article, a facts file, a line of JSON
Lines, an item of a feed, or one that could not be read). How many a batch holds is counted in a
background thread as the batch starts, cheaply: files are listed, JSON Lines lines and feed items
are counted by streaming the bytes (nothing is parsed, nothing is held in memory), so the bar
shows ``1592/10000`` and an estimate of the time left as soon as the count is in. A URL's size is
unknown until it is fetched: then the bar counts without a total.

Runs whose size is not known in advance (an export, a view, a network analysis) show what they
are doing and for how long.
"""

from __future__ import annotations

import glob
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

JSON_LINES = frozenset({".jsonl", ".ndjson"})
FEEDS = frozenset({".rss", ".atom", ".xml"})
FACTS = frozenset({".json", ".yaml", ".yml"})
#: The suffixes a folder read picks up (``kg.sources.registry.READERS``; a test keeps them the same).
ARTICLES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"}) | JSON_LINES | FEEDS

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ITEM = re.compile(rb"<(?:item|entry)[\s>/]")
_CHUNK = 1 << 20
#: Seconds the bar waits for the count before it starts without a total (it gets one when counted).
COUNT_WAIT = 0.5


def count_inputs(paths: Iterable[Path | str]) -> int | None:
    """How many times a batch of ``paths`` reports progress; None when a URL makes it unknown.

    >>> from kg.settings import SAMPLES_DIR
    >>> count_inputs([SAMPLES_DIR / "articles"]) == len(list((SAMPLES_DIR / "articles").iterdir()))
    True
    """
    total = 0
    for item in paths:
        name = os.fspath(item)
        if _URL.match(name):
            return None
        path = Path(name)
        if path.is_dir():
            total += sum(_count_file(f) for f in _folder_files(path))
        elif path.is_file() or not glob.has_magic(name):
            total += _count_file(path)
        else:
            total += sum(_count_file(Path(m)) for m in glob.glob(name, recursive=True) if Path(m).is_file())
    return total


def _folder_files(folder: Path) -> Iterator[Path]:
    """The files a folder read takes: facts files and articles, not hidden, symlinks not followed."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            suffix = Path(name).suffix.lower()
            if not name.startswith(".") and (suffix in ARTICLES or suffix in FACTS):
                yield Path(root, name)


def _count_file(path: Path) -> int:
    """Reports one file gives: a line of JSON Lines or a feed item each, else one."""
    suffix = path.suffix.lower()
    try:
        if suffix in JSON_LINES:
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix in FEEDS:
            return max(1, _count_feed_items(path))
    except OSError:
        pass  # the read itself will report the problem, once
    return 1


def _count_feed_items(path: Path) -> int:
    """``<item>`` and ``<entry>`` tags, read in chunks that overlap so a tag across two is counted once."""
    count, tail = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            data = tail + chunk
            cut = max(0, len(data) - 8)
            count += sum(1 for m in _ITEM.finditer(data) if m.start() < cut)
            tail = data[cut:]
    return count + len(_ITEM.findall(tail))


@contextmanager
def counted(console: Console, description: str, paths: list[str]) -> Iterator[Callable[[str], None]]:
    """A bar for a batch of ``paths``: yields the ``progress`` callback the pipeline calls per input."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(description, total=None, start=True)

    def count() -> None:
        total = count_inputs(paths)
        if total is not None:
            bar.update(task, total=max(total, bar.tasks[0].completed))

    counting = threading.Thread(target=count, name="count-inputs", daemon=True)
    counting.start()
    counting.join(COUNT_WAIT)  # most batches are counted by then: the bar starts with its total
    with bar:

        def advance(_: str) -> None:
            state = bar.tasks[0]
            if state.total is not None and state.completed + 1 > state.total:
                bar.update(task, total=state.completed + 1)  # more than counted (a URL, a file that grew)
            bar.advance(task)

        yield advance


@contextmanager
def activity(console: Console, description: str) -> Iterator[Callable[[str], None]]:
    """A spinner with what a run is doing and for how long; yields a callback to name the next step."""
    bar = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True
    )
    with bar:
        task = bar.add_task(description, total=None)
        yield lambda step: bar.update(task, description=f"{description}: {step}")


__all__ = ["ARTICLES", "activity", "count_inputs", "counted"]
