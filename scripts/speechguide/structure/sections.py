"""Sections: the style and run that number them, heading extents, subsections."""

from __future__ import annotations

import re

from ..model import NumberingStyle, Point, Role, Section, Severity
from ..textutil import find_terminator
from .candidates import (
    Cand,
    Run,
    find_candidates,
    is_heading_line,
    rstrip_nl,
    runs_of,
    skip_space,
    strip_marker_punct,
    toc_like,
)
from .frame import early_roadmap_end
from .points import points_in
from .rules import patterns
from .state import State, diag, run_diagnostics


def choose_sections(
    st: State, cands: list[Cand], start: int, limit: int
) -> tuple[NumberingStyle, Run | None]:
    """The section style: the one whose run 1, 2, … of line-start markers opens earliest —
    after the road-map sentence when there is one (a list in the opening is not the sections)."""
    P = patterns()
    heads = [c for c in cands if c.line_start or c.glued_end]
    floor = early_roadmap_end(st, start, limit)
    options: list[tuple[int, NumberingStyle, Run, list[Run]]] = []
    for style in P.section_styles:
        runs = [r for r in runs_of(heads, style) if len(r.members) >= 2]
        if not runs:
            continue
        real = [r for r in runs if not toc_like(r, st.blocks, st.mt, P.heading_max)]
        toc = [r for r in runs if r not in real]
        if not real:
            real, toc = toc, []  # only headings, no text under them: still the sections (each flagged empty)
        run = max(real, key=lambda r: (len(r.members), -r.members[0].pos))
        options.append(
            (run.members[0].pos, style, run, [t for t in toc if t.members[0].pos < run.members[0].pos])
        )
    if not options:
        return NumberingStyle.NONE, None
    after = [o for o in options if floor is None or o[0] >= floor]
    pos, style, run, tocs = min(after or options, key=lambda o: o[0])
    for t in tocs:
        s, e = t.members[0].pos, st.blocks[t.members[-1].block][1]
        st.roles.append((s, e, Role.NOISE))
        diag(st, "toc", Severity.INFO, "正文前列出了各部分标题（目录/提纲），已标为非正文。", s, e)
    return style, run


def heading_extent(st: State, c: Cand, end: int) -> tuple[int, bool]:
    """(heading_end, inline) for a section marker."""
    P = patterns()
    mt = st.mt
    bs, be = st.blocks[c.block]
    be = min(be, end)
    ends_sentence = mt[be - 1] in "。！？!?"
    structural = c.style in (
        NumberingStyle.DUN,
        NumberingStyle.PAREN,
        NumberingStyle.ARABIC,
        NumberingStyle.PAREN_ARABIC,
    )
    first_end = find_terminator(mt, c.end, be, "。！？；!?;")
    heading_line = c.line_start and is_heading_line(mt, c.pos, be, P.heading_max)
    # `三、加强领导，确保实效各级领导干部要……。` — a heading glued to the first sentence of its body;
    # a short first sentence is an inline heading instead (`（三）提升应急能力。……`).
    if (
        structural
        and not c.glued_end
        and ((c.line_start and ends_sentence and first_end - c.end > 20) or not heading_line)
    ):
        split = glued_split(mt, c.end, first_end)
        if split is not None:
            st.cuts.add(split)
            diag(
                st, "glued_heading", Severity.INFO, "标题和正文连在一行里，已按标题的长度拆开。", c.pos, split
            )
            return split, False
    if c.glued_end or heading_line:
        if c.glued_end:
            st.cuts.add(c.pos)
        return be, False
    lead = first_end
    lead_len = lead - c.end
    if lead_len > 80:
        lead = find_terminator(mt, c.end + 1, be, "。！？；，!?;,")
    return (lead + 1 if lead < be else be), True


def glued_split(mt: str, s: int, e: int) -> int | None:
    """Where a heading glued to its body ends: a 4+4 / 5+5 … couplet (`提高认识，压实责任`), or the
    first body-opening word (`今年以来`)."""
    seg = mt[s:e]
    if len(seg) <= 30 and "，" not in seg[:-1]:
        return None
    m = re.match(r"([^，。、；]{2,16})，", seg)
    if m:
        n = len(m.group(1))
        second = seg[m.end() : m.end() + n]
        if len(second) == n and not any(ch in "，。；、“”" for ch in second) and m.end() + n < len(seg):
            return s + m.end() + n
    best = None
    for w in patterns().body_starters:
        k = seg.find(w, 4)
        if 4 <= k <= 40 and (best is None or k < best):
            best = k
    return s + best if best is not None else None


def build_sections(st: State, members: list[Cand], end: int, level: int, run: Run | None) -> list[Section]:
    P = patterns()
    out: list[Section] = []
    if run is not None:
        run_diagnostics(st, run, "")
    for k, c in enumerate(members):
        s_end = members[k + 1].pos if k + 1 < len(members) else end
        s_end = max(rstrip_nl(st.mt, s_end), c.end)
        h_end, inline = heading_extent(st, c, s_end)
        h_end = min(h_end, s_end)
        body = (skip_space(st.mt, h_end, s_end), s_end)
        subsections: list[Section] = []
        points: list[Point] = []
        if level == 1:
            sub_cands = [
                x
                for x in find_candidates(st.mt, st.blocks, body, P.heading_max)
                if (x.line_start or x.glued_end) and x.style in P.subsection_styles and x.style != c.style
            ]
            sub_run = None
            for style in P.subsection_styles:
                runs = [r for r in runs_of(sub_cands, style) if len(r.members) >= 2]
                if runs and (sub_run is None or runs[0].members[0].pos < sub_run.members[0].pos):
                    sub_run = runs[0]
            if sub_run is not None:
                subsections = build_sections(st, sub_run.members, s_end, 2, sub_run)
                points = points_in(
                    st, (body[0], sub_run.members[0].pos), exclude={c.style, sub_run.members[0].style}
                )
            else:
                points = points_in(st, body, exclude={c.style})
        else:
            points = points_in(st, body, exclude={c.style})
        if body[0] >= body[1]:
            diag(
                st,
                "empty_section",
                Severity.WARNING,
                f"“{st.text[c.pos : h_end]}”下面没有正文。",
                c.pos,
                h_end,
            )
        heading_text_start = strip_marker_punct(st.mt, c.end, h_end)
        st.cuts.update((c.pos, c.end, h_end))
        out.append(
            Section(
                level=level,
                number=c.num,
                marker=st.text[c.pos : c.end],
                style=c.style,
                start=c.pos,
                end=s_end,
                marker_end=heading_text_start,
                heading_end=h_end,
                inline=inline,
                points=tuple(points),
                subsections=tuple(subsections),
            )
        )
    return out
