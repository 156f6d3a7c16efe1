"""The pipeline as the CLI and notebooks call it: inputs -> facts -> store or files, with a report.

Inputs are facts files (JSON/YAML, stored as they are) and articles (text, HTML, JSON Lines,
feeds, URLs: facts are extracted first). A bad input never stops the batch: it is recorded as
an error naming the input and the problem, and the store holds nothing of it.
"""

from __future__ import annotations

import contextlib
import glob
import multiprocessing
import os
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import ExtractionError, KGError
from kg.facts import FACT_KINDS, FACTS_SUFFIXES, ArticleFacts, iter_facts_paths, load_facts
from kg.sources import Article, ReadError, read_articles, safe_id
from kg.store import IngestResult, Prepared, Store, prepare

GLOB_CHARS = set("*?[")

#: Articles, and quads, written to the store in one atomic step when ingesting a batch: each
#: article is still whole or absent after a crash, and fewer, larger writes cost less.
WRITE_BATCH = 2500
WRITE_BATCH_QUADS = 250_000


@dataclass
class Report:
    """What a batch did: articles handled, facts by kind, triples changed, errors and warnings."""

    results: list[IngestResult] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: int = 0
    held_back: int = 0  # facts less sure than the minimum confidence asked for

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def removed(self) -> int:
        return sum(r.removed for r in self.results)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings

    def count(self, facts: ArticleFacts) -> None:
        self.articles += 1
        self.facts.update({k: n for k, n in facts.count().items() if n})


def _expand(paths: Iterable[Path | str]) -> Iterator[Path | str]:
    """Expand glob patterns the shell left alone; keep everything else as given."""
    for item in paths:
        text = str(item)
        if GLOB_CHARS & set(text) and not Path(text).exists() and "://" not in text:
            matches = sorted(glob.glob(text, recursive=True))
            yield from (Path(m) for m in matches) if matches else [text]
        else:
            yield item


def read_inputs(paths: Iterable[Path | str]) -> Iterator[Path | Article | ReadError]:
    """Facts files (as paths) and articles (read), from files, folders, globs and URLs."""
    for item in _expand(paths):
        text = str(item)
        path = Path(text)
        if "://" in text:
            yield from read_articles([text])
        elif path.is_dir():
            yield from iter_facts_paths([path])
            yield from read_articles([path])
        elif path.suffix.lower() in FACTS_SUFFIXES:
            yield path
        else:
            yield from read_articles([text])


def facts_of(article: Article) -> ArticleFacts:
    """Extract an article's facts (imported here so reading facts files needs no NLP)."""
    from kg.extract import extract_facts

    return extract_facts(article)


def _facts(item: Path | Article, report: Report) -> ArticleFacts:
    if isinstance(item, Path):
        return load_facts(item)
    for note in item.notes:
        report.warnings.append(f"{item.source or item.id}: {note}")
    try:
        return facts_of(item)
    except KGError:
        raise
    except Exception as exc:  # a fault in extraction costs one article, never the batch
        problem = " ".join(line.strip() for line in str(exc).splitlines()[:3] if line.strip())[:300]
        raise ExtractionError(
            f"{_source(item)}: extraction failed ({type(exc).__name__}{': ' + problem if problem else ''}); "
            "the rest of the batch goes on"
        ) from exc


def _source(item: Path | Article) -> str:
    return str(item) if isinstance(item, Path) else (item.source or item.id)


@dataclass
class _Outcome:
    """One input made ready to store (in a worker process when ingesting in parallel)."""

    source: str
    prepared: Prepared | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    held_back: int = 0


def _work(item: Path | Article | ReadError, min_confidence: float = 0.0) -> _Outcome:
    """Read or extract one input's facts and map them to N-Quads; errors become part of the outcome.

    Extracted facts less sure than ``min_confidence`` are held back (a facts file is stored as it is).
    """
    if isinstance(item, ReadError):
        return _Outcome(item.source, error=str(item))
    outcome = _Outcome(_source(item))
    report = Report()
    try:
        facts = _facts(item, report)
        if min_confidence > 0 and isinstance(item, Article):
            facts, outcome.held_back = facts.confident(min_confidence)
        outcome.prepared = prepare(facts)
        outcome.counts = facts.count()
    except KGError as exc:
        outcome.error = str(exc)
    outcome.warnings = report.warnings
    return outcome


def available_cores() -> int:
    """CPU cores this process may use (``--workers 0`` means all of them)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm() -> None:
    """Load the extractor once in the fork server, so each worker starts with it ready."""
    from kg.extract.analysis import pipeline as nlp

    nlp()


def _start_worker(parent_alive: Connection) -> None:
    """A worker's start: it ends when the process that started it ends, then loads the extractor."""
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), name="exit-with-parent", daemon=True).start()
    _warm()


def _exit_with_parent(parent_alive: Connection) -> None:
    """Wait until the parent is gone, then end this worker at once.

    Only the parent holds the other end of ``parent_alive`` and it never writes to it, so the read
    returns only when the parent has closed it or died, even by SIGKILL. Without this a worker would
    outlive it: workers hold their own queues' write ends (and the fork server waits for them), so
    they would never see end-of-file and would sit there, or finish their chunk using CPU for nothing.
    """
    with contextlib.suppress(EOFError, OSError):
        parent_alive.recv_bytes()
    os._exit(1)


def _work_chunk(items: list[Path | Article | ReadError], min_confidence: float = 0.0) -> list[_Outcome]:
    return [_work(item, min_confidence) for item in items]


def _chunks(items: Iterable[Path | Article | ReadError], size: int) -> Iterator[list[Path | Article | ReadError]]:
    chunk: list[Path | Article | ReadError] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: Inputs handed to a worker at a time: fewer round trips between processes.
CHUNK = 8


def _outcomes(
    items: Iterable[Path | Article | ReadError], workers: int, min_confidence: float = 0.0
) -> Iterator[_Outcome]:
    """``_work`` over the inputs, in order; in ``workers`` processes when more than one.

    At most two write batches of inputs are in flight at once, so memory stays flat however many
    articles a batch holds, and the workers go on extracting while this process writes a batch.
    (``concurrent.futures`` rather than ``multiprocessing.Pool``, whose worker-handler thread
    wakes on every pending result and spent a fifth of a core doing nothing.)
    """
    if workers <= 1:
        yield from (_work(item, min_confidence) for item in items)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["kg.pipeline", "kg.extract"])
    in_flight = max(8 * workers, 2 * WRITE_BATCH // CHUNK)  # chunks submitted and not yet read
    parent_alive, alive = context.Pipe(duplex=False)  # ``alive`` stays here: see _exit_with_parent
    with (
        contextlib.closing(parent_alive),
        contextlib.closing(alive),
        ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(parent_alive,)) as pool,
    ):
        pending: deque[Future[list[_Outcome]]] = deque()
        try:
            for chunk in _chunks(items, CHUNK):
                pending.append(pool.submit(_work_chunk, chunk, min_confidence))
                if len(pending) >= in_flight:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            # A caller that stops early: drop what has not started, so the pool shuts down soon.
            for future in pending:
                future.cancel()


def ingest(
    store: Store,
    paths: Iterable[Path | str],
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
    min_confidence: float = 0.0,
) -> Report:
    """Ingest facts files and articles into ``store``; ``progress`` is called after each input.

    With ``workers`` > 1, extraction runs in that many processes (0: one per core) while this
    process writes to the store, in input order, up to ``WRITE_BATCH`` articles per atomic write.
    Extracted facts whose confidence is below ``min_confidence`` are held back (counted in
    ``Report.held_back``).
    """
    report = Report()
    seen: dict[str, str] = {}
    batch: list[tuple[_Outcome, Prepared]] = []
    pending = 0  # quads in the batch

    def flush() -> None:
        if not batch:
            return
        try:
            report.results.extend(store.write([prepared for _, prepared in batch]))
            for outcome, _ in batch:
                report.articles += 1
                report.facts.update({k: n for k, n in outcome.counts.items() if n})
        except KGError as exc:
            report.errors.append(str(exc))
        if progress:
            for outcome, _ in batch:
                progress(outcome.source)
        batch.clear()

    for outcome in _outcomes(read_inputs(paths), workers or available_cores(), min_confidence):
        report.warnings.extend(outcome.warnings)
        report.held_back += outcome.held_back
        prepared = outcome.prepared
        if prepared and prepared.article_id in seen:
            outcome.error = (
                f"{outcome.source}: id {prepared.article_id!r} is also the id of {seen[prepared.article_id]}; "
                "ids must be unique"
            )
        if outcome.error or prepared is None:
            report.errors.append(outcome.error or f"{outcome.source}: nothing to store")
            if progress:
                progress(outcome.source)
            continue
        seen[prepared.article_id] = outcome.source
        batch.append((outcome, prepared))
        pending += prepared.triples
        if len(batch) >= WRITE_BATCH or pending >= WRITE_BATCH_QUADS:
            flush()
            pending = 0
    flush()
    return report


def output_path(out_dir: Path, article_id: str) -> Path:
    """``DIR/NAME.json`` for an article id, never outside ``DIR`` whatever the id says."""
    name = safe_id(article_id)
    path = (out_dir / f"{name}.json").resolve()
    if path.parent != out_dir.resolve():
        raise KGError(f"article id {article_id!r} does not name a file inside {out_dir}")
    return path


def extract(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    progress: Callable[[str], None] | None = None,
    on_facts: Callable[[ArticleFacts], None] | None = None,
) -> Report:
    """Extract the facts of articles into ``out_dir/NAME.json``, one file per article."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = Report()
    seen: dict[Path, str] = {}
    for item in read_inputs(paths):
        if isinstance(item, ReadError):
            report.errors.append(str(item))
        elif isinstance(item, Path):
            report.errors.append(f"{item}: holds facts, not an article (ingest it with 'kg ingest')")
        else:
            try:
                facts = _facts(item, report)
                path = output_path(out_dir, facts.id)
                if path in seen:
                    raise KGError(f"{_source(item)}: writes {path.name}, as {seen[path]} does; ids must be unique")
                seen[path] = _source(item)
                path.write_text(facts.to_json(), encoding="utf-8")
                report.written.append(path)
                report.count(facts)
                if on_facts:
                    on_facts(facts)
            except KGError as exc:
                report.errors.append(str(exc))
        if progress:
            progress(item.source if isinstance(item, ReadError) else _source(item))
    return report


__all__ = ["FACT_KINDS", "Report", "available_cores", "extract", "facts_of", "ingest", "output_path", "read_inputs"]
