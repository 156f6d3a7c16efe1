"""The pipeline as the CLI and notebooks call it: inputs -> facts -> store, with a report.

A bad input never stops the batch: it is recorded as an error naming the file and the problem,
and the store holds nothing of it; every other input is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.facts import FACT_KINDS, ArticleFacts, iter_facts_paths, load_facts
from kg.store import IngestResult, Store


@dataclass
class IngestReport:
    """What a batch did: articles stored, facts by kind, triples added and removed, errors."""

    results: list[IngestResult] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.results)

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def removed(self) -> int:
        return sum(r.removed for r in self.results)

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_facts(store: Store, facts: ArticleFacts, report: IngestReport) -> None:
    """Store one article's facts and count them in ``report``."""
    report.results.append(store.ingest(facts))
    report.facts.update({k: n for k, n in facts.count().items() if n})


def ingest(
    store: Store,
    paths: Iterable[Path | str],
    progress: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest facts files (JSON or YAML) and folders of them into ``store``.

    ``progress`` is called after each input, for a progress bar.
    """
    report = IngestReport()
    seen_ids: dict[str, Path] = {}
    for path in iter_facts_paths(paths):
        try:
            facts = load_facts(path)
            if facts.id in seen_ids:
                raise KGError(f"{path}: id {facts.id!r} is also the id of {seen_ids[facts.id]}; ids must be unique")
            seen_ids[facts.id] = path
            ingest_facts(store, facts, report)
        except KGError as exc:
            report.errors.append(str(exc))
        if progress:
            progress(path)
    return report


def count_inputs(paths: Iterable[Path | str]) -> int:
    """How many inputs ``ingest`` will read (for a progress bar's total)."""
    return sum(1 for _ in iter_facts_paths(paths))


__all__ = ["FACT_KINDS", "IngestReport", "count_inputs", "ingest", "ingest_facts"]
