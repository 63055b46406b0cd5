from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CASES = Path(__file__).parent / "cases"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the expected JSON files from the current parse"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site built once with `mkdocs build --strict`, plus one hostile seed."""
    from .sitebuild import HOSTILE, make_project, mkdocs_build

    markup = (Path(__file__).parent / "bad_inputs" / "markup-everywhere.txt").read_bytes()
    project = make_project(
        tmp_path_factory.mktemp("site"),
        {"hostile-input.txt": HOSTILE.encode(), "markup-everywhere.txt": markup},
    )
    r = mkdocs_build(project, strict=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return project / "site"
