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

import re

from ..model import NumberingStyle, Role, Severity, Speech
from ..textutil import to_simplified, traditional_share
from . import frame
from .candidates import Cand, blocks_of, find_candidates, rstrip_nl, salutation_at, skip_space
from .frame import find_limit, looks_like_title, salutation_after_title, toc_block
from .rules import Span, patterns
from .sections import build_sections, choose_sections
from .state import State, diag
from .tree import finish


def parse(text: str, *, truncated: bool = False) -> Speech:
    """Parse cleaned text into a `Speech` (see the module docstring for the steps)."""
    P = patterns()
    mt = to_simplified(text)
    st = State(text, mt, blocks_of(text), [], set(), [])
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

    # Title and salutation.
    pos_block = 0
    title: Span | None = None
    salutation: Span | None = None
    b0 = blocks[0]
    toc_first = P.toc.match(mt, b0[0], b0[1])
    if not toc_first:
        sal_in_first = salutation_at(mt, b0[0], b0[1])
        if sal_in_first is None:
            # `在……上的讲话同志们：` — a title glued to the salutation.
            glued = re.search(r"(?:讲话|发言|致辞|讲话稿)(?=(?:各位|同志们|尊敬的))", mt[b0[0] : b0[1]])
            if glued and salutation_at(mt, b0[0] + glued.end(), b0[1]):
                title = (b0[0], b0[0] + glued.end())
                st.cuts.add(title[1])
                salutation = salutation_at(mt, title[1], b0[1])
                pos_block = 0
            elif looks_like_title(mt, b0, blocks[1:4]):
                title = b0
                pos_block = 1
        else:
            salutation = sal_in_first
    if title is not None:
        st.roles.append((title[0], title[1], Role.TITLE))
    if salutation is None:
        salutation = salutation_after_title(st, pos_block)
    if salutation is not None:
        st.roles.append((salutation[0], salutation[1], Role.SALUTATION))
        st.cuts.add(salutation[1])
        body_start = salutation[1]
    elif title is not None:
        body_start = max(e for s, e, r in st.roles if r is Role.TITLE)
    else:
        body_start = blocks[0][0]
    if body_start < limit:
        body_start = skip_space(mt, body_start, limit)

    # 目录/提纲 block right at the start of the body.
    toc_end = toc_block(st, body_start, limit)
    if toc_end is not None:
        body_start = toc_end

    # Sections.
    cands = find_candidates(mt, blocks, (body_start, limit), P.heading_max)
    style, run = choose_sections(st, cands, body_start, limit)
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
    )
