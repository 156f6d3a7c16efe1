"""Extraction is measured against gold facts and may not fall below the pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality import available, figures, floors, score


def test_floors_never_sit_below_the_required_minimum() -> None:
    pinned = floors()
    for corpus in ("dev", "samples", "heldout"):
        assert pinned[corpus]["overall"] >= pinned["minimum"]["overall"]
        for kind, floor in pinned[corpus].items():
            assert floor >= pinned["minimum"]["kind"], (corpus, kind)


@pytest.mark.parametrize("corpus", ["dev", "samples", "heldout"])
def test_extraction_meets_its_quality_floors(corpus: str, tmp_path: Path) -> None:
    if not available(corpus):
        pytest.skip(f"the {corpus} corpus or score.py is not beside the project")
    result = score(corpus, tmp_path)
    assert result["missing_predictions"] == []
    got = figures(result)
    below = {k: (round(got[k], 3), floor) for k, floor in floors()[corpus].items() if got[k] < floor}
    assert not below, f"{corpus}: F1 below the floor (got, floor): {below}"
