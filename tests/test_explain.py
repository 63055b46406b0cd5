"""Candidates → evidence → choice, visible: `analyze --explain`, the structure confidence, and
uncertain speeches marked on their pages and in the build report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speechguide.build import build
from speechguide.cli import main
from speechguide.model import NumberingStyle
from speechguide.structure import parse
from speechguide.structure.evidence import RunFacts, weigh_run

from .sitebuild import make_project, seed_options

# The road map announces three parts, but the body has none: the outline cannot be trusted.
UNCERTAIN = (
    "在全县秋冬季防火工作会议上的讲话\n同志们：\n今天召开会议，部署秋冬季防火工作。下面，我讲三点意见。\n"
    "秋冬季节风干物燥，火险等级高，各乡镇要落实巡查值守制度，严防野外用火。\n"
    "要加强宣传教育，提高群众防火意识。\n同志们，防火工作责任重大，希望大家抓好落实。\n"
)


def test_explain_lists_every_run_with_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "draft.txt"
    f.write_text(
        "同志们：\n过去一年工作有成效。\n一是责任更实。\n二是隐患更少。\n下面，我讲两点意见。\n"
        "一、认清形势\n当前形势严峻。\n二、压实责任\n要压实责任。\n同志们，让我们共同努力！\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(f), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "结构可信度" in out
    assert "[采用] “一、”式编号 2 个" in out
    assert "[不采用] “一是”式编号 2 个" in out or "[可用，但不是最早的一组] “一是”" in out
    assert "在提纲句之前" in out and "与提纲句宣布的 2 点一致" in out


def test_json_has_confidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "draft.txt"
    f.write_text(UNCERTAIN, encoding="utf-8")
    assert main(["analyze", str(f), "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert j["structure_uncertain"] is True and j["confidence"] < 0.5


def test_lone_marker_needs_a_reason() -> None:
    base = dict(
        style=NumberingStyle.DUN,
        size=1,
        own_lines=1,
        inline=0,
        glued=0,
        announced=None,
        toc=False,
        problems=0,
    )
    lone = weigh_run(RunFacts(**base, after_roadmap=None, open_end=False, before_floor=False))
    assert not lone.accepted and any(e.name == "veto" for e in lone.evidence)
    after = weigh_run(RunFacts(**base, after_roadmap=True, open_end=False, before_floor=False))
    assert after.accepted
    cut = weigh_run(RunFacts(**base, after_roadmap=None, open_end=True, before_floor=False))
    assert cut.accepted


def test_well_formed_speech_is_confident() -> None:
    sp = parse(
        "同志们：\n下面，我讲两点意见。\n一、认清形势\n当前形势严峻。\n二、压实责任\n要压实责任。\n同志们，让我们共同努力！"
    )
    assert sp.confidence >= 0.8 and not sp.uncertain


def test_uncertain_speech_page_and_report(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "seeds" / "fire-draft.txt").write_text(UNCERTAIN, encoding="utf-8")
    res = build(seed_options(project), write=False)
    page = next(v for k, v in res.pages.items() if k.endswith("fire-draft.md"))
    assert "结构不确定" in page and "判断依据" in page
    report = next(v for k, v in res.pages.items() if k.endswith("report.md"))
    section = report.split("## 结构不确定的讲话", 1)[1].split("## 每篇讲话的诊断", 1)[0]
    assert "秋冬季防火" in section
    # The bundled seeds are all confident: none of them is listed.
    assert section.count("（可信度") == 1
