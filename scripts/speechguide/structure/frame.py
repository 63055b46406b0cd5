"""The frame of a speech: where it ends, title, salutation, 目录 block, road map, closing."""

from __future__ import annotations

import re

from ..model import Roadmap, Role, Severity
from ..textutil import cn_number, find_terminator, sentence_spans
from .candidates import block_of, is_heading_line, skip_space, strip_marker_punct
from .rules import Span, patterns
from .state import State, diag


def find_limit(st: State) -> tuple[int, int]:
    """(start, end) of the speech proper: cuts off a second speech and trailing site chrome."""
    P = patterns()
    mt, blocks = st.mt, st.blocks
    end = len(mt)
    speeches = 1
    # Several speeches in one file: `第二篇：` lines, or a collection title `（通用3篇）`.
    pieces = [b for b in blocks if P.multi_piece.match(mt, b[0], b[1])]
    if len(pieces) >= 2:
        end = pieces[1][0]
        speeches = len(pieces)
    elif blocks and (m := P.multi_collection.search(mt, blocks[0][0], blocks[0][1])):
        n = cn_number(m.group("num")) or 2
        if n >= 2:
            speeches = n
    if speeches >= 2:
        diag(
            st,
            "multiple_speeches",
            Severity.WARNING,
            f"这个文件里有 {speeches} 篇讲话（“第N篇”“通用N篇”之类）；只分析了第一篇，"
            "其余部分标为非正文。请把每篇讲话存成单独的文件。",
            end if end < len(mt) else None,
        )
    return 0, end


def toc_block(st: State, start: int, limit: int) -> int | None:
    """A `目录` line and the short heading lines under it, before the body: set aside."""
    P = patterns()
    bi = block_of(st.blocks, start) if st.blocks else 0
    if bi >= len(st.blocks):
        return None
    b = st.blocks[bi]
    if b[0] < start or not P.toc.match(st.mt, b[0], b[1]):
        return None
    k = bi + 1
    while k < len(st.blocks) and st.blocks[k][0] < limit and is_heading_line(st.mt, *st.blocks[k], 40):
        k += 1
    end = st.blocks[k - 1][1]
    st.roles.append((b[0], end, Role.NOISE))
    diag(st, "toc", Severity.INFO, "正文前有一个目录/提纲，已标为非正文，不计入结构。", b[0], end)
    return skip_space(st.mt, end, limit)


def early_roadmap(st: State, start: int, limit: int) -> tuple[int, int | None] | None:
    """(end, announced count) of the first road-map sentence in the first half of the body."""
    P = patterns()
    stop = start + (limit - start) // 2
    best: re.Match[str] | None = None
    for rx in P.roadmap:
        m = rx.search(st.mt, start, stop)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    return best.end(), cn_number(best.group("num"))


def closing(st: State, after: int, limit: int) -> tuple[Span | None, Span | None]:
    P = patterns()
    mt = st.mt
    blocks = [b for b in st.blocks if b[0] >= after and b[1] <= limit]
    # The block holding `after` (the last heading) never opens the closing.
    group: list[Span] = []
    for b in reversed(blocks):
        seg = mt[b[0] : b[1]]
        if any(rx.match(seg) for rx in P.closing_openers) or seg.startswith(("让我们", "祝", "预祝", "最后")):
            group.insert(0, b)
        else:
            break
    start: int | None = None
    if group and not (len(group) == len(blocks) and len(blocks) <= 1 and after > 0 and group[0][0] <= after):
        start = group[0][0]
    if start is None and blocks:
        # `……落实到位。同志们，让我们……！` — the closing opens inside the last paragraph.
        b = blocks[-1]
        for s, _e in sentence_spans(mt, b[0], b[1])[1:]:
            seg = mt[s : b[1]]
            if any(rx.match(seg) for rx in P.closing_openers[:2]):
                start = s
                st.cuts.add(s)
                break
    if start is None:
        return None, None
    closing = (start, limit)
    call = None
    for m in P.call.finditer(mt, start, limit):
        call = (m.start(), m.end())
    return closing, call


def roadmap(st: State, start: int, end: int) -> Roadmap | None:
    P = patterns()
    mt = st.mt
    best: tuple[re.Match[str], Span] | None = None
    bi = block_of(st.blocks, start)
    for b in st.blocks[bi:]:
        if b[0] >= end:
            break
        s, e = max(b[0], start), min(b[1], end)
        for ss, se in sentence_spans(mt, s, e):
            for rx in P.roadmap:
                m = rx.search(mt, ss, se)
                if m:
                    best = (m, (ss, se))
    if best is None:
        return None
    m, (ss, se) = best
    # The road-map ends its sentence: `……我讲三点意见。` or `……三点意见：`.
    stop = find_terminator(mt, m.end(), se, "。！？：:")
    se = min(se, stop + 1) if stop < se else se
    if mt[m.start()] != "我":
        ss = m.start()  # `……，下面，我讲两点意见。`: the road-map starts at `下面`
    ss = strip_marker_punct(mt, ss, se)
    st.cuts.update((ss, se))
    num = m.group("num")
    return Roadmap(ss, se, cn_number(num), m.start("num"), m.end("num"))
