from __future__ import annotations

import json
from pathlib import Path

import pytest

from speechguide.cli import main

from .conftest import SEEDS

SEED = SEEDS / "county-safety-committee-q4-meeting.txt"
CONTRACT = {
    "title",
    "announced_count",
    "numbering_style",
    "sections",
    "closing",
    "slots",
    "formulas",
    "edits",
    "diagnostics",
}


def test_analyze_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SEED), "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert CONTRACT <= set(j)
    sec = j["sections"][1]
    assert {"number", "marker", "heading", "start", "end", "points"} <= set(sec)
    assert {"marker", "lead", "start", "end"} <= set(sec["points"][0])
    assert {"text", "kind", "start", "end"} <= set(j["slots"][0])
    assert {"text", "formula_id", "start", "end"} <= set(j["formulas"][0])
    assert {"code", "severity", "message"} <= set(j["diagnostics"][0])
    assert j["announced_count"] == 3 and len(j["sections"]) == 4


def test_analyze_outline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SEED), "--format", "outline"]) == 0
    out = capsys.readouterr().out
    assert "提纲句：下面，我再强调三点意见：（宣布 3 点）" in out
    assert "一、进一步强化红线意识" in out and "count_mismatch" in out


@pytest.mark.parametrize(("data", "word"), [(b"", "空"), (b"\x89PNG\r\n\x1a\n0000", "PNG")])
def test_unreadable_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, word: str
) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    assert main(["analyze", str(p), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "bad.txt" in err and word in err and len(err.splitlines()) == 1


def test_no_structure_is_a_tree_with_diagnostics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "one.txt"
    p.write_text("今天召开会议，部署工作，大家要抓好落实。", encoding="utf-8")
    assert main(["analyze", str(p), "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert j["sections"] == [] and "no_sections" in {d["code"] for d in j["diagnostics"]}


def test_build_command_writes_the_same_pages_as_the_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .sitebuild import make_project

    project = make_project(tmp_path, {"empty.txt": b""})
    assert main(["build", "--config", str(project / "mkdocs.yml")]) == 0
    out = capsys.readouterr()
    assert "5 篇讲话" in out.out and "empty.txt" in out.err
    page = project / "docs" / "corpus" / "speeches" / "county-safety-committee-q4-meeting.md"
    assert page.exists() and "提纲句的数目与正文不符" in page.read_text(encoding="utf-8")
    assert main(["build", "--config", str(project / "mkdocs.yml"), "--strict"]) == 1
