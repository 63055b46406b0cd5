"""Run the rules on a draft: the pipeline (clean → parse → meta → formulas), every enabled rule,
offsets mapped back to the draft as written, a rule's hits in one paragraph grouped into one
finding, and findings ordered by severity, then position."""

from __future__ import annotations

from ..analyze import Analysis, line_col
from ..clean import clean
from ..lexicon import Lexicon, Matcher
from ..model import Edit, Severity
from ..structure import parse
from ..structure.meta import infer_meta
from ..textutil import to_simplified
from .model import SEVERITY_ORDER, Ctx, Finding, Hit, Rule, load_rules
from .rules import CHECKS


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


def _matcher(lexicon: Lexicon) -> Matcher:
    # One automaton per lexicon: building it is most of a short draft's check time.
    key = id(lexicon)
    hit = _MATCHERS.get(key)
    if hit is None or hit[0] is not lexicon:
        hit = (lexicon, Matcher(lexicon.forms()))
        _MATCHERS.clear()
        _MATCHERS[key] = hit
    return hit[1]


_MATCHERS: dict[int, tuple[Lexicon, Matcher]] = {}


def check_text(
    raw: str, lexicon: Lexicon | None = None, config: dict[str, str] | None = None
) -> list[Finding]:
    cleaned = clean(raw)
    truncated = any(d.code == "truncated" for d in cleaned.diagnostics)
    speech = parse(cleaned.text, truncated=truncated)
    mt = to_simplified(cleaned.text)
    ctx = Ctx(raw, cleaned.text, mt, cleaned.edits, speech, lexicon, infer_meta(speech))
    if lexicon is not None:
        ctx.hits = _matcher(lexicon).find(mt)
    return run(ctx, config or {})


def check_analysis(
    a: Analysis, lexicon: Lexicon | None = None, only: frozenset[str] | None = None
) -> list[Finding]:
    """The same rules on a speech already analysed (the site's pattern pages list what the
    checker finds in the corpus); `only` limits them to some rule ids."""
    ctx = Ctx(
        a.source.raw,
        a.cleaned.text,
        to_simplified(a.cleaned.text),
        a.cleaned.edits,
        a.speech,
        lexicon,
        a.meta,
    )
    ctx.hits = list(a.formulas)
    config = {} if only is None else {r.id: ("on" if r.id in only else "off") for r in load_rules()}
    return run(ctx, config)


def _enabled(rule: Rule, config: dict[str, str]) -> Severity | None:
    setting = config.get(rule.id, rule.default)
    if setting == "off":
        return None
    return rule.severity if setting == "on" else Severity(setting)


def run(ctx: Ctx, config: dict[str, str]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in load_rules():
        severity = _enabled(rule, config)
        if severity is None:
            continue
        placed = [_place(ctx, h) for h in CHECKS[rule.id](ctx)]
        if rule.group:
            findings += _grouped(ctx, rule, severity, placed)
        else:
            findings += [_finding(ctx, rule, severity, *p) for p in placed]
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.start, f.rule))
    return findings


def _place(ctx: Ctx, h: Hit) -> tuple[Hit, int, int, int, str | None]:
    """(hit, raw start, raw end, cleaned start, safe fix) — a fix is kept only where the hit's
    text stands in the draft exactly as the rule saw it."""
    if h.where == "clean":
        rs, re_ = raw_offset(ctx.edits, h.start), raw_offset(ctx.edits, h.end)
        cs = h.start
        exact = ctx.raw[rs:re_] == ctx.text[h.start : h.end]
    else:
        rs, re_ = h.start, h.end
        cs = clean_offset(ctx.edits, h.start)
        exact = True
    re_ = max(re_, rs + (1 if rs < len(ctx.raw) else 0))  # never an empty span
    return h, rs, re_, cs, h.fix if exact else None


def _finding(
    ctx: Ctx, rule: Rule, severity: Severity, h: Hit, rs: int, re_: int, cs: int, fix: str | None
) -> Finding:
    ln, col = line_col(ctx.raw, rs)
    return Finding(
        rule.id,
        severity,
        f"{rule.title}：{h.message}" + ("" if h.message.endswith(("。", "！", "？")) else "。"),
        rs,
        re_,
        ln,
        col,
        ctx.raw[rs:re_],
        rule.hint,
        cs,
        h.confidence if h.confidence is not None else rule.confidence,
        ((rs, re_),),
        ((rs, re_, fix),) if fix is not None else (),
    )


def _grouped(ctx: Ctx, rule: Rule, severity: Severity, placed: list) -> list[Finding]:
    """One finding per paragraph (line of the draft) for a rule whose faults come in floods
    (half-width punctuation): the places listed, every fix kept."""
    by_line: dict[int, list] = {}
    for p in placed:
        by_line.setdefault(ctx.raw.count("\n", 0, p[1]), []).append(p)
    out = []
    for group in by_line.values():
        if len(group) == 1:
            out.append(_finding(ctx, rule, severity, *group[0]))
            continue
        h, rs, _re, cs, _fix = group[0]
        end = max(p[2] for p in group)
        ln, col = line_col(ctx.raw, rs)
        shown = "；".join(p[0].message for p in group[:3]) + ("……" if len(group) > 3 else "")
        out.append(
            Finding(
                rule.id,
                severity,
                f"{rule.title}：这一段有 {len(group)} 处（{shown}）。",
                rs,
                end,
                ln,
                col,
                ctx.raw[rs:end] if end - rs <= 60 else ctx.raw[rs : rs + 59] + "…",
                rule.hint,
                cs,
                min(p[0].confidence if p[0].confidence is not None else rule.confidence for p in group),
                tuple((p[1], p[2]) for p in group),
                tuple((p[1], p[2], p[4]) for p in group if p[4] is not None),
            )
        )
    return out
