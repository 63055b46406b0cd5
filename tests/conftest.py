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
    """The project's site built once with `mkdocs build --strict`, plus hostile seeds and a
    speech dropped in without a .yml (its metadata read from the text)."""
    from .sitebuild import HOSTILE, make_project, mkdocs_build

    here = Path(__file__).parent
    markup = (here / "bad_inputs" / "markup-everywhere.txt").read_bytes()
    dropped = (here / "metatext" / "subtitle-slogan-party-city.txt").read_bytes()
    # Three 工作会议 speeches (a type the seeds lack) for the template assembler.
    work = {
        f"work-{k}.txt": (here / "metatext" / f"{name}.txt").read_bytes()
        for k, name in enumerate(
            ("dateline-speaker-flood-city", "year-title-education-county", "province-organization-work")
        )
    }
    project = make_project(
        tmp_path_factory.mktemp("site"),
        {
            "hostile-input.txt": HOSTILE.encode(),
            "markup-everywhere.txt": markup,
            "dropped-in.txt": dropped,
            **work,
        },
    )
    r = mkdocs_build(project, strict=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return project / "site"
