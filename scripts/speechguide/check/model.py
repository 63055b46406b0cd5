"""What the checker works with: its rules (from `data/check.yml`), a rule's hits, the findings it
reports, and the draft as the rules see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..lexicon import Hit as FormulaHit
from ..lexicon import Lexicon
from ..model import Edit, Severity, Speech, SpeechMeta
from ..patterns import load_data

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str
    hint: str
    correct: str
    incorrect: str
    confidence: float = 0.9  # how often a finding of this rule is right on real drafts
    fix: str | None = None  # what `--fix` does, when the rule has a safe mechanical fix
    group: bool = False  # findings in one paragraph are reported as one, listing the places
    default: str = "on"  # "off": only when a .speechguide.yml turns it on


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a rule found. Offsets into the cleaned text (`where="clean"`) or the draft as
    written (`"raw"`); `fix` replaces the span when the correction is safe and mechanical."""

    message: str
    start: int
    end: int
    where: str = "clean"
    confidence: float | None = None
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    start: int  # offset into the draft as written (raw text)
    end: int
    line: int
    column: int
    text: str
    hint: str
    clean_start: int | None = None  # the same place in the cleaned text (pages link to it)
    confidence: float = 1.0
    places: tuple[tuple[int, int], ...] = ()  # a grouped finding: every place (raw offsets)
    fixes: tuple[tuple[int, int, str], ...] = ()  # safe edits: (raw start, raw end, replacement)


@dataclass(slots=True)
class Ctx:
    """The draft as the rules see it."""

    raw: str
    text: str  # cleaned
    mt: str  # cleaned, simplified (for matching; same offsets)
    edits: tuple[Edit, ...]
    speech: Speech
    lexicon: Lexicon | None
    meta: SpeechMeta | None = None
    hits: list[FormulaHit] = field(default_factory=list)
    # What several rules read (numbering faults, mixed-style markers…), computed once per draft.
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@cache
def load_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            r["id"],
            Severity(r["severity"]),
            r["title"],
            r["hint"],
            r["correct"],
            r["incorrect"],
            float(r.get("confidence", 0.9)),
            r.get("fix"),
            bool(r.get("group", False)),
            "off" if r.get("default") in (False, "off") else "on",  # YAML reads a bare off as false
        )
        for r in load_data("check.yml")["rules"]
    )
