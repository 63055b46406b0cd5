"""`mkdocs serve` from a fresh project: pages are there without a manual build step, and an
edit to a seed shows up on the served page without restarting."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .sitebuild import make_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and needle in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_seed_changes(tmp_path: Path) -> None:
    """A seed edit reaches the served page with one rebuild (the build's own writes into the
    generated folder do not trigger another), and a hand-written page is still watched."""
    project = make_project(tmp_path / "p")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],  # watching needs livereload
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/corpus/speeches/county-safety-three-year-action-training/"
        assert _wait_for(url, "思想领航，把准方向", 90), "served page never appeared"
        seed = project / "seeds" / "county-safety-three-year-action-training.txt"
        seed.write_text(
            seed.read_text(encoding="utf-8").replace("思想领航，把准方向", "思想引领，校准方向"),
            encoding="utf-8",
        )
        assert _wait_for(url, "思想引领，校准方向", 90), "edit to the seed did not reach the served page"
        time.sleep(3)  # a second build would start within a polling interval (0.5 s) of the first
        builds = log.read_text(encoding="utf-8").count("Documentation built")
        assert builds == 2, f"{builds} builds for one seed edit (initial + 1 expected)"

        home = project / "docs" / "index.md"
        home.write_text(home.read_text(encoding="utf-8") + "\n\n手写页面的改动也会重建。\n", encoding="utf-8")
        assert _wait_for(f"http://127.0.0.1:{port}/", "手写页面的改动也会重建", 90)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
