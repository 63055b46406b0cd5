"""`speechguide doctor` and the build report: what in seeds/ needs a maintainer, with the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speechguide.build import build
from speechguide.cli import main
from speechguide.doctor import examine, text_key

from .sitebuild import ROOT, make_project, seed_options

SEED = ROOT / "seeds" / "safety-rectification-mobilization.txt"


def test_text_key_ignores_what_copying_changes() -> None:
    a = "在全縣會議上的講話\n同志們：\n今天開會。"
    b = "在全县会议上的讲话  同志们:今天开会"
    assert text_key(a) == text_key(b) and text_key(a) != text_key("在全县会议上的讲话")


def test_doctor_lists_each_problem_with_its_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed_copy = SEED.read_text(encoding="utf-8").replace("同志们：", "同志们:\n\n")  # re-pasted
    project = make_project(
        tmp_path,
        {
            "copy-of-mobilization.txt": seed_copy.encode(),
            "broken.txt": b"\x00\x01\x02\x03" * 50,
            "bare.txt": "同志们：\n刚才几位同志讲得很好，我都同意。\n谢谢大家。\n".encode(),
        },
    )
    r = build(seed_options(project), write=False)
    items = examine(r.corpus, r.problems)
    kinds = {(i.kind, i.files) for i in items}
    assert ("duplicate", ("copy-of-mobilization.txt", "safety-rectification-mobilization.txt")) in kinds
    assert ("unreadable", ("broken.txt",)) in kinds
    assert any(i.kind == "unknown" and i.files == ("bare.txt",) and "会议类型" in i.problem for i in items)
    assert all(i.fix for i in items)
    # seeds whose .yml says `year: unknown` are not reported as missing a year
    assert not any(
        i.kind == "unknown" and i.files == ("county-safety-committee-q4-meeting.txt",) for i in items
    )
    cwd = os.getcwd()
    os.chdir(project)
    try:
        assert main(["doctor"]) == 1  # unreadable and duplicated files are wrong, not just unconfirmed
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "重复的讲话" in out and "处理：只保留一个" in out and "broken.txt" in out
    report = build(seed_options(project), write=False).pages["corpus/report.md"]
    assert "## 重复的讲话" in report and "copy-of-mobilization.txt" in report
    assert "## 元数据不全的讲话" in report and "bare.txt" in report


def test_doctor_is_quiet_on_the_bundled_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["doctor"]) == 0
    finally:
        os.chdir(cwd)
    assert "都没有需要处理的问题" in capsys.readouterr().out
