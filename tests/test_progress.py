"""Signs of life: one line per build stage (count, seconds) in MkDocs' log, a bar on a terminal."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from speechguide.build import build
from speechguide.progress import Progress

from .sitebuild import make_project, mkdocs_build, seed_options


def test_build_reports_every_stage(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    progress = Progress(logger=None, live=False)
    build(seed_options(project), progress=progress)
    stages = [line.split(" ")[0] for line in progress.lines]
    assert stages == [
        "speechguide：读取",
        "speechguide：分析",
        "speechguide：挖掘固定表述和句式",
        "speechguide：生成讲话页",
        "speechguide：生成其他页面",
        "speechguide：写入",
    ]
    assert "5 个文件" in progress.lines[0] and progress.lines[-1].endswith("秒")
    again = Progress(logger=None, live=False)
    build(seed_options(project), progress=again)
    assert "分析 0 篇（其余未改动" in again.lines[1]  # a rebuild re-analyses nothing unchanged


def test_live_bar_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    progress = Progress(logger=None, live=True)
    with progress.stage("分析", 60) as advance:
        for _ in range(60):
            advance(1)
    err = capsys.readouterr().err
    assert "speechguide 分析" in err and "/60" in err
    quiet = Progress(logger=None, live=False)
    with quiet.stage("分析", 60) as advance:
        advance(60)
    assert capsys.readouterr().err == ""


def test_mkdocs_log_has_one_line_per_stage_and_q_hides_them(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    loud = mkdocs_build(project, strict=True)
    assert loud.returncode == 0
    assert "speechguide：分析 5 篇" in loud.stderr and "speechguide：搜索索引" in loud.stderr
    quiet = mkdocs_build(project, strict=True, quiet=True)
    assert quiet.returncode == 0 and "speechguide：" not in quiet.stderr


def test_progress_logs_through_the_mkdocs_logger(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.speechguide"):
        with Progress(live=False).stage("挖掘", 3):
            pass
    assert any("speechguide：挖掘 3 篇" in r.getMessage() for r in caplog.records)
