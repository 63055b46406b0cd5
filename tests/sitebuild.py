"""Helpers for the site tests: a throw-away copy of the project, built with MkDocs."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = (
    "在<script>alert(1)</script>会议上的讲话\n"
    "同志们：\n"
    "今天开会。**首次** 3*4 a*b*c {{ config }} {% raw %} [x](javascript:alert(1)) <img src=x onerror=alert(1)> "
    '--8<-- "x.md" ==mark== ++ins++ ~~del~~ :smile: &amp; &lt;b&gt;。下面，我讲两点意见。\n'
    "## 一、<b>提高</b>认识 {#evil}\n"
    '!!! note "x"\n'
    '    <iframe src="https://example.com"></iframe>\n'
    "1. 列表？_下划线_ `代码` | 表格 |\n"
    "二、压实[责任](http://example.com)\n"
    "要落实党政同责、一岗双责、齐抓共管、失职追责。<style>body{display:none}</style>\n"
    '<!--sg-html--> <div data-sg-stash="0"></div> <!--/sg-html--> <p data-search-exclude>藏</p>\n'
    "同志们，让我们共同努力！\n"
)


# Debian's chromium for the browser tests (Playwright's own browser download is not used).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """`directory` on a static server at a free local port: its base URL while in the block."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium_browser():
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium missing: install Debian's chromium package"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def make_project(dest: Path, extra: dict[str, bytes] | None = None, keep_seeds: bool = True) -> Path:
    """Copy mkdocs.yml, docs/ (without generated pages) and seeds/ into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("corpus"))
    if keep_seeds:
        shutil.copytree(ROOT / "seeds", dest / "seeds")
    else:
        (dest / "seeds").mkdir()
        shutil.copy(ROOT / "seeds" / "formulas.yml", dest / "seeds" / "formulas.yml")
    for name, data in (extra or {}).items():
        (dest / "seeds" / name).write_bytes(data)
    return dest


def mkdocs_build(project: Path, strict: bool = True, quiet: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(project / "site"),
    ]
    if strict:
        cmd.append("--strict")
    if quiet:
        cmd.append("-q")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project, timeout=600)


def seed_options(project: Path, **options):
    """BuildOptions for a project made by `make_project`."""
    from speechguide.build import BuildOptions

    return BuildOptions(
        seeds_dir=project / "seeds",
        docs_dir=project / "docs",
        lexicon_path=project / "seeds" / "formulas.yml",
        **options,
    )


def build_seeds(dest: Path, **options):
    """`speechguide build` (in-process, not written) over a fresh copy of the seeds."""
    from speechguide.build import build

    return build(seed_options(make_project(dest), **options), write=False)
