"""Raise the extraction quality floors to what extraction scores now, less a small margin.

usage: python tests/repin_quality.py [--margin 0.03]

A floor only ever goes up: a kind that scores lower than its floor is reported and left as it is,
so a regression cannot be pinned away by accident.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.quality import ALL, FLOORS, available, figures, floors, score, sealed_figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--margin", type=float, default=0.03)
    args = parser.parse_args()
    pinned = floors()
    status = 0
    for corpus in ALL:
        if not available(corpus):
            print(f"{corpus}: not available, floors kept")
            continue
        if corpus == "sealed":
            got = sealed_figures()
        else:
            with tempfile.TemporaryDirectory() as out:
                got = figures(score(corpus, Path(out)))
        for kind, floor in pinned.setdefault(corpus, {k: 0.0 for k in got}).items():
            proposed = round(got[kind] - args.margin, 2)
            if got[kind] < floor:
                print(f"{corpus}.{kind}: scores {got[kind]:.3f}, below its floor {floor}: not lowered")
                status = 1
            elif proposed > floor:
                print(f"{corpus}.{kind}: {floor} -> {proposed}")
                pinned[corpus][kind] = proposed
    FLOORS.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
