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
from kg.sources.text import read_error, safe_id, special_file_problem
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


def _link_out(path: Path, folder: Path, root: Path) -> ReadError | None:
    """A ``ReadError`` if ``path`` is a link that leads out of ``folder`` (whose real path is ``root``)."""
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))  # realpath, unlike Path.resolve, never raises on a loop
    if target.is_relative_to(root):
        return None
    return read_error(str(path), f"a link to {target}, outside {folder}: not followed")


def _special(path: Path) -> ReadError | None:
    """A ``ReadError`` if ``path`` is (or links to) a FIFO, socket or device.

    A link to nothing is left to the reader, which reports the file as missing.
    """
    try:
        problem = special_file_problem(path.stat().st_mode)
    except OSError:
        return None
    return read_error(str(path), problem) if problem else None


def _folder_files(folder: Path, errors: list[ReadError]) -> tuple[list[Path], bool]:
    """The article files under a folder in sorted order, and whether it holds facts files.

    Links are followed only while they stay inside the folder: a link out of it gives one
    ``ReadError`` saying it was not followed, so ``ln -s /etc/passwd folder/x.txt`` reads nothing
    outside. A linked folder is never walked (its files inside the folder are read where they are),
    a link to a file that is read anyway under its own name is left out, and FIFOs, sockets and
    devices are never opened.
    """
    root = Path(os.path.realpath(folder))
    found: list[Path] = []
    links: list[Path] = []
    has_facts = False

    def unreadable(exc: OSError) -> None:
        errors.append(read_error(str(exc.filename or folder), f"cannot read the folder: {exc.strerror or exc}"))

    for parent, dirs, files in os.walk(folder, onerror=unreadable):  # os.walk does not enter linked folders
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in dirs:
            if error := _link_out(Path(parent, name), folder, root):
                errors.append(error)
        for file_name in files:
            path = Path(parent, file_name)
            article = is_article_file(path)
            if not article and path.suffix.lower() not in FACTS_SUFFIXES:
                continue
            if error := _link_out(path, folder, root) or _special(path):
                errors.append(error)
            elif not article:
                has_facts = True
            elif path.is_symlink():
                links.append(path)
            else:
                found.append(path)
    real = {p.resolve() for p in found}
    found += [link for link in links if link.resolve() not in real]
    return sorted(found, key=lambda p: p.relative_to(folder).parts), has_facts


def _read_folder(folder: Path) -> Iterator[Article | ReadError]:
    errors: list[ReadError] = []
    files, has_facts = _folder_files(folder, errors)
    yield from sorted(errors, key=lambda error: error.source)
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
