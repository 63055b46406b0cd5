"""The checker's rules: one function per rule id of `data/check.yml`, each returning its hits.

Structure rules read the parse; numbering is re-read from the markers themselves so a finding
names the exact fault (which number is missing, which two are swapped); formula rules use the
lexicon; punctuation rules look at the draft as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from functools import cache

from ..analyze import heading_text
from ..mining import near_misses
from ..model import NumberingStyle, Role, Section
from ..patterns import load_data, rules
from ..structure.candidates import blocks_of, find_candidates, marker_at
from ..structure.rules import patterns
from ..textutil import cn_number
from .model import Ctx, Hit

MASK_CHARS = set("Xx×*_＿【")
CN_DIGITS = "零一二三四五六七八九十"
# Clean edits that are a web page's furniture, not the speech (the draft still carries them).
WEB_KINDS = frozenset({"网页栏目", "网页广告", "网站标记", "截断提示", "网页样式", "防采集符号", "页码"})
POINT_STYLES = (
    NumberingStyle.SHI,
    NumberingStyle.YAO,
    NumberingStyle.DI,
    NumberingStyle.PAREN,
    NumberingStyle.ARABIC,
    NumberingStyle.PAREN_ARABIC,
)
SUB_LEVEL_STYLES = frozenset({NumberingStyle.PAREN, NumberingStyle.PAREN_ARABIC, NumberingStyle.ARABIC})


def _rule_data(rule_id: str) -> dict:
    return next(r for r in load_data("check.yml")["rules"] if r["id"] == rule_id)


# --------------------------------------------------------------------------- structure


def from_diagnostic(code: str) -> Callable[[Ctx], list[Hit]]:
    def rule(ctx: Ctx) -> list[Hit]:
        out = []
        for d in ctx.speech.diagnostics:
            if d.code == code:
                s = d.start if d.start is not None else _first_text(ctx)
                e = d.end if d.end is not None and d.end > s else _line_end(ctx.text, s)
                out.append(Hit(d.message, s, e))
        return out

    return rule


def _first_text(ctx: Ctx) -> int:
    for p in ctx.speech.paragraphs:
        if p.role not in (Role.NOISE, Role.TITLE, Role.TITLE_META, Role.BREAK) and p.end > p.start:
            return p.start
    return 0


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


def roadmap_missing(ctx: Ctx) -> list[Hit]:
    """Pointed at the first heading: the road map belongs just before it."""
    sp = ctx.speech
    out = from_diagnostic("no_roadmap")(ctx)
    if out and sp.sections:
        first = sp.sections[0]
        end = _line_end(ctx.text, first.start) if not first.inline else first.heading_end
        return [Hit(out[0].message + "（应在第一部分之前宣布要讲几点）", first.start, end)]
    return out


def _last_sentence(ctx: Ctx) -> tuple[int, int]:
    body = [
        p
        for p in ctx.speech.paragraphs
        if p.role not in (Role.NOISE, Role.BREAK, Role.TITLE, Role.TITLE_META) and p.end > p.start
    ]
    if not body:
        return 0, 0
    p = body[-1]
    line = ctx.text[p.start : p.end].rstrip()
    cut = max(line.rfind(c, 0, len(line) - 1) for c in "。！？")
    return p.start + cut + 1, p.start + len(line)


def count_mismatch(ctx: Ctx) -> list[Hit]:
    # (An excerpt that stops early is the parser's `count_unverifiable`, not a mismatch.)
    sp = ctx.speech
    if sp.roadmap and sp.roadmap.count and len(sp.sections) + len(_mixed_markers(ctx)) == sp.roadmap.count:
        return []  # the count is right once the mixed-style part is counted: that is the fault
    return from_diagnostic("count_mismatch")(ctx)


def closing_missing(ctx: Ctx) -> list[Hit]:
    """Pointed at the last sentence: the closing belongs after it. (An excerpt has no
    `no_closing`: the parser knows it was cut.)"""
    out = from_diagnostic("no_closing")(ctx)
    if out:
        s, e = _last_sentence(ctx)
        if e > s:
            return [Hit(out[0].message + "（应在这句之后收尾）", s, e)]
    return out


def _walk(secs: tuple[Section, ...]):
    for s in secs:
        yield s
        yield from _walk(s.subsections)


def _cn(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n]
    return (CN_DIGITS[n // 10] if n >= 20 else "") + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def marker_with(marker: str, n: int) -> str:
    """`四、` with the number 3 → `三、`; `（4）` → `（3）`."""
    if re.search(r"\d", marker):
        return re.sub(r"\d+", str(n), marker, count=1)
    return re.sub(r"[一二三四五六七八九十百零]+", _cn(n), marker, count=1)


# (marker text, number, start, end) of one numbered run, in text order.
Marker = tuple[str, int, int, int]


def _runs(markers: list[Marker]) -> list[list[Marker]]:
    """Split a style's markers into runs: a `1` after a run that is already 1, 2, … starts a
    new one (`一是…二是…` then `一是…二是…三是…`); anything else stays in the run, so a swap
    (`二要…一要…三要`) is seen as one run out of order."""
    runs: list[list[Marker]] = []
    for m in markers:
        cur = runs[-1] if runs else None
        if cur is None or (
            m[1] == 1 and len(cur) >= 2 and [x[1] for x in cur] == list(range(1, len(cur) + 1))
        ):
            runs.append([m])
        else:
            cur.append(m)
    return runs


def numbering_faults(
    markers: list[Marker], what: str, text: str = "", floor: int = 0
) -> list[tuple[str, Hit]]:
    """(rule id, hit) for each fault of one sequence of markers: a missing first number, a gap,
    a repeat, two numbers out of order. A "missing" marker that is in the text after all (where
    the scanner did not take it for a marker: after spaces, inside a wrapped line) is no fault."""
    out: list[tuple[str, Hit]] = []
    for run in _runs(markers):
        nums = [m[1] for m in run]
        if (
            len(set(nums)) == len(nums)
            and sorted(nums) == list(range(1, len(nums) + 1))
            and nums != sorted(nums)
        ):
            k = next(i for i in range(1, len(nums)) if nums[i] < nums[i - 1])
            a, b = run[k - 1], run[k]
            out.append(("numbering-order", Hit(f"{what}“{b[0]}”排在“{a[0]}”后面，顺序颠倒了。", b[2], b[3])))
            continue
        seen: set[int] = set()
        for i, m in enumerate(run):
            prev = run[i - 1] if i else None
            if m[1] in seen:
                out.append(("numbering-repeat", Hit(f"{what}“{m[0]}”用了两次。", m[2], m[3])))
            elif prev is not None and m[1] < prev[1]:
                out.append(
                    ("numbering-order", Hit(f"{what}“{m[0]}”排在“{prev[0]}”后面，顺序颠倒了。", m[2], m[3]))
                )
            elif m[1] > (prev[1] if prev else 0) + 1:
                missing = [marker_with(m[0], n) for n in range((prev[1] if prev else 0) + 1, m[1])]
                lo = prev[3] if prev else floor
                if text and all(
                    len(x.rstrip("，,")) >= 2 and x.rstrip("，,") in text[lo : m[2]] for x in missing
                ):
                    seen.add(m[1])
                    continue
                where = f"从“{m[0]}”开始" if prev is None else f"“{prev[0]}”之后"
                # A run that starts late may be a quotation of a list; less sure than a gap inside.
                conf = 0.75 if prev is None else None
                out.append(
                    (
                        "numbering-gap",
                        Hit(f"{what}{where}缺少“{'”“'.join(missing)}”。", m[2], m[3], confidence=conf),
                    )
                )
            seen.add(m[1])
    return out


def _section_markers(ctx: Ctx, secs: tuple[Section, ...]) -> list[Marker]:
    return [(s.marker, s.number, s.start, s.marker_end) for s in secs if s.number is not None]


def _point_markers(ctx: Ctx, start: int, end: int, exclude: set[int]) -> dict[NumberingStyle, list[Marker]]:
    """Point markers (`一是`, `一要`, `第一，`, `（一）`, `1.`) in a span, by style, in text order."""
    out: dict[NumberingStyle, list[Marker]] = {}
    blocks = [b for b in blocks_of(ctx.text) if b[1] > start and b[0] < end]
    if not blocks:
        return out
    for c in find_candidates(ctx.mt, blocks, (start, end), patterns().heading_max):
        if c.style not in POINT_STYLES or c.num is None or c.pos in exclude:
            continue
        out.setdefault(c.style, []).append((ctx.text[c.pos : c.end], c.num, c.pos, c.end))
    return out


def _all_numbering(ctx: Ctx) -> list[tuple[str, Hit]]:
    sp = ctx.speech
    out = numbering_faults(_section_markers(ctx, sp.sections), "", ctx.mt)
    heads = {s.start for s in _walk(sp.sections)} | {h.start for h in _mixed_markers(ctx)}
    for sec in sp.sections:
        subs = _section_markers(ctx, sec.subsections)
        out += numbering_faults(subs, "二级标题", ctx.mt, sec.heading_end)
        sub_style = sec.subsections[0].style if sec.subsections else None
        for style, markers in _point_markers(ctx, sec.heading_end, sec.end, heads).items():
            if style is sub_style:
                continue
            out += numbering_faults(markers, "要点", ctx.mt, sec.heading_end)
    if not sp.sections and sp.paragraphs:
        body = [
            p for p in sp.paragraphs if p.role not in (Role.TITLE, Role.TITLE_META, Role.NOISE, Role.BREAK)
        ]
        if body:
            # No outline was accepted (`二、三、` with its `一、` missing is not one): the
            # headings on their own lines are read as a top level all the same.
            blocks = [b for b in blocks_of(ctx.text) if b[0] >= body[0].start]
            top: dict[NumberingStyle, list[Marker]] = {}
            for c in find_candidates(ctx.mt, blocks, (body[0].start, body[-1].end), patterns().heading_max):
                if c.line_start and c.num is not None and c.style in (NumberingStyle.DUN, NumberingStyle.DI):
                    top.setdefault(c.style, []).append((ctx.text[c.pos : c.end], c.num, c.pos, c.end))
            for markers in top.values():
                if len(markers) >= 2:
                    out += numbering_faults(markers, "", ctx.mt, body[0].start)
            for _style, markers in _point_markers(ctx, body[0].start, body[-1].end, set()).items():
                out += numbering_faults(markers, "要点", ctx.mt, body[0].start)
    return out


def numbering(rule_id: str) -> Callable[[Ctx], list[Hit]]:
    """One of the three numbering rules; the faults are found once for all three."""

    def rule(ctx: Ctx) -> list[Hit]:
        return [h for rid, h in ctx.once("numbering", lambda: _all_numbering(ctx)) if rid == rule_id]

    return rule


def numbering_mixed(ctx: Ctx) -> list[Hit]:
    """A line-start marker of another top-level style that continues the count (`一、二、第三，`).
    A second-level marker (`（三）` under `二、`) is the normal hierarchy, not a mix."""
    return _mixed_markers(ctx)


def _mixed_markers(ctx: Ctx) -> list[Hit]:
    return ctx.once("mixed", lambda: _find_mixed(ctx))


def _find_mixed(ctx: Ctx) -> list[Hit]:
    sp = ctx.speech
    if not sp.sections:
        return []
    nxt = len(sp.sections) + 1
    last = sp.sections[-1]
    inside = {s.start for s in _walk(sp.sections)}
    sub_styles = {s.style for sec in sp.sections for s in sec.subsections}
    out: list[Hit] = []
    for mp in patterns().markers:
        if mp.style is sp.numbering_style or mp.style not in patterns().section_styles:
            continue
        if mp.style in sub_styles or (
            sp.numbering_style is NumberingStyle.DUN and mp.style in SUB_LEVEL_STYLES
        ):
            continue
        for s, e in blocks_of(ctx.text):
            if s <= last.start or s in inside:
                continue
            m = mp.regex.match(ctx.mt, s, e)
            if m and marker_at(ctx.mt, s, e) and cn_number(m.group("num")) == nxt:
                out.append(
                    Hit(
                        f"前面的部分用“{sp.numbering_style.value}”编号，这里换成了“{ctx.text[s : m.end()]}”。",
                        s,
                        m.end(),
                    )
                )
    return out


def heading_period(ctx: Ctx) -> list[Hit]:
    """A heading on a line of its own (`一、`/`（一）`/`1.` headings) ending in `。`."""
    out = []
    if ctx.speech.uncertain:
        return out  # a doubtful outline: its "headings" may be chunk counters or list items
    for sec in _walk(ctx.speech.sections):
        if len(heading_text(ctx.text, sec)) < 4:
            continue
        if sec.style not in (
            NumberingStyle.DUN,
            NumberingStyle.PAREN,
            NumberingStyle.ARABIC,
            NumberingStyle.PAREN_ARABIC,
        ):
            continue
        line_end = _line_end(ctx.text, sec.start)
        line = ctx.text[sec.start : line_end].rstrip()
        if line.endswith("。") and line.count("。") == 1 and len(line) <= patterns().heading_max + 4:
            stop = sec.start + len(line) - 1
            out.append(Hit(f"单独成行的标题“{line[:24]}”末尾不加句号。", sec.start, stop + 1, fix=line[:-1]))
    return out


REVIEW_RE = re.compile(r"肯定|回顾|成绩|成效|总结|形势")


def _shape(heading: str) -> tuple[int, ...]:
    return tuple(len(p) for p in re.split(r"[，,；;]", heading) if p)


def heading_shape(ctx: Ctx) -> list[Hit]:
    """One heading built differently from the rest: the others are couplets of two (or three)
    clauses and this one is not (`进一步加强组织领导工作` among `提高思想认识，压实工作责任`).
    A couplet a few characters longer than its siblings is ordinary, not a fault."""
    secs = [s for s in ctx.speech.sections if not s.inline]
    if len(secs) < 3:
        return []
    shapes = [_shape(heading_text(ctx.text, s)) for s in secs]
    clauses = Counter(len(sh) for sh in shapes)
    common, n = clauses.most_common(1)[0]
    if common < 2 or n < 2 or n * 3 < len(secs) * 2:
        return []
    out = []
    for k, (s, shape) in enumerate(zip(secs, shapes, strict=True)):
        if k == 0 and REVIEW_RE.search(heading_text(ctx.mt, s)):
            continue  # `一、充分肯定成绩`: a retrospective first part is often built differently
        if len(shape) != common:
            got = "+".join(map(str, shape))
            out.append(
                Hit(
                    f"其他标题都是{common}个分句的对句，这一个是“{got}”字，句式不一致。",
                    s.marker_end,
                    s.heading_end,
                )
            )
    return out


# --------------------------------------------------------------------------- formulas


def formula_near_miss(ctx: Ctx) -> list[Hit]:
    if ctx.lexicon is None:
        return []
    outdated = (
        [(h.start, h.end) for h in ctx.hits if h.form == "outdated"]
        + [(s, e) for s, e, _w, _r in _outdated_parts(ctx)]
        + [(h.start, h.end) for h in formula_order(ctx)]
    )
    out = []
    for nm in near_misses(ctx.text, ctx.lexicon.correct_forms()):
        if any(s < nm.end and nm.start < e for s, e in outdated):
            continue  # the outdated-form rule names it exactly
        out.append(Hit(f"“{nm.found}”像是固定表述“{nm.expected}”写错了。", nm.start, nm.end))
    return out


def outdated_parts(lexicon) -> tuple[tuple[str, str, str], ...]:
    """(wrong part, right part, reason) from enumerations listed as outdated that differ from the
    canonical one in one part (`失职问责` for `失职追责`): the part alone is wrong too."""
    out = []
    for f in lexicon.formulas:
        canon = [p for p in re.split(r"[、，,]", f.text) if p]
        for text, reason in f.outdated:
            parts = [p for p in re.split(r"[、，,]", text) if p]
            if len(parts) == len(canon) > 1:
                diff = [(a, b) for a, b in zip(parts, canon, strict=True) if a != b]
                if len(diff) == 1 and len(diff[0][0]) >= 3:
                    out.append((diff[0][0], diff[0][1], reason))
    return tuple(dict.fromkeys(out))


def _outdated_parts(ctx: Ctx) -> list[tuple[int, int, str, str]]:
    return ctx.once("outdated_parts", lambda: _find_outdated_parts(ctx))


def _find_outdated_parts(ctx: Ctx) -> list[tuple[int, int, str, str]]:
    if ctx.lexicon is None:
        return []
    whole = [(h.start, h.end) for h in ctx.hits if h.form == "outdated"]
    out = []
    for wrong, right, reason in outdated_parts(ctx.lexicon):
        for m in re.finditer(re.escape(wrong), ctx.mt):
            if any(s <= m.start() and m.end() <= e for s, e in whole):
                continue  # inside the whole outdated enumeration: reported once, as that
            out.append((m.start(), m.end(), right, reason))
    return out


def formula_outdated(ctx: Ctx) -> list[Hit]:
    if ctx.lexicon is None:
        return []
    out = []
    for h in ctx.hits:
        if h.form == "outdated":
            f = ctx.lexicon.get(h.formula_id)
            found = ctx.text[h.start : h.end]
            reason = next((r for t, r in f.outdated if t == found), "") if f else ""
            right = f.text if f else ""
            out.append(Hit(f"“{found}”应写作“{right}”。{reason}", h.start, h.end, fix=right or None))
    for s, e, right, reason in _outdated_parts(ctx):
        found = ctx.text[s:e]
        out.append(Hit(f"“{found}”应写作“{right}”。{reason}", s, e, fix=right))
    return out


def formula_order(ctx: Ctx) -> list[Hit]:
    return ctx.once("formula_order", lambda: _find_formula_order(ctx))


def _find_formula_order(ctx: Ctx) -> list[Hit]:
    if ctx.lexicon is None:
        return []
    out = []
    for f in ctx.lexicon.formulas:
        parts = [p for p in re.split(r"[、，,]", f.text) if p]
        # Two-part formulas count too when both parts are whole phrases (红线意识、底线思维).
        if len(parts) < 2 or len(set(parts)) != len(parts) or (len(parts) == 2 and min(map(len, parts)) < 4):
            continue
        alt = "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
        rx = re.compile(rf"(?:{alt})(?:[、，,](?:{alt})){{{len(parts) - 1}}}")
        for m in rx.finditer(ctx.mt):
            seq = re.split(r"[、，,]", m.group(0))
            accepted = {re.sub(r"[、，,]", "、", v) for v in f.variants}
            if sorted(seq) == sorted(parts) and seq != parts and "、".join(seq) not in accepted:
                out.append(Hit(f"顺序应为“{f.text}”。", m.start(), m.end(), fix=f.text))
    return out


# --------------------------------------------------------------------------- slots, web, dates


def slot_unfilled(ctx: Ctx) -> list[Hit]:
    out = []
    for s in ctx.speech.slots:
        t = ctx.text[s.start : s.end]
        if any(c in MASK_CHARS for c in t):
            out.append(Hit(f"“{t}”是占位符（{s.label}），还没有填写。", s.start, s.end))
    return out


def named_person(ctx: Ctx) -> list[Hit]:
    out = []
    for s in ctx.speech.slots:
        t = ctx.text[s.start : s.end]
        if not any(c in MASK_CHARS for c in t):
            out.append(Hit(f"“{t}”：核对姓名和职务。", s.start, s.end))
    return out


def _web_blocks(ctx: Ctx) -> list[list]:
    """The cleaner's web-furniture edits, runs of them with only whitespace between merged: a
    toolbar of ten lines is one finding, not ten."""
    blocks: list[list] = []
    for e in ctx.edits:
        if e.kind not in WEB_KINDS or not e.before.strip():
            continue
        if blocks:
            prev = blocks[-1][-1]
            gap = ctx.raw[prev.raw_start + len(prev.before) : e.raw_start]
            if not gap.strip():
                blocks[-1].append(e)
                continue
        blocks.append([e])
    return blocks


@cache
def _web_patterns() -> re.Pattern[str]:
    return re.compile(_rule_data("web-leftover")["pattern"])


def web_leftover(ctx: Ctx) -> list[Hit]:
    """Text copied from a web page: what the cleaner set aside as page furniture (its edit undone
    is the fix), and leftovers it leaves in the text (`【收藏】`, `点击查看全文`)."""
    out = []
    for block in _web_blocks(ctx):
        first, last = block[0], block[-1]
        start, end = first.raw_start, last.raw_start + len(last.before)
        quote = " ".join(e.before.strip() for e in block).replace("\n", " ")
        quote = quote if len(quote) <= 30 else quote[:29] + "…"
        kinds = "、".join(dict.fromkeys(e.kind for e in block))
        # The fix undoes each edit: what the cleaner kept between them stays as it is.
        fixed = (
            "".join(
                e.after + ctx.raw[e.raw_start + len(e.before) : nxt.raw_start]
                for e, nxt in zip(block, block[1:], strict=False)
            )
            + last.after
        )
        out.append(Hit(f"“{quote}”像是从网页复制时带进来的（{kinds}）。", start, end, "raw", fix=fixed))
    for m in _web_patterns().finditer(ctx.mt):
        out.append(
            Hit(f"“{ctx.text[m.start() : m.end()]}”像是从网页复制时带进来的。", m.start(), m.end(), fix="")
        )
    return out


@cache
def _dated() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple(
        (re.compile(r["pattern"]), r["since"], r["note"]) for r in load_data("dated.yml")["references"]
    )


def _draft_date(ctx: Ctx) -> tuple[str, bool]:
    """The draft's date as YYYY-MM (from its title block), or today's when it gives none."""
    m = ctx.meta
    if m is not None and m.date.known:
        return str(m.date.value)[:7], True
    if m is not None and m.year.known:
        return f"{m.year.value}-12", True
    return dt.date.today().strftime("%Y-%m"), False


def dated_reference(ctx: Ctx) -> list[Hit]:
    """What goes stale, from `data/dated.yml` with the month each became dated: flagged when the
    draft (its date, or today) is after that month."""
    when, stated = _draft_date(ctx)
    out = []
    taken: list[tuple[int, int]] = []
    for rx, since, note in _dated():
        if when < str(since):
            continue
        for m in rx.finditer(ctx.mt):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            ref = "本稿日期" if stated else "今天"
            out.append(
                Hit(
                    f"“{ctx.text[m.start() : m.end()]}”：{note}（{since} 起；{ref} {when}）。",
                    m.start(),
                    m.end(),
                )
            )
    return out


# --------------------------------------------------------------------------- punctuation


def punct_halfwidth(ctx: Ctx) -> list[Hit]:
    out = []
    for rule in rules("clean.yml"):
        if rule.kind != "标点全角化":
            continue
        for m in rule.regex.finditer(ctx.raw):
            new = rule.substitute(m)
            out.append(Hit(f"“{m.group(0)}”应改为全角“{new}”", m.start(), m.end(), "raw", fix=new))
    return out


PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("【", "】"), ("‘", "’"))


def punct_unpaired(ctx: Ctx) -> list[Hit]:
    # On the cleaned text: page furniture (`【字号：` … `】`) is already set aside there.
    return _unpaired(ctx)


def _unpaired(ctx: Ctx) -> list[Hit]:
    """Per paragraph of the cleaned text (a hard-wrapped line is joined again first)."""
    out = []
    pos = 0
    for line in ctx.text.split("\n"):
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
                        out.append(Hit(f"“{c}”前面没有对应的“{o}”", pos + i, pos + i + 1))
                    else:
                        depth -= 1
            if depth > 0:
                out.append(Hit(f"“{o}”没有对应的“{c}”", pos + first_open, pos + first_open + 1))
        pos += len(line) + 1
    return out


REPEATED_RE = re.compile(r"([。，、；：！？])\1+")


def punct_repeated(ctx: Ctx) -> list[Hit]:
    return [
        Hit(f"“{m.group(0)}”重复", m.start(), m.end(), "raw", fix=m.group(1))
        for m in REPEATED_RE.finditer(ctx.raw)
    ]


def punct_mixed_colon(ctx: Ctx) -> list[Hit]:
    full = ctx.raw.count("：")
    half = list(re.finditer(r"(?<=[\u4e00-\u9fff]):", ctx.raw))
    if full and half:
        return [
            Hit("这里用了半角冒号“:”，别处用的是全角“：”", m.start(), m.end(), "raw", fix="：") for m in half
        ]
    return []


CHECKS: dict[str, Callable[[Ctx], list[Hit]]] = {
    "roadmap-missing": roadmap_missing,
    "count-mismatch": count_mismatch,
    "numbering-gap": numbering("numbering-gap"),
    "numbering-repeat": numbering("numbering-repeat"),
    "numbering-order": numbering("numbering-order"),
    "numbering-mixed": numbering_mixed,
    "heading-period": heading_period,
    "section-empty": from_diagnostic("empty_section"),
    "salutation-missing": from_diagnostic("no_salutation"),
    "closing-missing": closing_missing,
    "heading-shape": heading_shape,
    "formula-near-miss": formula_near_miss,
    "formula-outdated": formula_outdated,
    "formula-order": formula_order,
    "slot-unfilled": slot_unfilled,
    "web-leftover": web_leftover,
    "dated-reference": dated_reference,
    "named-person": named_person,
    "punct-halfwidth": punct_halfwidth,
    "punct-unpaired": punct_unpaired,
    "punct-repeated": punct_repeated,
    "punct-mixed-colon": punct_mixed_colon,
}
