"""Golden files: every seed and every messy-input case has its expected JSON beside it in the
repository; a parser change shows up as a readable unified diff. Rewrite deliberately with
`pytest tests/test_golden.py --update-golden` and review the diff in git."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from speechguide.analyze import analyze_file, to_json
from speechguide.ingest import discover
from speechguide.lexicon import load_lexicon

from .conftest import CASES, GOLDEN, SEEDS

LEXICON = load_lexicon(SEEDS / "formulas.yml")
SEED_FILES = discover(SEEDS)
CASE_FILES = sorted(CASES.glob("*.txt"))


def _expected_path(path: Path) -> Path:
    if path.parent == CASES:
        return path.with_suffix(".expected.json")
    return GOLDEN / f"{path.stem}.expected.json"


def _check(path: Path, update: bool) -> None:
    got = json.dumps(to_json(analyze_file(path, lexicon=LEXICON)), ensure_ascii=False, indent=2) + "\n"
    exp_path = _expected_path(path)
    if update or not exp_path.exists():
        exp_path.write_text(got, encoding="utf-8")
        if not update:
            pytest.fail(f"{exp_path.name} did not exist: written, review it and commit")
        return
    expected = exp_path.read_text(encoding="utf-8")
    if got != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), got.splitlines(True), str(exp_path.name), "parse", n=2
            )
        )
        pytest.fail(f"parse of {path.name} differs from {exp_path.name}:\n{diff[:6000]}")


def test_seeds_are_there() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_golden(path: Path, update_golden: bool) -> None:
    _check(path, update_golden)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_golden(path: Path, update_golden: bool) -> None:
    _check(path, update_golden)
