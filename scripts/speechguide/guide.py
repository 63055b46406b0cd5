"""结构范式 pages: one page per part of a speech (GOV.UK pattern-page anatomy).

Hand-written guidance comes from `data/guidance.yml`; everything that describes the corpus —
the variants side by side with links to their paragraphs, counts, the pitfalls found — is
generated here from the parses, so a new speech adds its variants by itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from functools import cache

from .analyze import Analysis, heading_text
from .check import Finding, check_analysis, load_rules
from .mine import Corpus
from .model import NumberingStyle, Section
from .patterns import load_data
from .render import Site, _anchors, _render_units, display_title, h, h_block, md_escape
from .textutil import sentence_spans

Row = tuple[str, ...]

# The pages must not grow with the corpus: identical variants are one row with a count, the most
# frequent rows are listed, each with a few links to where it is used.
MAX_ROWS = 200
MAX_LINKS = 5
MAX_PITFALLS = 60


# Per-speech anchor tables, built once per speech (pages link to many places of each speech).
_ANCHOR_TABLES: dict[int, tuple[Analysis, list[int], list[str], dict[int, str]]] = {}


def _anchor_table(a: Analysis) -> tuple[list[int], list[str], dict[int, str]]:
    hit = _ANCHOR_TABLES.get(id(a))
    if hit is not None and hit[0] is a:
        return hit[1], hit[2], hit[3]
    anchors = _anchors(a)
    section_at = {s.start: anchors[s.start] for s in _walk(a.speech.sections)}
    starts: list[int] = []
    ids: list[str] = []
    for k, u in enumerate(_render_units(a)):
        starts.append(u.start)
        ids.append(section_at.get(u.start, f"p{k}"))
    if len(_ANCHOR_TABLES) > 4096:
        _ANCHOR_TABLES.clear()
    _ANCHOR_TABLES[id(a)] = (a, starts, ids, section_at)
    return starts, ids, section_at


def paragraph_anchor(a: Analysis, offset: int) -> str:
    """The id of the displayed paragraph (or section heading) holding `offset`."""
    starts, ids, section_at = _anchor_table(a)
    if offset in section_at:
        return section_at[offset]
    k = bisect_right(starts, offset) - 1
    return ids[k] if k >= 0 else ""


def _walk(secs: tuple[Section, ...]):
    for s in secs:
        yield s
        yield from _walk(s.subsections)


def heading_shape(heading: str) -> str:
    parts = [p for p in re.split(r"[，,；;]", heading) if p]
    return "+".join(str(len(p)) for p in parts)


# --------------------------------------------------------------------------- variants per part


def place_link(site: Site, page: str, a: Analysis, offset: int | None, number: int | None = None) -> str:
    """A link to the paragraph at `offset`: named by the speech's title, or (in a list of
    places, `number` given) by a short label — the speech's short title · the part — that a
    phone shows without hover; the full title stays in the tooltip."""
    anchor = paragraph_anchor(a, offset) if offset is not None else ""
    href = site.url(page, site.speech_path(a.source.slug), anchor)
    if number is not None:
        return f'<a class="sg-place" href="{h(href)}" title="{h(display_title(a))}">{h(place_label(a, offset))}</a>'
    return f'<a href="{h(href)}">{h(display_title(a))}</a>'


SHORT_TITLE = 12
_TITLE_FRAME_RE = re.compile(
    r"^(?:.{0,12}?同志)?在|(?:上|时)的?(?:总结|动员)?(?:讲话|发言|致辞|报告)(?:提纲|稿)?(?:[（(].{1,6}[）)])?$"
)


def short_title(a: Analysis) -> str:
    """`在全县安全生产工作会议上的讲话` → `全县安全生产工作会议`, clipped to a dozen characters."""
    t = _TITLE_FRAME_RE.sub("", display_title(a)) or display_title(a)
    return t if len(t) <= SHORT_TITLE else t[: SHORT_TITLE - 1] + "…"


def place_label(a: Analysis, offset: int | None) -> str:
    """`全县安全生产工作会议 · 第二部分` — where in which speech a place is."""
    part = ""
    if offset is not None:
        sp = a.speech
        secs = [s for s in sp.sections if s.start <= offset < s.end]
        if secs:
            part = f"第{_cn(secs[0].number)}部分" if secs[0].number else "正文"
        elif sp.title and sp.title[0] <= offset < sp.title[1]:
            part = "标题"
        elif sp.closing and sp.closing[0] <= offset < sp.closing[1]:
            part = "结语"
        elif sp.sections and offset < sp.sections[0].start:
            part = "开场"
    return short_title(a) + (f" · {part}" if part else "")


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    return (digits[n // 10] if n >= 20 else "") + "十" + (digits[n % 10] if n % 10 else "")


def _title_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    sp = a.speech
    return [((sp.title_text or "（无标题）",), sp.title[0] if sp.title else None)]


def _opening_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    sp, text = a.speech, a.cleaned.text
    start = sp.salutation[1] if sp.salutation else 0
    end = sp.sections[0].start if sp.sections else len(text)
    sents = sentence_spans(text, start, end)
    first = next((text[s:e].strip() for s, e in sents if text[s:e].strip()), "")
    moves = []
    body = text[start:end]
    for word, move in (
        ("受", "受托讲话"),
        ("今天", "交代会议"),
        ("刚才", "回应前面的发言"),
        ("完全同意", "表示同意"),
        ("首先", "先致谢意"),
    ):
        if word in body:
            moves.append(move)
    sal = sp.slice(sp.salutation) or "（无称谓）"
    return [
        (
            (sal, first[:60] + ("……" if len(first) > 60 else ""), "、".join(moves) or "—"),
            sp.salutation[0] if sp.salutation else None,
        )
    ]


def _roadmap_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    sp, text = a.speech, a.cleaned.text
    if sp.roadmap is None:
        return [(("（无提纲句）", "—", str(len(sp.sections))), None)]
    rm = sp.roadmap
    count = "未写明" if rm.count is None else str(rm.count)
    return [((text[rm.start : rm.end], count, str(len(sp.sections))), rm.start)]


def _heading_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    text = a.cleaned.text
    rows = []
    for s in a.speech.sections:
        ht = heading_text(text, s)
        rows.append(
            ((s.marker + ht, s.style.value, heading_shape(ht), "段首句" if s.inline else "单独成行"), s.start)
        )
    return rows


def _point_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    text = a.cleaned.text
    rows = []
    for s in _walk(a.speech.sections):
        if not s.points:
            continue
        p0 = s.points[0]
        style = "排比" if p0.style is NumberingStyle.ANAPHORA else p0.style.value
        lead = text[p0.start : p0.lead_end]
        rows.append(((s.marker + heading_text(text, s)[:14], style, str(len(s.points)), lead[:30]), p0.start))
    return rows


def _numbering_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    sp = a.speech
    point_styles = Counter(
        "排比" if p.style is NumberingStyle.ANAPHORA else p.style.value
        for s in _walk(sp.sections)
        for p in s.points[:1]
    )
    subs = {sub.style.value for s in sp.sections for sub in s.subsections}
    return [
        (
            (
                sp.numbering_style.value,
                "、".join(sorted(subs)) or "—",
                "、".join(f"{k}×{v}" for k, v in point_styles.most_common()) or "—",
                str(len(sp.sections)),
            ),
            sp.sections[0].start if sp.sections else None,
        )
    ]


def _closing_rows(a: Analysis) -> list[tuple[Row, int | None]]:
    sp, text = a.speech, a.cleaned.text
    if sp.closing is None:
        return [(("（无结语）", "—"), None)]
    first = sentence_spans(text, *sp.closing)[0]
    call = sp.slice(sp.call) or "—"
    return [((text[first[0] : first[1]], call), sp.closing[0])]


VARIANTS: dict[str, tuple[tuple[str, ...], Callable[[Analysis], list[tuple[Row, int | None]]]]] = {
    "title": (("标题",), _title_rows),
    "opening": (("称谓", "开场第一句", "开场的几步"), _opening_rows),
    "roadmap": (("提纲句", "宣布", "实际部分"), _roadmap_rows),
    "headings": (("标题", "编号", "字数结构", "位置"), _heading_rows),
    "points": (("所在部分", "要点方式", "个数", "第一个要点的起句"), _point_rows),
    "numbering": (("一级编号", "二级编号", "要点方式", "部分数"), _numbering_rows),
    "closing": (("结语第一句", "号召"), _closing_rows),
}

# Diagnostics shown as pitfalls on each part's page.


def _summary(part: str, corpus: Corpus) -> str:
    """One generated sentence of counts for the page."""
    n = corpus.size
    if part == "roadmap":
        with_rm = sum(1 for a in corpus.analyses if a.speech.roadmap)
        counted = sum(1 for a in corpus.analyses if a.speech.roadmap and a.speech.roadmap.count is not None)
        zai = sum(
            1
            for a in corpus.analyses
            if a.speech.roadmap and "再" in a.cleaned.text[a.speech.roadmap.start : a.speech.roadmap.end]
        )
        return f"语料 {n} 篇中，{with_rm} 篇有提纲句，其中 {counted} 篇写明了数目，{zai} 篇用了“再强调”。"
    if part == "headings":
        shapes = Counter(
            heading_shape(heading_text(a.cleaned.text, s)) for a in corpus.analyses for s in a.speech.sections
        )
        top = "、".join(f"“{k}”{v} 个" for k, v in shapes.most_common(3))
        return f"语料中共有 {sum(shapes.values())} 个一级标题，最常见的字数结构是 {top}。"
    if part == "numbering":
        styles = Counter(a.speech.numbering_style.value for a in corpus.analyses)
        return "一级编号：" + "、".join(f"“{k}”{v} 篇" for k, v in styles.most_common()) + "。"
    if part == "points":
        styles = Counter(
            "排比" if p.style is NumberingStyle.ANAPHORA else p.style.value
            for a in corpus.analyses
            for s in _walk(a.speech.sections)
            for p in s.points[:1]
        )
        return "各部分展开要点的方式：" + "、".join(f"“{k}”{v} 处" for k, v in styles.most_common()) + "。"
    if part == "closing":
        calls = sum(1 for a in corpus.analyses if a.speech.call)
        return f"语料 {n} 篇中，{sum(1 for a in corpus.analyses if a.speech.closing)} 篇有结语，{calls} 篇有“让我们……”式的号召。"
    if part == "opening":
        gangcai = sum(
            1
            for a in corpus.analyses
            if "刚才" in a.cleaned.text[: a.speech.sections[0].start if a.speech.sections else 0]
        )
        return f"语料 {n} 篇中，{sum(1 for a in corpus.analyses if a.speech.salutation)} 篇有称谓，{gangcai} 篇在开场回应了前面的发言（“刚才……”）。"
    return f"语料 {n} 篇中，{sum(1 for a in corpus.analyses if a.speech.title)} 篇有标题。"


def render_pattern_page(part: dict, corpus: Corpus, site: Site) -> str:
    pid = part["id"]
    page = f"{site.prefix}/patterns/{pid}.md"
    cols, fn = VARIANTS[pid]
    lines = ["---", f'title: "{part["title"]}"', "---", "", f"# {md_escape(part['title'])}", ""]
    lines += [f'<p class="sg-lede">{h(part["what"])}</p>', "", f"<p>{h(_summary(pid, corpus))}</p>", ""]
    lines += ["## 什么时候用哪一种", ""]
    lines.append("<ul>" + "".join(f"<li>{h(w)}</li>" for w in part["when"]) + "</ul>")
    lines += ["", "## 怎么写", ""]
    for r in part["rules"]:
        lines.append(f"<p><strong>{h(r['rule'])}</strong></p>")
        if r.get("check"):
            lines.append(
                f'<p class="sg-checked">speechguide check 检查这一条：{_check_links(site, page, r["check"])}</p>'
            )
        lines.append('<div class="sg-examples">')
        lines.append(
            f'<div class="sg-example sg-example-good"><p class="sg-example-label">对</p><pre>{h_block(r["correct"])}</pre></div>'
        )
        lines.append(
            f'<div class="sg-example sg-example-bad"><p class="sg-example-label">不对</p><pre>{h_block(r["incorrect"])}</pre></div>'
        )
        lines.append("</div>")
        lines.append("")
    lines += ["## 语料中的写法", ""]
    lines.append(_variant_table(cols, fn, corpus, site, page))
    lines += ["", "## 可以复制的写法", ""]
    lines.append(
        f'<div class="sg-copy"><pre><code id="snippet-{pid}">{h_block(part["snippet"])}</code></pre></div>'
    )
    lines += ["", "## 常见问题", ""]
    checks = frozenset(part.get("checks", ()))
    rules_used = _check_links(site, page, sorted(checks)) if checks else ""
    pits = corpus_findings(corpus, checks)
    items = "".join(
        f"<li>{place_link(site, page, a, f.clean_start)}：{h(f.message)}</li>" for a, f in pits[:MAX_PITFALLS]
    )
    if len(pits) > MAX_PITFALLS:
        items += f"<li>……共 {len(pits)} 处，这里列出前 {MAX_PITFALLS} 处，其余见各讲话页的提示。</li>"
    if not checks:
        lines.append("<p>检查器（speechguide check）没有针对这一部分的规则。</p>")
    elif pits:
        lines.append(f"<p>检查器按这些规则在语料中找到 {len(pits)} 处：{rules_used}。</p>")
        lines.append(f"<ul>{items}</ul>")
    else:
        lines.append(f"<p>检查器按这些规则在语料中没有找到问题：{rules_used}。</p>")
    lines.append("")
    return "\n".join(lines)


def corpus_findings(corpus: Corpus, rule_ids: frozenset[str]) -> list[tuple[Analysis, Finding]]:
    """What `speechguide check` finds in the corpus's speeches under these rules, in corpus order.
    Each speech is checked once for all the pattern pages' rules (cached with the corpus)."""
    if not rule_ids:
        return []
    every = _pattern_rules()
    out = []
    for a in corpus.analyses:
        key = (id(a), every)
        hit = _FINDINGS.get(key)
        if hit is None or hit[0] is not a:
            if len(_FINDINGS) > 20_000:
                _FINDINGS.clear()
            hit = (a, sorted(check_analysis(a, corpus.lexicon, every), key=lambda f: f.start))
            _FINDINGS[key] = hit
        out += [(a, f) for f in hit[1] if f.rule in rule_ids]
    return out


_FINDINGS: dict[tuple[int, frozenset[str]], tuple[Analysis, list[Finding]]] = {}


@cache
def _pattern_rules() -> frozenset[str]:
    return frozenset(r for p in load_data("guidance.yml")["parts"] for r in p.get("checks", ()))


def _check_links(site: Site, page: str, rule_ids) -> str:
    titles = {r.id: r.title for r in load_rules()}
    href = site.url(page, f"{site.prefix}/check-rules.md")
    return "、".join(f'<a href="{h(href)}#rule-{h(rid)}">{h(titles[rid])}</a>' for rid in rule_ids)


def _variant_table(cols: Row, fn: Callable, corpus: Corpus, site: Site, page: str) -> str:
    groups: dict[Row, list[tuple[Analysis, int | None]]] = {}
    for a in corpus.analyses:
        for row, offset in fn(a):
            groups.setdefault(row, []).append((a, offset))
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1]))  # stable: corpus order on ties
    head = "".join(f"<th>{h(c)}</th>" for c in (*cols, "次数", "出处"))
    body = []
    for row, places in ordered[:MAX_ROWS]:
        first = place_link(site, page, *places[0])
        more = "；".join(place_link(site, page, a, o, k) for k, (a, o) in enumerate(places[1:MAX_LINKS], 2))
        rest = f" 等 {len(places)} 处" if len(places) > MAX_LINKS else ""
        body.append(
            "<tr>"
            + "".join(f"<td>{h(c)}</td>" for c in row)
            + f"<td>{len(places)}</td><td>{first}{'；' + more if more else ''}{rest}</td></tr>"
        )
    note = ""
    if len(ordered) > MAX_ROWS:
        left = ordered[MAX_ROWS:]
        note = (
            f'<p class="sg-raw-note">共 {len(ordered)} 种写法，这里列出最常见的 {MAX_ROWS} 种；'
            f"另有 {len(left)} 种（{sum(len(p) for _, p in left)} 处）见各讲话页。</p>"
        )
    return (
        f'<div class="sg-table-wrap" data-search-exclude><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}"
    )


def render_pattern_pages(corpus: Corpus, site: Site) -> dict[str, str]:
    parts = load_data("guidance.yml")["parts"]
    pages = {f"{site.prefix}/patterns/{p['id']}.md": render_pattern_page(p, corpus, site) for p in parts}
    index = f"{site.prefix}/patterns/index.md"
    items = "".join(
        f'<li><a href="{h(site.url(index, site.prefix + "/patterns/" + p["id"] + ".md"))}">{h(p["title"])}</a>：{h(p["what"])}</li>'
        for p in parts
    )
    pages[f"{site.prefix}/patterns/index.md"] = "\n".join(
        [
            "---",
            'title: "结构范式"',
            "---",
            "",
            "# 结构范式",
            "",
            "<p>讲话稿的每个部分一页：它的作用、什么时候用哪种写法、规则和正反例、语料里的全部写法、可以复制的模板句、常见问题。</p>",
            "",
            f"<ul>{items}</ul>",
            "",
        ]
    )
    return pages
