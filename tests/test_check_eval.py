"""The checker measured like the parser: sound speeches must pass clean, planted faults must be
found, and each rule's findings must be right (`tests/checkeval/`, scored by `checkeval.py`).

Targets (issue: a checker a writer can trust): precision ≥ 0.95 per rule, recall ≥ 0.95 on
planted faults, no error-severity finding on any sound speech.
"""

from __future__ import annotations

from pathlib import Path

from .checkeval import score

EVAL = Path(__file__).parent / "checkeval"


def test_eval_set_is_there() -> None:
    assert len(list((EVAL / "sound").glob("*.txt"))) >= 40
    assert len(list((EVAL / "planted").glob("*.txt"))) >= 60


def test_precision_and_recall_per_rule() -> None:
    sc = score(EVAL)
    detail = sc.table() + "\n" + "\n".join(sc.false_alarms + sc.misses)
    assert sc.errors_on_sound == [], detail
    for rid, s in sc.rules.items():
        assert s.precision >= 0.95, f"{rid} precision {s.precision:.2f}\n{detail}"
    planted = [s for s in sc.rules.values() if s.planted]
    found = sum(s.found for s in planted) / sum(s.planted for s in planted)
    assert found >= 0.95, detail
    assert all(s.recall >= 0.5 for s in planted), detail  # no rule blind to its own fault


def test_sound_speeches_get_no_findings_at_all() -> None:
    sc = score(EVAL / "sound")
    assert sum(s.findings for s in sc.rules.values()) == 0, "\n".join(sc.false_alarms)
