"""`speechguide check`: every rule fires on its incorrect example and stays quiet on its correct
one (the examples are in data/check.yml); the seeds get the findings an editor expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speechguide.check import CHECKS, check_text, load_config, load_rules, raw_offset
from speechguide.clean import clean
from speechguide.cli import main
from speechguide.lexicon import load_lexicon

from .conftest import SEEDS

LEX = load_lexicon(SEEDS / "formulas.yml")
RULES = load_rules()


def test_every_rule_has_a_check() -> None:
    assert {r.id for r in RULES} == set(CHECKS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule) -> None:
    on = {rule.id: "on"}  # rules that are off by default are tested switched on
    bad = [f for f in check_text(rule.incorrect, LEX, on) if f.rule == rule.id]
    assert bad, f"{rule.id} did not fire on its incorrect example"
    assert all(f.severity == rule.severity for f in bad)
    assert all(f.end > f.start and f.text for f in bad)  # never an empty span
    good = [f for f in check_text(rule.correct, LEX, on) if f.rule == rule.id]
    assert good == [], f"{rule.id} fired on its correct example: {good}"


def _rules(name: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in check_text((SEEDS / name).read_text(encoding="utf-8"), LEX):
        out[f.rule] = out.get(f.rule, 0) + 1
    return out


def test_seed_findings() -> None:
    q4 = _rules("county-safety-committee-q4-meeting.txt")
    # half-width punctuation throughout: one finding per paragraph, not one per character
    assert q4["count-mismatch"] == 1 and 10 < q4["punct-halfwidth"] < 60 and "named-person" not in q4
    mob = _rules("safety-rectification-mobilization.txt")
    assert mob["formula-near-miss"] == 1
    dep = _rules("city-emergency-management-deployment-meeting.txt")
    assert dep["slot-unfilled"] >= 8
    # No structural noise on well-formed seeds.
    for name in (
        "county-safety-three-year-action-training.txt",
        "city-emergency-management-deployment-meeting.txt",
    ):
        r = _rules(name)
        assert not {
            "count-mismatch",
            "numbering-gap",
            "numbering-order",
            "salutation-missing",
            "closing-missing",
            "heading-shape",
        } & set(r)


def test_positions_point_into_the_draft() -> None:
    raw = "\n\n同志们:\n今天,X通报了情况。"
    fs = check_text(raw, LEX)
    slot = next(f for f in fs if f.rule == "slot-unfilled")
    assert raw[slot.start : slot.end] == "X" and (slot.line, slot.column) == (4, 4)
    half = [f for f in fs if f.rule == "punct-halfwidth"]
    assert [raw[f.start : f.end] for f in half] == [":", ","]


def test_raw_offset_maps_through_edits() -> None:
    raw = "##paidbegin##同志们:\n\n\n\n一、甲"
    c = clean(raw)
    for k, ch in enumerate(c.text):
        if ch not in "：\n":
            assert raw[raw_offset(c.edits, k)] == ch


def test_config_turns_rules_off_and_changes_severity(tmp_path: Path) -> None:
    cfg = tmp_path / ".speechguide.yml"
    cfg.write_text("rules:\n  slot-unfilled: off\n  punct-halfwidth: error\n", encoding="utf-8")
    conf = load_config(cfg)
    fs = check_text("同志们:\n今天,X通报了情况。", LEX, conf)
    assert not [f for f in fs if f.rule == "slot-unfilled"]
    assert {f.severity.value for f in fs if f.rule == "punct-halfwidth"} == {"error"}
    cfg.write_text("rules:\n  no-such-rule: off\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no-such-rule"):
        load_config(cfg)


def test_cli_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "同志们：\n今天开会。下面，我讲两点意见。\n一、提高认识\n要重视。\n二、压实责任\n要落实。\n同志们，让我们共同努力！\n",
        encoding="utf-8",
    )
    assert main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "== good.txt ==" in out and "共 0 处" in out
    assert main(["check", "--format", "json", str(SEEDS / "county-safety-committee-q4-meeting.txt")]) == 1
    j = json.loads(capsys.readouterr().out)
    assert j["counts"]["error"] >= 1 and {"rule", "severity", "line", "column", "text", "hint"} <= set(
        j["findings"][0]
    )
    text_report = main(["check", str(SEEDS / "county-safety-committee-q4-meeting.txt")])
    out = capsys.readouterr().out
    assert text_report == 1 and "另有" in out and "错误（" in out


def test_dated_reference_examples() -> None:
    from speechguide.patterns import load_data

    for ref in load_data("dated.yml")["references"]:
        for ex in ref["examples"]:
            found = [f for f in check_text("同志们：\n" + ex, LEX) if f.rule == "dated-reference"]
            assert found, (ref["id"], ex)
            # a draft dated before the reference went stale is not told to update it
            year, month = map(int, str(ref["since"]).split("-"))
            before = f"在全县会议上的讲话\n（{year - 1}年{month}月1日）\n同志们：\n{ex}"
            assert not [f for f in check_text(before, LEX) if f.rule == "dated-reference"], (ref["id"], ex)
        for ce in ref["counterexamples"]:
            found = [f for f in check_text("同志们：\n" + ce, LEX) if f.rule == "dated-reference"]
            assert not found, (ref["id"], ce)
