"""Extraction is measured against gold facts and may not fall below the pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quality import available, figures, floors, score, sealed_figures


def test_floors_on_our_own_articles_never_sit_below_the_required_minimum() -> None:
    """Our own sample and fixture articles are held to a fixed minimum; the real-news corpora (dev,
    sealed) are floored at what extraction honestly scores on them, and those floors only rise."""
    pinned = floors()
    for corpus in ("samples", "heldout"):
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


def test_extraction_meets_its_floors_on_the_sealed_validation_set() -> None:
    if not available("sealed"):
        pytest.skip("the sealed validation set is not beside the project")
    got = sealed_figures()
    below = {k: (round(got[k], 3), floor) for k, floor in floors()["sealed"].items() if got[k] < floor}
    assert not below, f"sealed: F1 below the floor (got, floor): {below}"
