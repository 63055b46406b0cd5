"""Stage 3: cleaned text → `Speech` tree (lossless: the leaves tile the text).

`parse` works in these steps:

1. lines → blocks; a simplified-character copy of the text for matching (offsets unchanged);
2. limits: a second speech in the same file, a 目录 block, site footers → set aside as 非正文;
3. title (glued to the salutation or not), salutation (glued to the opening or not);
4. section markers of every style; the style that opens earliest with a run 1, 2, … numbers
   the sections; headings on their own line, inline (lead sentence) or glued to their text;
5. closing (the trailing 同志们，/总之，/谢谢 group), call to action;
6. road-map sentence in the opening and its announced count;
7. subsections and points in each section (numbered runs, else anaphora runs);
8. slots, diagnostics, and the leaves.
"""

from __future__ import annotations

from ..model import NumberingStyle, Role, Severity, Speech, TitleMeta
from ..textutil import to_simplified, traditional_share
from . import frame
from .candidates import Cand, blocks_of, find_candidates, rstrip_nl, skip_space
from .frame import find_limit, toc_block
from .front import EXCERPT_RE, read_front
from .rules import patterns
from .sections import build_sections, choose_sections
from .state import State, diag
from .tree import finish


def parse(text: str, *, truncated: bool = False) -> Speech:
    """Parse cleaned text into a `Speech` (see the module docstring for the steps)."""
    P = patterns()
    mt = to_simplified(text)
    st = State(text, mt, blocks_of(text), [], set(), [], truncated=truncated)
    if traditional_share(text) > 0.05:
        diag(st, "traditional", Severity.INFO, "正文是繁体字：按对应的简体字识别结构，原文未改动。")
    if not st.blocks:
        return finish(st, None, None, None, NumberingStyle.NONE, (), None, None, 0)

    _, limit = find_limit(st)
    limit_block_end = len([b for b in st.blocks if b[0] < limit])
    blocks = st.blocks
    # Trailing site chrome (`相关推荐`, a repeated road-map, the title again).
    while limit_block_end > 1:
        b = blocks[limit_block_end - 1]
        if P.footer.match(mt, b[0], b[1]):
            limit = b[0]
            limit_block_end -= 1
        else:
            break
    if limit < len(mt):
        st.roles.append((limit, len(mt), Role.NOISE))
    limit = rstrip_nl(mt, limit)

    # Title block and salutation.
    front = read_front(st, limit)
    title, salutation, body_start = front.title, front.salutation, front.body_start
    # An excerpt (`（节选）`, `……讲话（摘要）`) ends where it was cut, like a truncated page.
    truncated = truncated or any(
        EXCERPT_RE.search(mt, s, e)
        for s, e in ([title] if title else []) + [(s, e) for k, s, e in front.meta if k == "note"]
    )
    if body_start < limit:
        body_start = skip_space(mt, body_start, limit)

    # 目录/提纲 block right at the start of the body.
    toc_end = toc_block(st, body_start, limit)
    if toc_end is not None:
        body_start = toc_end

    # Sections.
    cands = find_candidates(mt, blocks, (body_start, limit), P.heading_max)
    style, run, weighed = choose_sections(st, cands, body_start, limit)
    sections_raw: list[Cand] = run.members if run else []

    # Closing: the trailing group after the last section's heading.
    after = sections_raw[-1].end if sections_raw else body_start
    closing, call = frame.closing(st, after, limit)
    body_end = closing[0] if closing else limit

    # Road-map in the opening.
    opening_end = sections_raw[0].pos if sections_raw else body_end
    roadmap = frame.roadmap(st, body_start, opening_end) if sections_raw or opening_end > body_start else None

    sections = tuple(build_sections(st, sections_raw, body_end, 1, run))
    return finish(
        st,
        title,
        salutation,
        roadmap,
        style,
        sections,
        closing,
        call,
        body_start,
        truncated=truncated,
        opening=(body_start, opening_end),
        chosen=(run, weighed) if run is not None and weighed is not None else None,
        title_meta=tuple(TitleMeta(k, s, e) for k, s, e in front.meta if k != "repeat"),
    )
