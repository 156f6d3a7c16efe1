"""READ: articles from files, folders, globs and ``http(s)://`` URLs.

``read_articles`` is the one entry point: it yields an ``Article`` for each article read and a
``ReadError`` for each input that could not be, and never raises for a bad input, so one broken
file does not stop a batch. An input past a size, count or time limit (``kg.settings``) is refused
the same way, naming the limit and the environment variable that raises it. Each format has its
own small module (``text``, ``html``, ``jsonl``, ``feeds``, ``urls``); ``registry`` maps file
suffixes to them.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import settings
from kg.sources.article import Article, ReadError
from kg.sources.registry import FACTS_SUFFIXES, READERS, Reader, is_article_file, read_file, register_reader
from kg.sources.text import read_error, safe_id
from kg.sources.urls import read_url

_GLOB_CHARS = re.compile(r"[*?[]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Articles from files, folders (recursively, in sorted order), glob patterns and URLs.

    A folder (or a glob) yields the files whose suffix a reader claims, skipping hidden files and
    facts files (``.json``, ``.yaml``). Each input that cannot be read gives one ``ReadError``
    naming it and the problem, and the rest of the batch is still read. A limit's environment
    variable that is not a positive number is no input's fault: it raises ``settings.SettingsError``
    before anything is read.

    >>> from kg.settings import SAMPLES_DIR
    >>> for item in read_articles([SAMPLES_DIR / "articles" / "germany-budget-2025.txt", "no/such.txt"]):
    ...     print(item.id if isinstance(item, Article) else item)
    germany-budget-2025
    no/such.txt: no such file or folder
    """
    settings.check_limits()
    for item in inputs:
        yield from _read_input(item)


def _read_input(item: str | Path) -> Iterator[Article | ReadError]:
    name = os.fspath(item)
    if not name.strip():
        yield ReadError(repr(name), "an empty name is not a file, folder or URL")
        return
    if _SCHEME.match(name):
        yield from _guarded(name, read_url, name)
        return
    path = Path(name)
    if path.is_dir():
        yield from _read_folder(path)
    elif path.is_file():
        yield from _guarded(name, read_file, path)
    elif path.exists():
        yield ReadError(name, "not a regular file or folder")
    elif _GLOB_CHARS.search(name):
        yield from _read_glob(name)
    else:
        yield ReadError(name, "no such file or folder")


def _guarded(source: str, read, target) -> Iterator[Article | ReadError]:
    """The reader's output; an unexpected exception becomes a ``ReadError`` so the batch goes on."""
    try:
        yield from read(target)
    except settings.SettingsError:
        raise
    except Exception as exc:  # a library crashing on odd input must not end the whole batch
        yield read_error(source, f"unexpected error: {type(exc).__name__}: {exc}")


def _folder_files(folder: Path, errors: list[ReadError]) -> tuple[list[Path], bool]:
    """The article files under a folder in sorted order, and whether it holds facts files."""
    found: list[Path] = []
    has_facts = False

    def unreadable(exc: OSError) -> None:
        errors.append(read_error(str(exc.filename or folder), f"cannot read the folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file_name in files:
            path = Path(root, file_name)
            if is_article_file(path):
                found.append(path)
            elif path.suffix.lower() in FACTS_SUFFIXES:
                has_facts = True
    return sorted(found, key=lambda p: p.relative_to(folder).parts), has_facts


def _read_folder(folder: Path) -> Iterator[Article | ReadError]:
    errors: list[ReadError] = []
    files, has_facts = _folder_files(folder, errors)
    yield from errors
    if not files and not has_facts and not errors:
        yield ReadError(str(folder), f"no article files ({', '.join(sorted(READERS))}) in the folder")
    for path in files:
        yield from _guarded(str(path), read_file, path)


def _read_glob(pattern: str) -> Iterator[Article | ReadError]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield ReadError(pattern, "no files match the pattern")
        return
    errors: list[ReadError] = []
    files: dict[Path, None] = {}  # ordered and without repeats: 'a/**' matches a/ and its files
    for match in matches:
        path = Path(match)
        if path.is_dir():
            files.update(dict.fromkeys(_folder_files(path, errors)[0]))
        elif is_article_file(path):
            files[path] = None
    yield from errors
    if not files and not errors:
        yield ReadError(pattern, "no article files match the pattern")
    for path in _unique(files):
        yield from _guarded(str(path), read_file, path)


def _unique(paths: Iterable[Path]) -> Iterator[Path]:
    """The paths, each file once even when reached by two spellings (``a/b.txt``, ``a/./b.txt``)."""
    seen: set[Path] = set()
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield path


__all__ = ["READERS", "Article", "ReadError", "Reader", "read_articles", "register_reader", "safe_id"]
