"""Score `speechguide check` against expected findings (`tests/checkeval/`): sound speeches
(nothing expected) and drafts with planted faults (`NAME.json`: `expected` = [{rule, text}]).

A finding is right when a planted fault of its rule sits where it points (the expected text's
occurrence overlaps one of its places). Per rule: precision = right findings / findings;
recall = planted faults found / planted faults. Rules off by default are not run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from speechguide.check import Finding, check_text, load_rules
from speechguide.ingest import read_source
from speechguide.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
LEX = load_lexicon(ROOT / "seeds" / "formulas.yml")


@dataclass
class RuleScore:
    findings: int = 0
    right: int = 0
    planted: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0


@dataclass
class EvalScore:
    rules: dict[str, RuleScore] = field(default_factory=dict)
    errors_on_sound: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def rule(self, rid: str) -> RuleScore:
        return self.rules.setdefault(rid, RuleScore())

    def table(self) -> str:
        titles = {r.id: r.title for r in load_rules()}
        lines = [f"{'rule':<20}{'precision':>10}{'recall':>8}  findings/right  planted/found"]
        for rid in sorted(self.rules):
            s = self.rules[rid]
            lines.append(
                f"{rid:<20}{s.precision:>10.2f}{s.recall:>8.2f}  {s.findings:>5}/{s.right:<5}   {s.planted:>5}/{s.found:<5} {titles.get(rid, '')}"
            )
        return "\n".join(lines)


def _occurrences(raw: str, text: str) -> list[tuple[int, int]]:
    out, k = [], raw.find(text)
    while k >= 0:
        out.append((k, k + len(text)))
        k = raw.find(text, k + 1)
    return out


def score(folder: Path, check: Callable[[str], list[Finding]] | None = None) -> EvalScore:
    check = check or (lambda raw: check_text(raw, LEX))
    sc = EvalScore()
    for gold_path in sorted(folder.rglob("*.json")):
        txt = gold_path.with_suffix(".txt")
        if not txt.exists():
            continue
        raw = read_source(txt).raw
        expected = json.loads(gold_path.read_text(encoding="utf-8")).get("expected", [])
        spans = [(e["rule"], _occurrences(raw, e["text"]), e["text"]) for e in expected]
        findings = check(raw)
        sound = not expected
        matched = [False] * len(spans)
        for f in findings:
            rs = sc.rule(f.rule)
            rs.findings += 1
            places = getattr(f, "places", ()) or ((f.start, f.end),)
            hit = False
            for k, (rule, occ, _t) in enumerate(spans):
                if rule == f.rule and any(a < pe and pa < b for a, b in occ for pa, pe in places):
                    matched[k] = True
                    hit = True
            if hit:
                rs.right += 1
            else:
                sc.false_alarms.append(
                    f"{gold_path.parent.name}/{txt.stem}: [{f.rule}] {f.message} 「{f.text[:30]}」"
                )
            if sound and f.severity.value == "error":
                sc.errors_on_sound.append(f"{txt.stem}: [{f.rule}] {f.message}")
        for (rule, _occ, text), ok in zip(spans, matched, strict=True):
            rs = sc.rule(rule)
            rs.planted += 1
            rs.found += ok
            if not ok:
                sc.misses.append(f"{txt.stem}: [{rule}] 「{text}」 not found")
    return sc


if __name__ == "__main__":  # pragma: no cover - a readable table for the note
    import sys

    s = score(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "checkeval")
    print(s.table())
    print("\nerrors on sound speeches:", len(s.errors_on_sound))
    for x in s.errors_on_sound + s.false_alarms[:80] + s.misses:
        print(" ", x)
