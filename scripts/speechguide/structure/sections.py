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
from .evidence import RunFacts, Weighed, weigh_run
from .frame import early_roadmap
from .points import points_in
from .rules import patterns
from .state import State, diag, run_diagnostics


def _open_end(st: State, limit: int) -> bool:
    """The text stops mid-way: cut by a website, or not ending a sentence."""
    tail = st.mt[:limit].rstrip()
    return st.truncated or not tail or tail[-1] not in "。！？!?”’…）)"


def _facts(
    st: State,
    run: Run,
    style: NumberingStyle,
    floor: tuple[int, int | None] | None,
    open_end: bool,
    first_marker: bool = False,
) -> RunFacts:
    P = patterns()
    mt, ms = st.mt, run.members
    own = sum(
        1 for m in ms if m.line_start and is_heading_line(mt, m.pos, st.blocks[m.block][1], P.heading_max)
    )
    glued = sum(1 for m in ms if m.glued_end or m.after_roadmap)
    inline = sum(1 for m in ms if m.line_start) - own
    first = ms[0]
    after = None
    before = False
    if floor is not None:
        gap = mt[floor[0] : first.pos]
        # Right after the road map: nothing but the rest of its sentence and line breaks between.
        after = first.pos >= floor[0] and len(gap.strip()) <= 2 and gap.count("\n") <= 2
        before = first.pos < floor[0]
    return RunFacts(
        style=style,
        size=len(ms),
        own_lines=own,
        inline=inline,
        glued=glued,
        after_roadmap=after,
        announced=floor[1] if floor else None,
        toc=toc_like(run, st.blocks, mt, P.heading_max),
        problems=len(run.gaps) + len(run.repeats) + len(run.disorder),
        open_end=open_end and ms[-1].num == max(m.num or 0 for m in ms),
        before_floor=before,
        short_lead=len(ms) == 1
        and first.line_start
        and 2
        <= find_terminator(mt, first.end, st.blocks[first.block][1], "。！？；，!?;,") - first.end
        <= 15,
        first_marker=first_marker,
    )


def choose_sections(
    st: State, cands: list[Cand], start: int, limit: int
) -> tuple[NumberingStyle, Run | None, Weighed | None]:
    """The run that numbers the sections: every run 1, 2, … of heading-like markers (one member
    too, when the evidence allows) is weighed; of the runs accepted, the one that opens earliest
    is the top level (a `（一）` run inside `一、` sections opens later)."""
    P = patterns()
    heads = [c for c in cands if c.heading_like]
    floor = early_roadmap(st, start, limit)
    open_end = _open_end(st, limit)
    options: list[tuple[int, NumberingStyle, Run, Weighed]] = []
    tocs: list[Run] = []
    for style in P.section_styles:
        for run in runs_of(heads, style):
            first = run.members[0].pos == heads[0].pos
            w = weigh_run(_facts(st, run, style, floor, open_end, first))
            st.weighed.append((run, w))
            if w.facts.toc:
                tocs.append(run)
            if w.accepted:
                options.append((run.members[0].pos, style, run, w))
    if not options:
        # Only headings with no text under them: still the sections (each flagged empty).
        only = [r for r in tocs if len(r.members) >= 2]
        if only:
            run = max(only, key=lambda r: len(r.members))
            w = weigh_run(_facts(st, run, run.members[0].style, floor, open_end))
            return run.members[0].style, run, w
        return NumberingStyle.NONE, None, None
    # Earliest first; at one position the stronger run (a `一、` line rather than a `1.` inside it).
    # A list in the opening is not the sections when runs follow the road map.
    after = [o for o in options if not o[3].facts.before_floor]
    pos, style, run, w = min(after or options, key=lambda o: (o[0], -o[3].score))
    for t in tocs:
        if t.members[0].pos < pos:
            s, e = t.members[0].pos, st.blocks[t.members[-1].block][1]
            st.roles.append((s, e, Role.NOISE))
            diag(st, "toc", Severity.INFO, "正文前列出了各部分标题（目录/提纲），已标为非正文。", s, e)
    return style, run, w


def heading_extent(st: State, c: Cand, end: int) -> tuple[int, bool]:
    """(heading_end, inline) for a section marker."""
    P = patterns()
    mt = st.mt
    bs, be = st.blocks[c.block]
    be = min(be, end)
    if c.after_roadmap:
        st.cuts.add(c.pos)
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


# A point marker opening the body right after a glued heading (`……严峻形势一是……`).
POINT_START_RE = re.compile(r"一是|一要|第一[，,]|[（(]一[）)]|1[、.．](?!\d)")
# A closing quote that ends the heading phrase (`绷紧“安全之弦”今年来，……`).
QUOTE_END_RE = re.compile(r"[”’」』]")
# A date opening the body (`……成效2002年，……`).
DATE_START_RE = re.compile(r"\d{2,4}年|\d{1,2}月")
# Longest segment (between commas) a heading is made of.
SEGMENT_MAX = 16


def glued_split(mt: str, s: int, e: int) -> int | None:
    """Where a heading glued to its body ends, by the first clue that holds: a point marker
    opening the body, a closing quote, a body-opening word (`今年以来`) or date, else the last heading-final word (`形势`, `意义`) in the first
    segment too long to belong to a heading."""
    seg = mt[s:e]
    if len(seg) <= 30 and "，" not in seg[:-1]:
        return None
    m = POINT_START_RE.search(seg, 4)
    if m and m.start() <= 50:
        return s + m.start()
    for q in QUOTE_END_RE.finditer(seg, 6, 51):
        k = q.end()
        if k < len(seg) and seg[k] not in "，,。；;、：:”’）)的地得和与及" and "，" not in seg[k : k + 2]:
            return s + k
    best = None
    for w in patterns().body_starters:
        k = seg.find(w, 4)
        if 4 <= k <= 40 and (best is None or k < best):
            best = k
    d = DATE_START_RE.search(seg, 4, 41)
    if d and (best is None or d.start() < best):
        best = d.start()
    if best is not None:
        return s + best
    final = _final_word_split(seg, s)
    if final is not None:
        return final
    m = re.match(r"([^，。、；]{2,16})，", seg)
    if m:
        n = len(m.group(1))
        second = seg[m.end() : m.end() + n]
        after = seg[m.end() + n : m.end() + n + 1]
        if len(second) == n and not any(ch in "，。；、“”" for ch in second) and after and after not in "，,":
            return s + m.end() + n
    return None


def _final_word_split(seg: str, s: int) -> int | None:
    start = 0
    for part in re.split(r"([，,])", seg):
        if part in "，,":
            start += len(part)
            continue
        if len(part) > SEGMENT_MAX:
            best = None
            for w in patterns().heading_finals:
                k = part.rfind(w, 0, SEGMENT_MAX + len(w))
                if k >= 2 and (best is None or k + len(w) > best):
                    best = k + len(w)
            return s + start + best if best is not None and best < len(part) else None
        start += len(part)
    return None


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
