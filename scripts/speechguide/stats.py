"""语料统计: counts and charts generated at build time as static HTML bars (no chart library, no
CDN, no script). Colours are Material's CSS variables, so the charts read in light and dark mode."""

from __future__ import annotations

from collections import Counter

from .analyze import heading_text
from .guide import heading_shape
from .mine import Corpus
from .model import NumberingStyle
from .render import Site, h


def bar_chart(title: str, items: list[tuple[str, int]], unit: str = "") -> str:
    """A horizontal bar chart in HTML and CSS (no chart library, no script): each row a label,
    a bar and its value, all as text at the page's own size — readable on a 390 px phone, the
    values shown without hover. A table in substance (role="table") for screen readers."""
    if not items:
        return f'<figure class="sg-chart"><figcaption>{h(title)}</figcaption><p>（没有数据）</p></figure>'
    top = max(v for _, v in items) or 1
    rows = []
    for label, value in items:
        pct = max(0.5, round(100 * value / top, 1))
        rows.append(
            f'<div class="sg-bar-row" role="row"><span class="sg-bar-label" role="rowheader">{h(label)}</span>'
            f'<span class="sg-bar-track" role="presentation"><span class="sg-bar" style="width:{pct}%"></span></span>'
            f'<span class="sg-bar-value" role="cell">{value}{h(unit)}</span></div>'
        )
    return (
        f'<figure class="sg-chart"><figcaption>{h(title)}</figcaption>'
        f'<div class="sg-bars" role="table" aria-label="{h(title)}">{"".join(rows)}</div></figure>'
    )


def render_stats(corpus: Corpus, site: Site) -> str:
    an = corpus.analyses
    lines = ["---", 'title: "语料统计"', "---", "", "# 语料统计", ""]
    total = sum(len(a.cleaned.text) for a in an)
    n_sec = sum(len(a.speech.sections) for a in an)
    lines.append(
        f"<p>共 {corpus.size} 篇讲话，{total} 字，{n_sec} 个一级部分。下面的图都由构建时的语料生成。</p>"
    )
    lines.append("")
    charts: list[tuple[str, str]] = []
    # Metadata from the .yml or inferred from the text; 未知 where the text says nothing.
    for label, name in (("按会议类型", "meeting_type"), ("按层级", "level"), ("按主题", "topic")):
        counts = Counter(a.meta.shown(name) for a in an)
        charts.append(("类型、层级、主题与年份", bar_chart(label, counts.most_common(), " 篇")))
    by_year = Counter(a.meta.shown("year") for a in an)
    charts.append(("类型、层级、主题与年份", bar_chart("按年份", sorted(by_year.items()), " 篇")))
    bins = [(0, 2000), (2000, 3000), (3000, 4000), (4000, 6000), (6000, 10**9)]
    lengths = Counter()
    for a in an:
        n = len(a.cleaned.text)
        for lo, hi in bins:
            if lo <= n < hi:
                lengths[f"{lo}–{hi - 1} 字" if hi < 10**9 else f"{lo} 字以上"] += 1
    charts.append(
        (
            "篇幅",
            bar_chart(
                "篇幅分布",
                [
                    (
                        f"{lo}–{hi - 1} 字" if hi < 10**9 else f"{lo} 字以上",
                        lengths.get(f"{lo}–{hi - 1} 字" if hi < 10**9 else f"{lo} 字以上", 0),
                    )
                    for lo, hi in bins
                ],
                " 篇",
            ),
        )
    )
    styles = Counter(a.speech.numbering_style.value for a in an)
    charts.append(("结构", bar_chart("一级编号方式", styles.most_common(), " 篇")))
    per_section = Counter(len(s.points) for a in an for s in a.speech.sections)
    charts.append(
        (
            "结构",
            bar_chart(
                "每个部分的要点数", [(f"{k} 个要点", v) for k, v in sorted(per_section.items())], " 个部分"
            ),
        )
    )
    point_styles = Counter(
        "排比" if s.points[0].style is NumberingStyle.ANAPHORA else s.points[0].style.value
        for a in an
        for s in a.speech.sections
        if s.points
    )
    charts.append(("结构", bar_chart("要点的展开方式", point_styles.most_common(), " 个部分")))
    shapes = Counter(
        heading_shape(heading_text(a.cleaned.text, s)) for a in an for s in a.speech.sections if not s.inline
    )
    charts.append(("结构", bar_chart("单独成行的标题：字数结构", shapes.most_common(10), " 个")))
    roadmaps = Counter()
    for a in an:
        rm = a.speech.roadmap
        if rm is None:
            roadmaps["没有提纲句"] += 1
        else:
            t = a.cleaned.text[rm.start : rm.end]
            kind = "写明数目" if rm.count is not None else "“几点”"
            roadmaps[kind + ("，用“再”" if "再" in t else "")] += 1
    charts.append(("提纲句", bar_chart("提纲句的写法", roadmaps.most_common(), " 篇")))
    uses = sorted(corpus.uses.values(), key=lambda u: (-len(u.speeches), -u.occurrences, u.formula.text))[:20]
    charts.append(
        (
            "固定表述",
            bar_chart(
                "最常用的 20 条固定表述（用到它的讲话篇数）",
                [(u.formula.text, len(u.speeches)) for u in uses if u.speeches],
                " 篇",
            ),
        )
    )
    current = None
    for section, chart in charts:
        if section != current:
            lines += [f"## {section}", ""]
            current = section
        lines += [chart, ""]
    return "\n".join(lines)
