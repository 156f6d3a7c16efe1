"""Run every benchmark and write their figures to benchmarks/RESULTS.md (what `make bench` does).

usage: python benchmarks/run_all.py [--quick] [--only SCRIPT ...] [--out benchmarks/RESULTS.md]

Each benchmark runs as its own process, as a user would run it, and prints its figures; this
collects them under one heading each, with the machine and the commit they were measured on.
``--quick`` runs smaller sizes (for checking the harness, not for the record). ``--only
ingest_scale.py`` runs just that script and replaces its section in an existing results file,
keeping the others; each section says which commit and load it was measured at.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (title, script, arguments, quick arguments, what the figures mean)
BENCHMARKS = [
    (
        "Ingest at scale (`ingest_scale.py`)",
        "ingest_scale.py",
        [],
        ["--sizes", "200", "1000"],
        "`kg ingest --workers 2` of generated ~500-word articles into a fresh store; the first row is the "
        "same smallest batch in one process. Target: 10,000 articles in ≤ 60 s with ≤ 1.5 GB.",
    ),
    (
        "A million-triple store (`store_scale.py`)",
        "store_scale.py",
        [],
        ["--triples", "100000", "--repeat", "3", "--rdflib-timeout", "20"],
        "Named queries as `kg.run_query` runs them (DataFrames), Turtle export and cold open, beside "
        "rdflib's in-memory Dataset doing the same work in the same run.",
    ),
    (
        "Extraction (`extract_speed.py`)",
        "extract_speed.py",
        ["--repeat", "10"],
        ["--repeat", "2"],
        "Articles per second on one core over the shared dev corpus, beside the tokenizer alone.",
    ),
    (
        "Start-up (`startup.py`)",
        "startup.py",
        [],
        ["--repeat", "3"],
        "Each `kg` command as its own process from the shell, end to end, beside `python -c pass` in the same "
        "run. Targets: `kg --help` and `kg --version` ≤ 0.3 s, a named query on the demo store ≤ 0.8 s.",
    ),
    (
        "A 1,000-node view (`view_speed.py`)",
        "view_speed.py",
        [],
        [],
        "Writing the page, beside pyvis's own writer in the same run, and loading it in headless Chromium.",
    ),
]


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
    ).stdout.strip()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB, Python {platform.python_version()}, "
        f"commit {commit or '?'}, {dt.date.today().isoformat()}; load average {os.getloadavg()[0]:.1f} at the start"
    )


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return out.stdout.strip() or "?"


def _sections(text: str) -> dict[str, list[str]]:
    """An existing results file's sections by heading (the lines under each ``## `` heading)."""
    sections: dict[str, list[str]] = {"": []}  # "": the lines before the first heading
    current = sections[""]
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        else:
            current.append(line)
    return sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the harness")
    parser.add_argument("--only", nargs="+", metavar="SCRIPT", help="run these and keep the other sections")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    known = [script for _, script, *_ in BENCHMARKS]
    unknown = sorted(set(args.only or []) - set(known))
    if unknown:
        raise SystemExit(f"--only: no benchmark {', '.join(unknown)}; there are {', '.join(known)}")
    kept = _sections(args.out.read_text(encoding="utf-8")) if args.only and args.out.exists() else {}
    flag = " --quick" if args.quick else ""
    if kept:
        parts = list(kept[""])
        while parts and not parts[-1].strip():
            parts.pop()
        parts.append(f"Re-run with `--only {' '.join(args.only)}` on {_machine()}.")
    else:
        parts = [
            "# Benchmark results",
            "",
            f"Written by `make bench` (`python benchmarks/run_all.py{flag}`) on {_machine()}.",
            "Each section is one script's output; run a script alone to reproduce its figures.",
        ]
    failed = []
    for title, script, full, quick, about in BENCHMARKS:
        if args.only and script not in args.only:
            if title in kept:
                parts += ["", f"## {title}", *kept[title]]
                while parts and not parts[-1].strip():
                    parts.pop()
            continue
        print(f"== {title}", flush=True)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(HERE / script), *(quick if args.quick else full)], capture_output=True, text=True
        )
        took = time.perf_counter() - start
        output = done.stdout.strip()
        print(output, flush=True)
        parts += ["", f"## {title}", "", about, ""]
        if done.returncode != 0:
            failed.append(script)
            parts += ["```", f"failed ({done.returncode}):", done.stderr.strip()[-3000:], "```"]
        elif output.lstrip().startswith("|") or "\n|" in output:
            parts += [output]
        else:
            parts += ["```", output, "```"]
        parts += ["", f"({took:,.0f} s; commit {_commit()}, load average {load:.1f} at its start)"]
    args.out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
