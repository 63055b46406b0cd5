"""The checker's output: a readable report (severity, then position; one summary line per rule)
and the JSON form for other tools."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Severity
from .model import SEVERITY_ZH, Finding, load_rules

REPORT_PER_RULE = 5  # the readable report shows this many findings of one rule, then a count


def summary(findings: list[Finding]) -> str:
    n = Counter(f.severity for f in findings)
    titles = {r.id: r.title for r in load_rules()}
    per_rule = Counter(f.rule for f in findings)
    line = f"共 {len(findings)} 处：错误 {n[Severity.ERROR]}，警告 {n[Severity.WARNING]}，提示 {n[Severity.INFO]}。"
    if per_rule:
        line += "按规则：" + "，".join(f"{titles.get(r, r)} {k}" for r, k in per_rule.most_common()) + "。"
    fixable = sum(1 for f in findings if f.fixes)
    if fixable:
        line += f"其中 {fixable} 处可以用 --fix 自动改正。"
    return line


def report(name: str, outline_text: str, findings: list[Finding]) -> str:
    lines = [f"== {name} ==", outline_text, ""]
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = [f for f in findings if f.severity is sev]
        if not group:
            continue
        lines.append(f"{SEVERITY_ZH[sev]}（{len(group)}）")
        shown: Counter[str] = Counter()
        for f in group:
            shown[f.rule] += 1
            per_rule = sum(1 for g in group if g.rule == f.rule)
            if shown[f.rule] > REPORT_PER_RULE and per_rule > REPORT_PER_RULE + 1:
                if shown[f.rule] == REPORT_PER_RULE + 1:
                    lines.append(
                        f"  …… [{f.rule}] 另有 {per_rule - REPORT_PER_RULE} 处同类问题（--format json 列出全部）"
                    )
                continue
            sure = "" if f.confidence >= 0.9 else f"（把握 {f.confidence:.0%}）"
            lines.append(f"  {f.line}:{f.column}  [{f.rule}] {f.message}{sure}")
            if f.text.strip():
                quote = f.text if len(f.text) <= 40 else f.text[:39] + "…"
                lines.append(f"        原文：{quote}")
            lines.append(f"        改法：{f.hint}" + ("（--fix 可自动改正）" if f.fixes else ""))
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines)


def to_json(name: str, findings: list[Finding]) -> dict[str, Any]:
    n = Counter(f.severity.value for f in findings)
    return {
        "file": name,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
                "line": f.line,
                "column": f.column,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "hint": f.hint,
                "confidence": round(f.confidence, 2),
                "places": [list(p) for p in f.places],
                "fixable": bool(f.fixes),
            }
            for f in findings
        ],
        "counts": {s.value: n.get(s.value, 0) for s in Severity},
        "by_rule": dict(Counter(f.rule for f in findings).most_common()),
    }
