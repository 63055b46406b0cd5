"""Evidence for and against a run of candidate section headings, and the weighing of it.

Each candidate run (markers of one style numbered 1, 2, 3 …) gets a list of `Evidence`: what in
the text speaks for it being the sections (each heading on its own line, right after the road map,
as many as the road map announced, a heading style) or against it (a 目录 list, before the road
map, a lone marker). The sum decides; `analyze --explain` prints the list for every run, taken or
not, and the speech's structure confidence comes from the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import NumberingStyle

# A run must reach this score to be taken as the sections.
ACCEPT = 1.0
# How much a numbering style is expected at the top level (一、 almost always is; 一是 often is a point).
STYLE_PRIOR = {
    NumberingStyle.DUN: 1.0,
    NumberingStyle.DI: 0.5,
    NumberingStyle.PAREN: 0.0,
    NumberingStyle.YAO: -0.5,
    NumberingStyle.SHI: -0.5,
    NumberingStyle.ARABIC: -0.5,
}


@dataclass(frozen=True, slots=True)
class Evidence:
    name: str
    weight: float
    note: str  # shown to the user, in Chinese


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What the text says about one candidate run (measured by `sections.choose_sections`)."""

    style: NumberingStyle
    size: int
    own_lines: int  # members whose heading is a short line of its own
    inline: int  # members that lead a paragraph (`第一，要……。`)
    glued: int  # members glued to the text before them, or right after the road map
    after_roadmap: bool | None  # None: no road map
    announced: int | None
    toc: bool
    problems: int  # gaps, repeats, numbers out of order
    open_end: bool  # the text stops inside the run (an excerpt or a cut page)
    before_floor: bool  # starts before the road map
    short_lead: bool = False  # a lone inline member whose lead sentence is short (`一是要严格要求。`)
    first_marker: bool = False  # no other heading-like marker before it in the body


@dataclass(frozen=True, slots=True)
class Weighed:
    facts: RunFacts
    evidence: tuple[Evidence, ...]

    @property
    def score(self) -> float:
        return sum(e.weight for e in self.evidence)

    @property
    def accepted(self) -> bool:
        return not any(e.name == "veto" for e in self.evidence) and self.score >= ACCEPT


def weigh_run(f: RunFacts) -> Weighed:
    ev: list[Evidence] = []
    add = ev.append
    if f.size >= 2:
        add(Evidence("siblings", min(3.0, 1.0 * f.size), f"同一编号方式连续 {f.size} 个"))
    else:
        add(Evidence("lone", -1.5, "只有一个编号，没有同级的第二个"))
    prior = STYLE_PRIOR.get(f.style, -1.0)
    if prior:
        add(Evidence("style", prior, f"“{f.style.value}”{'常作一级标题' if prior > 0 else '更常用于要点'}"))
    if f.own_lines == f.size:
        add(Evidence("own_line", 1.5, "每个标题各占一行"))
    elif f.own_lines + f.glued == f.size:
        add(Evidence("glued", 1.0, "标题成行，但与前后文字连排"))
    elif f.inline == f.size:
        add(Evidence("inline", 0.5, "标题是段首句"))
    if f.after_roadmap:
        add(Evidence("after_roadmap", 1.5, "紧跟在提纲句之后"))
    if f.before_floor:
        add(Evidence("before_roadmap", -2.0, "在提纲句之前（开场里的列举）"))
    if f.announced is not None and not f.before_floor:
        if f.announced == f.size:
            add(Evidence("count_agrees", 2.0, f"与提纲句宣布的 {f.announced} 点一致"))
        elif f.open_end and f.size < f.announced:
            add(Evidence("count_cut", 0.5, f"提纲句宣布 {f.announced} 点，原文到第 {f.size} 点就断了"))
        else:
            add(Evidence("count_differs", -0.5, f"提纲句宣布 {f.announced} 点，这里有 {f.size} 个"))
    if f.toc:
        add(Evidence("toc", -4.0, "各项紧挨着、下面没有正文：像目录"))
    if f.problems:
        add(Evidence("numbering", -0.5 * f.problems, f"编号有 {f.problems} 处跳号、重复或顺序错乱"))
    if f.size == 1:
        if f.short_lead:
            add(Evidence("short_lead", 1.0, "段首是一句短句，像标题"))
        if f.first_marker:
            add(Evidence("first_marker", 0.5, "正文里第一个编号"))
        if f.open_end:
            add(Evidence("excerpt", 1.0, "原文在这一部分里中断（节选），后面的部分看不到"))
        elif not f.after_roadmap:
            add(Evidence("veto", 0.0, "单独一个编号，既不紧跟提纲句，原文也没有中断"))
    return Weighed(f, tuple(ev))


def confidence(chosen: Weighed | None, announced: int | None, found: int, rejected_runs: int = 0) -> float:
    """0–1: how sure the outline is. Without sections, sure only when nothing announced parts
    and no numbered run was turned down."""
    if chosen is None:
        if announced and announced >= 2:
            return 0.35
        return 0.45 if rejected_runs else 0.75
    c = 0.45 + 0.08 * chosen.score
    if announced is not None and announced != found and not chosen.facts.open_end:
        c -= 0.15
    return round(max(0.05, min(1.0, c)), 2)
