"""`speechguide check`: a draft checker that knows the genre.

`check_text` runs:

1. the pipeline on the draft (clean → parse → lexicon matches);
2. every enabled rule of `data/check.yml`, each a function in `CHECKS` returning findings with
   offsets into the cleaned text (punctuation rules look at the raw text directly);
3. offsets mapped back to the draft as written (line:column), severities from the config.

Rules are configured Vale-style in `.speechguide.yml`: `rules: {rule-id: off|error|warning|info}`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .analyze import Analysis, heading_text, line_col
from .clean import clean
from .lexicon import Lexicon, Matcher
from .mining import near_misses
from .model import Edit, Severity, Speech
from .patterns import load_data, rules
from .structure import parse
from .textutil import to_simplified

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
MASK_CHARS = set("Xx×*_＿【")
REPORT_PER_RULE = 5  # the readable report shows this many findings of one rule, then a count


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str
    hint: str
    correct: str
    incorrect: str


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


@dataclass(slots=True)
class _Ctx:
    raw: str
    text: str
    edits: tuple[Edit, ...]
    speech: Speech
    lexicon: Lexicon | None
    hits: list = field(default_factory=list)


# (rule id, message, start, end, where) — `where` is "clean" or "raw".
Hit = tuple[str, int, int, str]


@cache
def load_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(r["id"], Severity(r["severity"]), r["title"], r["hint"], r["correct"], r["incorrect"])
        for r in load_data("check.yml")["rules"]
    )


def load_config(path: Path | None) -> dict[str, str]:
    """`rules:` overrides from a `.speechguide.yml` (off | error | warning | info)."""
    if path is None or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, str] = {}
    known = {r.id for r in load_rules()}
    for rid, value in (data.get("rules") or {}).items():
        value = "off" if value is False else str(value)
        if rid not in known:
            raise ValueError(f"“{path.name}”：没有名为“{rid}”的规则。")
        if value not in ("off", "error", "warning", "info"):
            raise ValueError(
                f"“{path.name}”：规则“{rid}”的设置应是 off、error、warning 或 info，现在是“{value}”。"
            )
        out[rid] = value
    return out


def find_config(file: Path) -> Path | None:
    for d in (file.resolve().parent, Path.cwd()):
        p = d / ".speechguide.yml"
        if p.is_file():
            return p
    return None


# --------------------------------------------------------------------------- rules


def _from_diagnostic(code: str) -> Callable[[_Ctx], list[Hit]]:
    def rule(ctx: _Ctx) -> list[Hit]:
        out = []
        for d in ctx.speech.diagnostics:
            if d.code == code:
                s = d.start if d.start is not None else 0
                e = d.end if d.end is not None else s
                out.append((d.message, s, e, "clean"))
        return out

    return rule


def _numbering_mixed(ctx: _Ctx) -> list[Hit]:
    """A line-start marker of another section style that continues the count (`一、二、第三，`)."""
    from .structure.candidates import blocks_of as _blocks
    from .structure.candidates import marker_at as _marker_at
    from .structure.rules import patterns

    sp = ctx.speech
    if not sp.sections:
        return []
    mt = to_simplified(ctx.text)
    nxt = len(sp.sections) + 1
    last = sp.sections[-1].start
    out: list[Hit] = []
    for mp in patterns().markers:
        if mp.style is sp.numbering_style or mp.style not in patterns().section_styles:
            continue
        for s, e in _blocks(ctx.text):
            if s <= last:
                continue
            m = mp.regex.match(mt, s, e)
            from .textutil import cn_number

            if m and _marker_at(mt, s, e) and cn_number(m.group("num")) == nxt:
                out.append(
                    (
                        f"前面的部分用“{sp.numbering_style.value}”编号，这里换成了“{ctx.text[s : m.end()]}”。",
                        s,
                        m.end(),
                        "clean",
                    )
                )
    return out


def _shape(heading: str) -> tuple[int, ...]:
    return tuple(len(p) for p in re.split(r"[，,；;]", heading) if p)


def _heading_shape(ctx: _Ctx) -> list[Hit]:
    secs = [s for s in ctx.speech.sections if not s.inline]
    if len(secs) < 3:
        return []
    shapes = [_shape(heading_text(ctx.text, s)) for s in secs]
    common, n = Counter(shapes).most_common(1)[0]
    if n < 2 or n * 2 < len(secs) or len(common) < 2:
        return []
    out = []
    for s, shape in zip(secs, shapes, strict=True):
        if shape != common:
            want = "+".join(map(str, common))
            got = "+".join(map(str, shape))
            out.append(
                (f"其他标题是“{want}”字的对句，这一个是“{got}”。", s.marker_end, s.heading_end, "clean")
            )
    return out


def _near_miss(ctx: _Ctx) -> list[Hit]:
    if ctx.lexicon is None:
        return []
    out = []
    for nm in near_misses(ctx.text, ctx.lexicon.correct_forms()):
        out.append((f"“{nm.found}”像是固定表述“{nm.expected}”写错了。", nm.start, nm.end, "clean"))
    return out


def _outdated(ctx: _Ctx) -> list[Hit]:
    out = []
    if ctx.lexicon is None:
        return out
    for h in ctx.hits:
        if h.form == "outdated":
            f = ctx.lexicon.get(h.formula_id)
            found = ctx.text[h.start : h.end]
            reason = next((r for t, r in f.outdated if t == found), "") if f else ""
            out.append((f"“{found}”应写作“{f.text if f else ''}”。{reason}", h.start, h.end, "clean"))
    return out


def _formula_order(ctx: _Ctx) -> list[Hit]:
    if ctx.lexicon is None:
        return []
    mt = to_simplified(ctx.text)
    out = []
    for f in ctx.lexicon.formulas:
        parts = [p for p in re.split(r"[、，,]", to_simplified(f.text)) if p]
        if len(parts) < 3 or len(set(parts)) != len(parts):
            continue
        alt = "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
        rx = re.compile(rf"(?:{alt})(?:[、，,](?:{alt})){{{len(parts) - 1}}}")
        for m in rx.finditer(mt):
            seq = re.split(r"[、，,]", m.group(0))
            if sorted(seq) == sorted(parts) and seq != parts:
                out.append((f"顺序应为“{f.text}”。", m.start(), m.end(), "clean"))
    return out


def _slots(ctx: _Ctx, masked: bool) -> list[Hit]:
    out = []
    for s in ctx.speech.slots:
        t = ctx.text[s.start : s.end]
        is_mask = any(c in MASK_CHARS for c in t)
        if masked and is_mask:
            out.append((f"“{t}”是占位符（{s.label}），还没有填写。", s.start, s.end, "clean"))
        elif not masked and not is_mask:
            out.append((f"“{t}”：核对姓名和职务。", s.start, s.end, "clean"))
    return out


@cache
def _dated() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"]), r["note"]) for r in load_data("dated.yml")["references"])


def _dated_refs(ctx: _Ctx) -> list[Hit]:
    mt = to_simplified(ctx.text)
    out = []
    taken: list[tuple[int, int]] = []
    for rx, note in _dated():
        for m in rx.finditer(mt):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append((f"“{ctx.text[m.start() : m.end()]}”：{note}。", m.start(), m.end(), "clean"))
    return out


def _halfwidth(ctx: _Ctx) -> list[Hit]:
    out = []
    for rule in rules("clean.yml"):
        if rule.kind != "标点全角化":
            continue
        for m in rule.regex.finditer(ctx.raw):
            out.append((f"“{m.group(0)}”应改为全角“{rule.substitute(m)}”。", m.start(), m.end(), "raw"))
    return out


PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("【", "】"), ("‘", "’"))


def _unpaired(ctx: _Ctx) -> list[Hit]:
    out = []
    pos = 0
    for line in ctx.raw.split("\n"):
        for o, c in PAIRS:
            depth = 0
            first_open = -1
            for i, ch in enumerate(line):
                if ch == o:
                    if depth == 0:
                        first_open = i
                    depth += 1
                elif ch == c:
                    if depth == 0:
                        out.append((f"“{c}”前面没有对应的“{o}”。", pos + i, pos + i + 1, "raw"))
                    else:
                        depth -= 1
            if depth > 0:
                out.append((f"“{o}”没有对应的“{c}”。", pos + first_open, pos + first_open + 1, "raw"))
        pos += len(line) + 1
    return out


REPEATED_RE = re.compile(r"([。，、；：！？])\1+")


def _repeated(ctx: _Ctx) -> list[Hit]:
    return [(f"“{m.group(0)}”重复。", m.start(), m.end(), "raw") for m in REPEATED_RE.finditer(ctx.raw)]


def _mixed_colon(ctx: _Ctx) -> list[Hit]:
    full = ctx.raw.count("：")
    half = [m for m in re.finditer(r"(?<=[\u4e00-\u9fff]):", ctx.raw)]
    if full and half:
        return [("这里用了半角冒号“:”，别处用的是全角“：”。", m.start(), m.end(), "raw") for m in half]
    return []


CHECKS: dict[str, Callable[[_Ctx], list[Hit]]] = {
    "roadmap-missing": _from_diagnostic("no_roadmap"),
    "count-mismatch": _from_diagnostic("count_mismatch"),
    "numbering-gap": _from_diagnostic("numbering_gap"),
    "numbering-repeat": _from_diagnostic("numbering_repeat"),
    "numbering-order": _from_diagnostic("numbering_order"),
    "numbering-mixed": _numbering_mixed,
    "section-empty": _from_diagnostic("empty_section"),
    "salutation-missing": _from_diagnostic("no_salutation"),
    "closing-missing": _from_diagnostic("no_closing"),
    "heading-shape": _heading_shape,
    "formula-near-miss": _near_miss,
    "formula-outdated": _outdated,
    "formula-order": _formula_order,
    "slot-unfilled": lambda ctx: _slots(ctx, masked=True),
    "dated-reference": _dated_refs,
    "named-person": lambda ctx: _slots(ctx, masked=False),
    "punct-halfwidth": _halfwidth,
    "punct-unpaired": _unpaired,
    "punct-repeated": _repeated,
    "punct-mixed-colon": _mixed_colon,
}


# --------------------------------------------------------------------------- run


def raw_offset(edits: tuple[Edit, ...], pos: int) -> int:
    """A cleaned-text offset mapped to the raw text (inside an edit: the edit's raw start)."""
    shift = 0
    for e in edits:
        if e.start >= pos and not (e.start == pos and e.after == ""):
            break
        if pos < e.end:
            return e.raw_start
        shift += len(e.before) - len(e.after)
    return pos + shift


def clean_offset(edits: tuple[Edit, ...], raw_pos: int) -> int:
    """A raw-text offset mapped to the cleaned text (inside an edit: the edit's start)."""
    shift = 0
    for e in edits:
        if e.raw_start > raw_pos:
            break
        if raw_pos < e.raw_start + len(e.before):
            return e.start
        shift += len(e.after) - len(e.before)
    return raw_pos + shift


def check_text(
    raw: str, lexicon: Lexicon | None = None, config: dict[str, str] | None = None
) -> list[Finding]:
    cleaned = clean(raw)
    truncated = any(d.code == "truncated" for d in cleaned.diagnostics)
    speech = parse(cleaned.text, truncated=truncated)
    ctx = _Ctx(raw, cleaned.text, cleaned.edits, speech, lexicon)
    if lexicon is not None:
        ctx.hits = Matcher(lexicon.forms()).find(to_simplified(cleaned.text))
    return _run(ctx, config or {})


def check_analysis(
    a: Analysis, lexicon: Lexicon | None = None, only: frozenset[str] | None = None
) -> list[Finding]:
    """The same rules on a speech already analysed (the site's pattern pages list what the
    checker finds in the corpus); `only` limits them to some rule ids."""
    ctx = _Ctx(a.source.raw, a.cleaned.text, a.cleaned.edits, a.speech, lexicon)
    ctx.hits = list(a.formulas)
    config = {} if only is None else {r.id: "off" for r in load_rules() if r.id not in only}
    return _run(ctx, config)


def _run(ctx: _Ctx, config: dict[str, str]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in load_rules():
        setting = config.get(rule.id)
        if setting == "off":
            continue
        severity = Severity(setting) if setting else rule.severity
        for message, s, e, where in CHECKS[rule.id](ctx):
            if where == "clean":
                rs, re_ = raw_offset(ctx.edits, s), raw_offset(ctx.edits, e)
                cs = s
            else:
                rs, re_ = s, e
                cs = clean_offset(ctx.edits, s)
            re_ = max(re_, rs)
            ln, col = line_col(ctx.raw, rs)
            findings.append(
                Finding(
                    rule.id,
                    severity,
                    f"{rule.title}：{message}",
                    rs,
                    re_,
                    ln,
                    col,
                    ctx.raw[rs:re_],
                    rule.hint,
                    cs,
                )
            )
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.start, f.rule))
    return findings


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
            lines.append(f"  {f.line}:{f.column}  [{f.rule}] {f.message}")
            if f.text.strip():
                quote = f.text if len(f.text) <= 40 else f.text[:39] + "…"
                lines.append(f"        原文：{quote}")
            lines.append(f"        改法：{f.hint}")
        lines.append("")
    n = Counter(f.severity for f in findings)
    lines.append(
        f"共 {len(findings)} 处：错误 {n[Severity.ERROR]}，警告 {n[Severity.WARNING]}，提示 {n[Severity.INFO]}。"
    )
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
            }
            for f in findings
        ],
        "counts": {s.value: n.get(s.value, 0) for s in Severity},
    }
