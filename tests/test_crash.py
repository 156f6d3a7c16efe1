"""Crash safety: `kg ingest` and `kg export` killed with SIGKILL at random moments.

What the ingest test proves, for a real `kg ingest` process killed with SIGKILL (no chance to clean up),
20 times, at moments spread over the whole run:

* the store always reopens;
* every article graph in it is exactly the graph a complete ingest gives that article (whole), or is
  not there at all (absent): no partial graph, and no graph a complete ingest would not make;
* what survives is the first articles of the batch, in input order;
* the store conforms to the SHACL shapes;
* running the same `kg ingest` again exits 0 and leaves every article whole, with no duplicates: the
  store then holds exactly the quads of a complete ingest, no more.

The batch is a few hundred facts files: short articles, copies of the project's own facts files, and
last a big article (a thousand expenditures) that makes the last write the longest of the run. Two
complete runs first measure how long a run holds the store open (and must make exactly the reference
graphs); the kills then fall while the store is being created, right after it opens, and at moments
spread evenly over the time it is open: while articles are read and prepared, inside a write, between
writes, while the store is closed. The moments come from a seeded random generator: every failure
message names the seed, and ``KG_CRASH_SEED=N`` replays a run or tries another.

What the export test proves: `kg export -o FILE` killed while it writes over a good export leaves
FILE as the old export or as the new one, complete; never a truncated file.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from kg import export as export_module
from kg import gazetteer, pipeline
from kg import namespaces as ns
from kg.cli import app
from kg.errors import KGError
from kg.facts import parse_facts
from kg.settings import PROJECT_ROOT, SAMPLES_DIR
from kg.store import WRITER_FILE, Store
from kg.validate import validate_graph

SEED = int(os.environ.get("KG_CRASH_SEED", "20240917"))
KG = [sys.executable, "-m", "kg"]

#: Short articles first: enough that a writer committing a few hundred articles a transaction
#: still commits some before the end.
BRIEFS = 210
#: The last article's expenditures: its transaction is the longest of the run.
BIG_EXPENDITURES = 1000
#: Kills while the store folder is being created, then one right after the store is open, then
#: kills spread over the ingest.
CREATION_KILLS = 1
SPREAD_KILLS = 18
#: Runs of `kg ingest` at once (the machine has two cores; checks run in this process meanwhile).
AT_ONCE = 2

FACTS_FOLDERS = [
    PROJECT_ROOT.parent / "shared" / "corpus" / "dev",
    SAMPLES_DIR / "facts",
    PROJECT_ROOT / "tests" / "fixtures" / "heldout",
]

Graphs = dict[ox.NamedNode | ox.DefaultGraph, frozenset[ox.Triple]]


# --- the batch, and what a complete ingest makes of it ----------------------------------------------
def big_article(article_id: str, expenditures: int) -> dict:
    return {
        "id": article_id,
        "title": "Every budget line",
        "countries": ["JP"],
        "expenditures": [
            {"country": "JP", "value": float(i + 1), "unit": "JPY", "year": "2025", "kind": "budget"}
            for i in range(expenditures)
        ],
    }


def write_batch(folder: Path) -> None:
    """Short articles, copies of the project's facts files (each with its own id, some trimmed), the big one.

    The names sort in that order, which is the order `kg ingest` takes a folder's files in.
    """
    folder.mkdir(parents=True)
    countries, organizations = sorted(gazetteer.countries()), sorted(gazetteer.organizations())
    for i in range(BRIEFS):
        brief = {
            "id": f"brief-{i:03d}",
            "title": f"Brief {i}",
            "countries": sorted({countries[i % len(countries)], countries[(7 * i + 3) % len(countries)]}),
            "organizations": [organizations[i % len(organizations)]] if i % 4 == 0 else [],
        }
        (folder / f"a-{i:03d}.json").write_text(json.dumps(brief), encoding="utf-8")
    sources = [p for d in FACTS_FOLDERS if d.is_dir() for p in sorted(d.glob("*.json"))]
    assert sources, "no facts files to copy"
    for i, source in enumerate(sources):
        data = json.loads(source.read_text(encoding="utf-8"))
        data["id"] = f"copy-{i:03d}"
        data["title"] = f"{data.get('title') or 'Untitled'} (copy {i})"
        if i % 3 == 1:  # vary the content too, not just the names
            for kind in ("officials", "meetings", "expenditures"):
                data[kind] = (data.get(kind) or [])[:-1]
        (folder / f"b-{i:03d}.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "z-big.json").write_text(json.dumps(big_article("big", BIG_EXPENDITURES)), encoding="utf-8")


def graphs_of(store: Store) -> Graphs:
    """The article graphs (the default graph, their merge, is checked apart: ``merge_problems``)."""
    graphs: dict = defaultdict(set)
    for quad in store.article_quads():
        graphs[quad.graph_name].add(quad.triple)
    return {name: frozenset(triples) for name, triples in graphs.items()}


def merge_problems(path: Path) -> list[str]:
    """The default graph must be the merge of the article graphs the store holds, whatever a kill left."""
    try:
        db = ox.Store.read_only(str(path))
    except (OSError, RuntimeError):
        return []  # killed while the database was being created: the reopen below says what is wrong
    merged = {q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    stated = {q.triple for q in db.quads_for_pattern(None, None, None, None) if isinstance(q.graph_name, ox.NamedNode)}
    if merged == stated:
        return []
    return [
        f"the default graph is not the merge: {len(merged - stated)} triples too many, {len(stated - merged)} missing"
    ]


@dataclass(frozen=True)
class Batch:
    """The facts files, the article graphs in the order `kg ingest` stores them, and a complete ingest's graphs."""

    folder: Path
    order: list[ox.NamedNode]
    reference: Graphs

    @property
    def quads(self) -> int:
        return sum(len(triples) for triples in self.reference.values())


def reference_batch(root: Path) -> Batch:
    """Write the batch and ingest it once, whole."""
    folder = root / "inputs"
    write_batch(folder)
    with Store(root / "reference") as store:
        report = pipeline.ingest(store, [folder])
        assert report.ok and not report.errors, report.errors + report.warnings
        order = [ox.NamedNode(r.graph) for r in report.results]
        reference = graphs_of(store)
    assert set(reference) == set(order)
    assert order[-1] == ox.NamedNode(str(ns.article_iri("big")))
    return Batch(folder, order, reference)


# --- a trial: start `kg ingest`, SIGKILL it, look at what is left, run the same ingest again ------------
@dataclass(frozen=True)
class Kill:
    number: int
    after: str  # "store folder" (the store is being created) or WRITER_FILE (the store is open)
    delay: float  # seconds from then to SIGKILL

    def __str__(self) -> str:
        return f"kill {self.number} (seed {SEED}): SIGKILL {self.delay * 1000:.0f} ms after the {self.after} appeared"


@dataclass
class Outcome:
    kill: Kill
    path: Path
    survived: int = 0
    finished_first: bool = False
    problems: list[str] = field(default_factory=list)

    def phase(self, batch: Batch) -> str:
        """Where in the run the kill fell, as the store it left shows."""
        if self.finished_first:
            return "after kg ingest had ended"
        if self.survived == 0:
            return "while the store was created" if self.kill.after == "store folder" else "before the first commit"
        if self.survived < len(batch.order) - 1:
            return "with some articles committed"
        if self.survived == len(batch.order) - 1:
            return "with all but the big article committed"
        return "after the last commit"


def plan_kills(rng: random.Random, run: float) -> list[Kill]:
    """Kill moments over the whole time a run holds the store open (``run`` seconds), and a little after.

    Stratified: one kill at a random moment in each of SPREAD_KILLS equal stretches of that time.
    """
    kills = [Kill(n, "store folder", rng.uniform(0.0, 0.02)) for n in range(CREATION_KILLS)]
    kills.append(Kill(len(kills), WRITER_FILE, 0.0))
    for k in range(SPREAD_KILLS):
        kills.append(Kill(len(kills), WRITER_FILE, (k + rng.random()) / SPREAD_KILLS * 1.05 * run))
    return kills


def has_ended(proc: subprocess.Popen) -> bool:
    """Whether the process has exited, without reaping it: its id stays its own until ``proc.wait()``."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while not ready():
        if has_ended(proc):
            raise AssertionError(f"{proc.args}: ended before {what}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{proc.args}: no {what} after 60 s")
        time.sleep(0.001)


def start(args: list[str]) -> subprocess.Popen:
    """A `kg` command in a process group of its own."""
    return subprocess.Popen(
        [*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def kill_at(proc: subprocess.Popen, ready: Callable[[], bool], what: str, delay: float) -> bool:
    """SIGKILL ``proc`` ``delay`` seconds after ``ready()``; True if it had ended by itself before that.

    The signal goes to its process group: the `kg` process, and any helper process it started.
    """
    try:
        wait_until(ready, proc, what)
        time.sleep(delay)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    return proc.returncode != -signal.SIGKILL


class Checks:
    """What is checked after a kill, in this process, one killed store at a time."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.validated: dict[int, list[str]] = {}

    def shape_violations(self, store: Store, survived: int) -> list[str]:
        """Validate the store. Stores already shown to hold the same whole articles share one validation."""
        if survived not in self.validated:
            report = validate_graph(store.union_graph())
            found = [str(v) for v in report.violations if v.severity == "Violation"]
            self.validated[survived] = found if report.conforms or found else [report.summary()]
        return self.validated[survived]

    def after_kill(self, outcome: Outcome) -> None:
        outcome.problems += merge_problems(outcome.path)  # read before a writer opens it (and makes the merge)
        try:
            store = Store(outcome.path)
        except (KGError, OSError) as exc:
            outcome.problems.append(f"the store does not reopen: {exc}")
            return
        with store:
            graphs = graphs_of(store)
            for name, triples in graphs.items():
                whole = self.batch.reference.get(name)
                if whole is None:
                    outcome.problems.append(f"a graph no complete ingest makes: {name} ({len(triples)} triples)")
                elif triples != whole:
                    outcome.problems.append(
                        f"{name} is not whole: it holds {len(triples)} triples, "
                        f"{len(triples & whole)} of the {len(whole)} a complete ingest gives it"
                    )
            outcome.survived = sum(1 for name in self.batch.order if name in graphs)
            if set(graphs) != set(self.batch.order[: outcome.survived]):
                outcome.problems.append(f"what survived is not the first {outcome.survived} articles of the batch")
            if not outcome.problems:
                outcome.problems += [f"shapes: {v}" for v in self.shape_violations(store, outcome.survived)]

    def ingest_again(self, outcome: Outcome) -> None:
        result = CliRunner().invoke(app, ["ingest", str(self.batch.folder), "--store", str(outcome.path)])
        if result.exit_code != 0:
            outcome.problems.append(f"the second ingest exited {result.exit_code}: {result.output[-2000:]}")
            return
        with Store(outcome.path, read_only=True) as store:
            graphs = graphs_of(store)
        outcome.problems += [f"after the second ingest: {m}" for m in merge_problems(outcome.path)]
        # a store holds each quad once: "no duplicates" means no graph holds more than a complete ingest's
        unlike = [n for n in set(graphs) | set(self.batch.reference) if graphs.get(n) != self.batch.reference.get(n)]
        if unlike:
            outcome.problems.append(f"after the second ingest, graphs unlike a complete ingest's: {unlike[:5]}")
        quads = sum(len(triples) for triples in graphs.values())
        if quads != self.batch.quads:
            outcome.problems.append(
                f"after the second ingest: {quads} quads; a complete ingest makes {self.batch.quads}"
            )


def run_until_killed(kill: Kill, batch: Batch, root: Path) -> Outcome:
    path = root / f"store-{kill.number:02d}"
    proc = start(["ingest", str(batch.folder), "--store", str(path)])
    ready = path.exists if kill.after == "store folder" else (path / WRITER_FILE).exists
    outcome = Outcome(kill, path, finished_first=kill_at(proc, ready, kill.after, kill.delay))
    if outcome.finished_first and proc.returncode != 0:
        outcome.problems.append(f"kg ingest failed by itself ({proc.returncode}) before the kill")
    return outcome


def complete_run(batch: Batch, path: Path) -> float:
    """Run `kg ingest` to its end; how long it held the store open (its WRITER_FILE was there)."""
    proc = start(["ingest", str(batch.folder), "--store", str(path)])
    writer = path / WRITER_FILE
    wait_until(writer.exists, proc, WRITER_FILE)
    opened = time.monotonic()
    while writer.exists() and not has_ended(proc):
        time.sleep(0.001)
    took = time.monotonic() - opened
    proc.wait()
    assert proc.returncode == 0, proc.stderr.read()
    proc.stderr.close()
    return took


def time_complete_runs(batch: Batch, root: Path) -> float:
    """How long `kg ingest` holds the store open, two runs at a time as the killed ones will be.

    Each complete run must make exactly the reference graphs.
    """
    paths = [root / f"complete-{n}" for n in range(AT_ONCE)]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        took = list(pool.map(lambda path: complete_run(batch, path), paths))
    for path in paths:
        with Store(path, read_only=True) as store:
            assert graphs_of(store) == batch.reference, "a complete `kg ingest` makes other graphs than the reference"
        shutil.rmtree(path)
    return max(took)


def test_a_killed_ingest_leaves_each_article_whole_or_absent_and_running_it_again_completes_it(
    tmp_path: Path,
) -> None:
    """SIGKILL `kg ingest` at 20 moments over its run: each time the store reopens, conforms to the shapes and
    holds only whole articles, the first ones of the batch; the same ingest run again completes it exactly."""
    batch = reference_batch(tmp_path)
    run = time_complete_runs(batch, tmp_path)
    rng = random.Random(SEED)
    kills = plan_kills(rng, run)
    rng.shuffle(kills)  # early and late kills alike all through the test
    checks = Checks(batch)
    outcomes = []
    # the runs to kill go on in their own processes while this one checks the stores they leave
    with ThreadPoolExecutor(AT_ONCE) as pool:
        for done in as_completed([pool.submit(run_until_killed, kill, batch, tmp_path) for kill in kills]):
            outcome = done.result()
            checks.after_kill(outcome)
            checks.ingest_again(outcome)
            shutil.rmtree(outcome.path)
            outcomes.append(outcome)
    outcomes.sort(key=lambda o: o.kill.number)

    phases = Counter(o.phase(batch) for o in outcomes)
    summary = "\n".join(
        [
            f"seed {SEED}: {len(batch.order)} articles, {batch.quads} quads; "
            f"a complete run held the store open {run:.2f} s; kills by phase: {dict(phases)}"
        ]
        + [
            f"  {o.kill} ({o.kill.delay / run:.0%} of a complete run): "
            f"{o.survived} articles survived ({o.phase(batch)})"
            for o in outcomes
        ]
    )
    print(summary)
    failures = [f"{o.kill}, {o.survived} articles survived: {p}" for o in outcomes for p in o.problems]
    assert not failures, "\n".join(failures) + "\n" + summary
    assert len(outcomes) >= 20
    # the kills were spread: some came before the run had committed everything
    assert phases["before the first commit"] + phases["with some articles committed"] >= 3, summary


# --- export -------------------------------------------------------------------------------------------
EXPORT_KILLS = 5


def nquads(source: bytes | Path) -> frozenset[ox.Quad]:
    if isinstance(source, Path):
        return frozenset(ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS))
    return frozenset(ox.parse(source, format=ox.RdfFormat.N_QUADS))


def temporary_files(out: Path) -> list[str]:
    return [name for name in os.listdir(out.parent) if name.startswith(f".{out.name}.")]


def test_a_killed_export_leaves_the_old_file_or_the_new_one_never_a_truncated_one(tmp_path: Path) -> None:
    """SIGKILL `kg export -o FILE` while it writes over a good export: FILE is always the old export or the new
    one, complete. (A killed export may leave its temporary file beside FILE; never in its place.)"""
    rng = random.Random(SEED)
    samples = sorted((SAMPLES_DIR / "facts").glob("*.json"))
    with Store(tmp_path / "small") as small:
        assert pipeline.ingest(small, samples[:2]).ok
    with Store(tmp_path / "big") as big:
        assert pipeline.ingest(big, samples).ok
        for i in range(4):  # long titles: the new export is megabytes, so writing it takes a while
            big.ingest(parse_facts(big_article(f"long-{i}", 50) | {"title": f"{i} " + "x" * 1_000_000}, "long"))
        started = time.perf_counter()
        new = nquads(export_module.serialize(big, "nquads"))
        serialized = time.perf_counter()
        export_module.write(big, tmp_path / "timing.nq", "nquads")
        writing = max((time.perf_counter() - serialized) - (serialized - started), 0.01)

    good = tmp_path / "good.nq"
    done = CliRunner().invoke(
        app, ["export", "--format", "nquads", "-o", str(good), "--store", str(tmp_path / "small")]
    )
    assert done.exit_code == 0, done.output
    old = nquads(good)
    assert old and new and old != new

    # kills from the moment the temporary file appears to past the rename, and one long after it
    spread = [(k + rng.random()) / (EXPORT_KILLS - 2) * 3 * writing for k in range(EXPORT_KILLS - 2)]
    delays = [0.0, *spread, 1.0]

    def kill(number: int, delay: float) -> tuple[str, bool, str | None]:
        """(what FILE held after the kill, whether a temporary file was left, a problem)."""
        out = tmp_path / f"exports-{number}" / "defense.nq"
        out.parent.mkdir()
        shutil.copy(good, out)
        before = out.stat()
        proc = start(["export", "--format", "nquads", "-o", str(out), "--store", str(tmp_path / "big")])

        def writing_started() -> bool:
            """A temporary file beside FILE, or FILE itself touched (as a writer without one would)."""
            try:
                now = out.stat()
            except FileNotFoundError:
                return True
            touched = (now.st_ino, now.st_size, now.st_mtime_ns) != (before.st_ino, before.st_size, before.st_mtime_ns)
            return bool(temporary_files(out)) or touched or has_ended(proc)

        ended = kill_at(proc, writing_started, "the export writing", delay)
        left = temporary_files(out)
        what = f"export kill {number} (seed {SEED}): SIGKILL {delay * 1000:.0f} ms after the export began writing"
        if ended and proc.returncode != 0:
            return "old", bool(left), f"{what}: kg export failed ({proc.returncode})"
        try:
            found = nquads(out)
        except SyntaxError as exc:
            return "unreadable", bool(left), f"{what}: {out.name} does not parse: {exc}"
        held = "old" if found == old else "new" if found == new else "partial"
        if held == "partial":
            return held, bool(left), f"{what}: {out.name} holds {len(found)} quads, not {len(old)} (old) or {len(new)}"
        others = set(os.listdir(out.parent)) - {out.name, *left}
        return held, bool(left), f"{what}: other files: {sorted(others)}" if others else None

    with ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(kill, range(EXPORT_KILLS), delays))
    summary = f"seed {SEED}; writing takes about {writing * 1000:.0f} ms; per kill (FILE held, temporary left): " + str(
        [(held, left) for held, left, _ in results]
    )
    print(summary)
    problems = [problem for _, _, problem in results if problem]
    assert not problems, "\n".join(problems) + "\n" + summary
    # at least one kill came while the new export was being written: the old file stayed
    assert any(held == "old" and left for held, left, _ in results), summary
