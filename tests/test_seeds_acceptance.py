"""The acceptance figures of the core issue, stated directly (the golden files hold the rest)."""

from __future__ import annotations

import pytest

from speechguide.analyze import analyze_file, to_json
from speechguide.lexicon import load_lexicon

from .conftest import SEEDS

LEXICON = load_lexicon(SEEDS / "formulas.yml")


def _j(name: str) -> dict:
    return to_json(analyze_file(SEEDS / name, lexicon=LEXICON))


def _points(j: dict) -> list[int]:
    return [len(s["points"]) for s in j["sections"]]


def test_000_training() -> None:
    j = _j("county-safety-three-year-action-training.txt")
    assert j["numbering_style"] == "一、" and _points(j) == [3, 3, 3]
    assert {p["marker"] for s in j["sections"] for p in s["points"]} == {"一要", "二要", "三要"}
    assert j["announced_count"] == 3 and not [d for d in j["diagnostics"] if d["severity"] == "error"]


def test_001_mobilization() -> None:
    j = _j("safety-rectification-mobilization.txt")
    assert j["title"] == "在安全生产专项整治动员会上的讲话"
    assert _points(j) == [3, 2, 5, 4, 3]
    kinds = {e["kind"] for e in j["edits"]}
    assert any("网站标记" in k for k in kinds) and "标题后缀" in kinds
    befores = "".join(e["before"] for e in j["edits"])
    assert "##paidbegin##" in befores and "##paidend##" in befores and "范文" in befores


def test_002_quarterly() -> None:
    j = _j("county-safety-committee-q4-meeting.txt")
    assert _points(j) == [0, 3, 5, 3]
    assert j["announced_count"] == 3
    assert [d["code"] for d in j["diagnostics"] if d["severity"] == "error"] == ["count_mismatch"]
    assert any(s["text"] == "余巧萍副县长" and s["kind"] == "person" for s in j["slots"])


def test_003_inline_yao() -> None:
    j = _j("2022-county-safety-q1-meeting.txt")
    assert j["numbering_style"] == "一要" and all(s["inline"] for s in j["sections"])
    assert _points(j) == [0, 3, 0, 3, 0]
    assert j["announced_count"] is None


def test_004_di() -> None:
    j = _j("city-emergency-management-deployment-meeting.txt")
    assert j["title"] == "在应急管理系统安全生产专题部署推进会上的讲话"
    assert j["numbering_style"] == "第一，" and len(j["sections"]) == 7
    assert _points(j) == [0, 2, 3, 3, 3, 3, 0]
    assert len(j["slots"]) >= 8


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_formula_in_every_seed(name: str) -> None:
    j = _j(name)
    hits = [f for f in j["formulas"] if f["formula_id"] == "dangzheng-tongze"]
    assert hits, name
