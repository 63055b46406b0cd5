"""The two commands' shell scripts, run against a stand-in `.venv` that records what it is asked
to do: `serve.sh`'s argument is its mode (never an extra to install), and switching between
`serve.sh` and `test.sh` does not reinstall."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FAKE = """#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "$(dirname "$0")/../calls.log"
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    for name in ("serve.sh", "_venv.sh"):
        shutil.copy(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("python", "mkdocs"):
        (bin_dir / tool).write_text(FAKE, encoding="utf-8")
        (bin_dir / tool).chmod(0o755)
    return tmp_path


def _calls(project: Path) -> list[str]:
    log = project / ".venv" / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _run(project: Path, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], cwd=project, capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )


def test_serve_build_installs_the_base_and_builds_strict(tmp_path: Path) -> None:
    project = _project(tmp_path)
    r = _run(project, "bash scripts/serve.sh build")
    assert r.returncode == 0, r.stderr
    calls = _calls(project)
    installs = [c for c in calls if " pip install " in f" {c} "]
    assert installs and all("[build]" not in c for c in installs), calls
    assert any(c.endswith("-e .") for c in installs), calls
    assert calls[-1] == "mkdocs build --strict"


def test_switching_modes_does_not_reinstall(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "source scripts/_venv.sh && venv_setup test").returncode == 0
    assert _run(project, "bash scripts/serve.sh build").returncode == 0
    assert _run(project, "bash scripts/serve.sh fast").returncode == 0
    assert _run(project, "source scripts/_venv.sh && venv_setup test").returncode == 0
    installs = [c for c in _calls(project) if "pip install" in c]
    assert installs == ["python -m pip install -q --disable-pip-version-check -e .[test]"], installs


def test_unknown_mode_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    r = _run(project, "bash scripts/serve.sh biuld")
    assert r.returncode == 2 and "biuld" in r.stderr
    assert not any(c.startswith("mkdocs") for c in _calls(project))


def test_readme_tells_the_admin_how_to_publish_and_stays_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 放到内网上") :]
    assert "bash scripts/serve.sh build" in section and "nginx" in section and "site_url" in section
    assert "speechguide doctor" in section
    # every path the README names is inside the repository
    assert "../" not in readme
    for path in set(re.findall(r"`((?:scripts|tests|seeds|docs)/[\w./-]+)`", readme)):
        generated = path.startswith("docs/corpus")  # written by the build, not in the repository
        assert (ROOT / path.rstrip("/")).exists() or generated or "*" in path, path
