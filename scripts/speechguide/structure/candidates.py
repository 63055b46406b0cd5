"""Blocks (lines) of the text and the numbering markers found in them; runs 1, 2, 3 … of one style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import NumberingStyle
from ..textutil import cn_number, find_terminator, quoted_spans
from .rules import BREAK_RE, CLOSERS, HEADING_ENDS, MARKER_FIRST, SENTENCE_BREAKS, Span, patterns


@dataclass(frozen=True, slots=True)
class Cand:
    """A numbering marker found in the text."""

    pos: int
    end: int  # end of the marker text
    num: int | None
    style: NumberingStyle
    block: int
    line_start: bool
    glued_end: bool  # at a sentence end inside a block, and the rest of the block is a short heading
    after_roadmap: bool = False  # right after the road-map sentence, in the same block

    @property
    def heading_like(self) -> bool:
        """Where a section heading can start: a line start, a heading glued to the end of the
        block before, or straight after the road map."""
        return self.line_start or self.glued_end or self.after_roadmap


# `…的“两节”二、整治安全隐患`: a `二、` glued to the end of a paragraph with no break before it.
GLUED_DUN_RE = re.compile(r"(?<![一二三四五六七八九十百零第、\d])[一二三四五六七八九十]{1,3}、(?![、，。])")


def _after_roadmap(mt: str, bs: int, pos: int) -> bool:
    """The sentence that ends at `pos` is a road map (`下面，我再讲三点意见。一、…`)."""
    i = pos - 1
    while i > bs and mt[i - 1] not in "。！？；\n":
        i -= 1
    return any(rx.search(mt, i, pos) for rx in patterns().roadmap)


def blocks_of(text: str) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def block_of(blocks: list[Span], pos: int) -> int:
    lo, hi = 0, len(blocks) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if blocks[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def is_heading_line(mt: str, s: int, e: int, limit: int) -> bool:
    body = mt[s:e].rstrip("。")
    return 0 < len(body) <= limit and not any(c in HEADING_ENDS for c in body)


def prev_visible(mt: str, pos: int, floor: int) -> str:
    i = pos - 1
    while i >= floor and mt[i] in CLOSERS:
        i -= 1
    return mt[i] if i >= floor else ""


def find_candidates(mt: str, blocks: list[Span], region: Span, heading_max: int) -> list[Cand]:
    """Every numbering marker in `region`, outside quotes, where its style allows."""
    P = patterns()
    cands: list[Cand] = []
    first = block_of(blocks, region[0]) if blocks else 0
    for bi in range(first, len(blocks)):
        bs, be = blocks[bi]
        if bs >= region[1]:
            break
        bs, be = max(bs, region[0]), min(be, region[1])
        quotes: list[Span] | None = None
        # Positions where a marker may start: block start, or after a break character — and only
        # where the next character can begin a marker (most positions are skipped right here).
        starts = [(bs, "line")]
        for m in BREAK_RE.finditer(mt, bs, be):
            i = m.end()
            if i >= be or mt[i] not in MARKER_FIRST:
                continue
            prev = mt[i - 1]
            if prev in SENTENCE_BREAKS or (prev in CLOSERS and prev_visible(mt, i, bs) in SENTENCE_BREAKS):
                starts.append((i, "sentence"))
            elif prev in "，,":
                starts.append((i, "clause"))
        seen = {p for p, _ in starts}
        for m in GLUED_DUN_RE.finditer(mt, bs + 1, be):
            if m.start() not in seen:
                starts.append((m.start(), "tail"))
        for pos, kind in starts:
            if pos >= be or mt[pos] not in MARKER_FIRST:
                continue
            if quotes is None:
                quotes = quoted_spans(mt, bs, be)
            if any(s < pos < e for s, e in quotes):
                continue
            for mp in P.markers:
                if kind == "clause" and mp.where != "clause":
                    continue
                m = mp.regex.match(mt, pos, be)
                if not m:
                    continue
                glued = after = False
                if kind == "tail" and mp.style is not NumberingStyle.DUN:
                    continue
                if kind != "line" and mp.where == "line":
                    # A line-only marker inside a paragraph counts only as a heading glued to
                    # the end of the paragraph before it (the rest of the block is short), or
                    # straight after the road map.
                    if is_heading_line(mt, pos, be, heading_max) and be - m.end() >= 4:
                        glued = True
                    elif kind == "sentence" and _after_roadmap(mt, bs, pos):
                        after = True
                    else:
                        continue
                num = cn_number(m.group("num"))
                cands.append(Cand(pos, m.end(), num, mp.style, bi, kind == "line", glued, after))
    cands.sort(key=lambda c: (c.pos, c.style))
    return cands


@dataclass(slots=True)
class Run:
    members: list[Cand]
    gaps: list[Cand] = field(default_factory=list)
    repeats: list[Cand] = field(default_factory=list)
    disorder: list[Cand] = field(default_factory=list)


def runs_of(cands: list[Cand], style: NumberingStyle) -> list[Run]:
    """Runs 1, 2, 3 … of one style in text order (gaps of up to two, repeats and numbers out of
    order allowed, and recorded); a new 1 starts a new run."""
    own = [c for c in cands if c.style == style and c.num is not None]
    runs: list[Run] = []
    cur: Run | None = None
    for c in own:
        n = c.num
        assert n is not None
        if n == 1:
            cur = Run([c])
            runs.append(cur)
            continue
        if cur is None:
            continue
        prev = cur.members[-1].num or 0
        if style is NumberingStyle.SEQUENCE and n == 99 and prev >= 1:  # 最后
            cur.members.append(c)
        elif n == prev + 1:
            cur.members.append(c)
        elif prev + 1 < n <= prev + 3:
            cur.gaps.append(c)
            cur.members.append(c)
        elif n == prev and c.block != cur.members[-1].block:
            cur.repeats.append(c)
            cur.members.append(c)
        elif 1 < n < prev and n not in {m.num for m in cur.members}:
            # `一、三、二、`: a number that belongs earlier in the run.
            cur.disorder.append(c)
            cur.members.append(c)
    return runs


def toc_like(run: Run, blocks: list[Span], mt: str, heading_max: int) -> bool:
    """A 目录/提纲 list: every member is a short line and they follow each other directly."""
    ms = run.members
    if len(ms) < 2 or not all(m.line_start for m in ms):
        return False
    idx = [m.block for m in ms]
    if any(b - a != 1 for a, b in zip(idx, idx[1:], strict=False)):
        return False
    return all(is_heading_line(mt, *blocks[m.block], heading_max) for m in ms)


def lead_end(mt: str, start: int, end: int, marker_end: int) -> int:
    """End of the lead clause of a point/heading: the first 。，；：！？ after the marker (outside
    quotes), skipping punctuation right after the marker."""
    i = marker_end
    while i < end and mt[i] in "，,、：: ":
        i += 1
    return find_terminator(mt, i, end)


def strip_marker_punct(mt: str, pos: int, end: int) -> int:
    while pos < end and mt[pos] in "，,、：: ":
        pos += 1
    return pos


def rstrip_nl(mt: str, pos: int) -> int:
    while pos > 0 and mt[pos - 1] in "\n \t\u3000":
        pos -= 1
    return pos


def skip_space(mt: str, pos: int, limit: int) -> int:
    while pos < limit and mt[pos] in "\n \t\u3000":
        pos += 1
    return pos


def salutation_at(mt: str, s: int, e: int) -> Span | None:
    for rx in patterns().salutation:
        m = rx.match(mt, s, e)
        if m:
            return (s, m.end())
    return None


def marker_at(mt: str, s: int, e: int) -> bool:
    return any(mp.regex.match(mt, s, e) for mp in patterns().markers if mp.where != "clause")
