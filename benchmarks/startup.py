"""Start-up: how long a `kg` command takes from the shell, end to end, beside `python -c pass`.

usage: python benchmarks/startup.py [--repeat 15] [--store PATH]

Each command runs as its own process, as a user types it, ``--repeat`` times; the table gives the
median and the fastest run in milliseconds, and the median as a multiple of ``python -c pass``
measured in the same run (the interpreter's own start-up, the floor no command can beat). The
named query runs against the demo store (built into a temporary folder with ``kg demo`` unless
``--store`` names one), so it includes opening the store and printing the answer.

Targets: ``kg --help`` and ``kg --version`` ≤ 0.3 s; ``kg query`` of a named query ≤ 0.8 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
KG = [PYTHON, "-m", "kg"]

#: (what is measured, its target in seconds or None)
TARGETS = {"kg --help": 0.3, "kg --version": 0.3, "kg query spending-targets --param code=JP": 0.8}


def timed(argv: list[str], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs of ``argv``, output thrown away; a failing run stops the benchmark."""
    times = []
    env = {**os.environ, "COLUMNS": "80"}
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="Runs of each command (the median is reported).")
    parser.add_argument("--store", type=Path, help="A store to query (default: the demo, built afresh).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "demo"
            subprocess.run(
                [*KG, "demo", "--store", str(store), "--exports", str(Path(tmp) / "exports")],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        commands = {
            "python -c pass": [PYTHON, "-c", "pass"],
            "kg --help": [*KG, "--help"],
            "kg --version": [*KG, "--version"],
            "kg query spending-targets --param code=JP": [
                *KG,
                "query",
                "spending-targets",
                "--param",
                "code=JP",
                "--store",
                str(store),
                "--format",
                "table",
            ],
        }
        for argv in commands.values():  # warm the file cache, as a user's second command finds it
            timed(argv, 1)
        results = {name: timed(argv, args.repeat) for name, argv in commands.items()}
    floor = statistics.median(results["python -c pass"])
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load:.1f}, {args.repeat} runs each")
    print("| command | median (ms) | fastest (ms) | × `python -c pass` | target | met |")
    print("|---|---:|---:|---:|---|---|")
    for name, times in results.items():
        median = statistics.median(times)
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if median <= target else "no")
        print(
            f"| `{name}` | {median * 1000:,.0f} | {min(times) * 1000:,.0f} | {median / floor:.1f} | "
            f"{'≤ ' + format(target, 'g') + ' s' if target else ''} | {met} |"
        )


if __name__ == "__main__":
    main()
