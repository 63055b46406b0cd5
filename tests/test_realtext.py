"""Structure on real kinds of text, measured against gold labels: a regression shows in CI.

`tests/realtext/` holds speeches written for the project, one per kind of trouble that pasted
web/PDF/Word text has (glued headings, one-line and hard-wrapped text, page furniture, title
blocks, 目录 lists, sub-points, speeches without a heading layer …), each with its gold labels.
The thresholds sit just under today's scores; raise them as the parser improves.

An external labelled set of real excerpts and speeches (not part of the project) is scored too
when it is present beside the checkout (`SPEECHGUIDE_DEVSET`, default `../shared/devset`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .scoring import score_folder

HERE = Path(__file__).parent
REALTEXT = HERE / "realtext"
DEVSET = Path(os.environ.get("SPEECHGUIDE_DEVSET", HERE.parents[1] / "shared" / "devset"))


def _assert(sc, count: float, headings: float, points: float, titles: float) -> None:
    detail = sc.line() + "\n" + "\n".join(sc.misses)
    assert sc.speeches > 0
    assert sc.count >= count, detail
    assert sc.headings >= headings, detail
    assert sc.points >= points, detail
    assert sc.title >= titles, detail


def test_realtext_kinds_have_gold() -> None:
    txt = sorted(p.stem for p in REALTEXT.glob("*.txt"))
    assert len(txt) >= 20
    assert txt == sorted(p.stem for p in REALTEXT.glob("*.json"))


def test_realtext_scores() -> None:
    _assert(score_folder(REALTEXT), count=0.95, headings=0.9, points=0.95, titles=0.85)


@pytest.mark.skipif(not (DEVSET / "score.py").exists(), reason="external devset not present")
def test_devset_targets() -> None:
    _assert(score_folder(DEVSET), count=0.85, headings=0.9, points=0.75, titles=0.85)
