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
from dataclasses import dataclass, field
from functools import cache

from . import slots as slotmod
from .model import (
    Diagnostic,
    Leaf,
    NumberingStyle,
    Paragraph,
    Point,
    Roadmap,
    Role,
    Section,
    Severity,
    Speech,
)
from .patterns import load_data
from .textutil import (
    cn_number,
    find_terminator,
    quoted_spans,
    sentence_spans,
    to_simplified,
    traditional_share,
)

Span = tuple[int, int]

# Characters after which an inline marker may start.
SENTENCE_BREAKS = "。！？；：!?;:"
CLAUSE_BREAKS = SENTENCE_BREAKS + "，,"
HEADING_ENDS = "。！？!?"
# Closing quotes/brackets that may sit between a sentence end and a marker.
CLOSERS = "”’」』）)"
# A break (or a run of breaks and closers) after which a marker may start.
BREAK_RE = re.compile(r"[。！？；：!?;:，,][”’」』）)]*")
# Characters a numbering marker can start with (一、 第一 （一） 1. 首先 其次 再次 然后 最后 另一方面).
MARKER_FIRST = frozenset("一二三四五六七八九十百零第（(0123456789０１２３４５６７８９首其再然最另")


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True, slots=True)
class MarkerPattern:
    id: str
    style: NumberingStyle
    where: str  # line | sentence | clause
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Patterns:
    markers: tuple[MarkerPattern, ...]
    section_styles: tuple[NumberingStyle, ...]
    subsection_styles: tuple[NumberingStyle, ...]
    point_styles: tuple[NumberingStyle, ...]
    heading_max: int
    body_starters: tuple[str, ...]
    titles: tuple[re.Pattern[str], ...]
    salutation: tuple[re.Pattern[str], ...]
    roadmap: tuple[re.Pattern[str], ...]
    closing_openers: tuple[re.Pattern[str], ...]
    call: re.Pattern[str]
    multi_piece: re.Pattern[str]
    multi_collection: re.Pattern[str]
    toc: re.Pattern[str]
    footer: re.Pattern[str]
    frames: tuple[tuple[str, str, re.Pattern[str]], ...]
    verbs: tuple[str, ...]
    verb_prefixes: tuple[str, ...]
    short_lead: re.Pattern[str]


def _c(pattern: str) -> re.Pattern[str]:
    """Compile for `rx.match(text, pos, endpos)`: a leading `^` (kept in the data file so the
    examples read as anchored) would never match at `pos > 0`, so it is dropped."""
    return re.compile(pattern[1:] if pattern.startswith("^") else pattern)


def _rx(entries: list[dict]) -> tuple[re.Pattern[str], ...]:
    return tuple(_c(e["pattern"]) for e in entries)


@cache
def patterns() -> Patterns:
    d = load_data("structure.yml")
    an = d["anaphora"]
    return Patterns(
        markers=tuple(
            MarkerPattern(m["id"], NumberingStyle(m["style"]), m["where"], re.compile(m["pattern"]))
            for m in d["markers"]
        ),
        section_styles=tuple(NumberingStyle(s) for s in d["levels"]["section"]),
        subsection_styles=tuple(NumberingStyle(s) for s in d["levels"]["subsection"]),
        point_styles=tuple(NumberingStyle(s) for s in d["levels"]["point"]),
        heading_max=int(d["heading_max_chars"]),
        body_starters=tuple(sorted(d["body_starters"], key=len, reverse=True)),
        titles=_rx(d["title"]),
        salutation=_rx(d["salutation"]),
        roadmap=_rx(d["roadmap"]),
        closing_openers=_rx(d["closing"]["openers"]),
        call=_c(d["closing"]["call"]["pattern"]),
        multi_piece=_c(d["multi"][0]["pattern"]),
        multi_collection=_c(d["multi"][1]["pattern"]),
        toc=_c(d["toc"]["pattern"]),
        footer=_c(d["footer"]["pattern"]),
        frames=tuple((f["id"], f["label"], _c(f["pattern"])) for f in an["frames"]),
        verbs=tuple(sorted(set(an["verbs"]), key=len, reverse=True)),
        verb_prefixes=tuple(sorted(an["verb_prefixes"], key=len, reverse=True)),
        short_lead=_c(an["short_lead"]["pattern"]),
    )


# --------------------------------------------------------------------------- helpers


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


def _blocks(text: str) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _block_of(blocks: list[Span], pos: int) -> int:
    lo, hi = 0, len(blocks) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if blocks[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _is_heading_line(mt: str, s: int, e: int, limit: int) -> bool:
    body = mt[s:e].rstrip("。")
    return 0 < len(body) <= limit and not any(c in HEADING_ENDS for c in body)


def _prev_visible(mt: str, pos: int, floor: int) -> str:
    i = pos - 1
    while i >= floor and mt[i] in CLOSERS:
        i -= 1
    return mt[i] if i >= floor else ""


def _find_candidates(mt: str, blocks: list[Span], region: Span, heading_max: int) -> list[Cand]:
    """Every numbering marker in `region`, outside quotes, where its style allows."""
    P = patterns()
    cands: list[Cand] = []
    first = _block_of(blocks, region[0]) if blocks else 0
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
            if prev in SENTENCE_BREAKS or (prev in CLOSERS and _prev_visible(mt, i, bs) in SENTENCE_BREAKS):
                starts.append((i, "sentence"))
            elif prev in "，,":
                starts.append((i, "clause"))
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
                glued = False
                if kind != "line" and mp.where == "line":
                    # A line-only marker inside a paragraph counts only as a heading glued to
                    # the end of the paragraph before it: the rest of the block is short.
                    if not _is_heading_line(mt, pos, be, heading_max):
                        continue
                    glued = True
                num = cn_number(m.group("num"))
                cands.append(Cand(pos, m.end(), num, mp.style, bi, kind == "line", glued))
    cands.sort(key=lambda c: (c.pos, c.style))
    return cands


@dataclass(slots=True)
class Run:
    members: list[Cand]
    gaps: list[Cand] = field(default_factory=list)
    repeats: list[Cand] = field(default_factory=list)
    disorder: list[Cand] = field(default_factory=list)


def _runs(cands: list[Cand], style: NumberingStyle) -> list[Run]:
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


def _toc_like(run: Run, blocks: list[Span], mt: str, heading_max: int) -> bool:
    """A 目录/提纲 list: every member is a short line and they follow each other directly."""
    ms = run.members
    if len(ms) < 2 or not all(m.line_start for m in ms):
        return False
    idx = [m.block for m in ms]
    if any(b - a != 1 for a, b in zip(idx, idx[1:], strict=False)):
        return False
    return all(_is_heading_line(mt, *blocks[m.block], heading_max) for m in ms)


def _lead_end(mt: str, start: int, end: int, marker_end: int) -> int:
    """End of the lead clause of a point/heading: the first 。，；：！？ after the marker (outside
    quotes), skipping punctuation right after the marker."""
    i = marker_end
    while i < end and mt[i] in "，,、：: ":
        i += 1
    return find_terminator(mt, i, end)


def _strip_marker_punct(mt: str, pos: int, end: int) -> int:
    while pos < end and mt[pos] in "，,、：: ":
        pos += 1
    return pos


# --------------------------------------------------------------------------- anaphora


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    block: int
    para_first: bool


def _anaphora(mt: str, blocks: list[Span], region: Span) -> tuple[list[tuple[int, int, int]], str] | None:
    """The anaphora run in `region`: [(start, marker_end, lead_end)], marker text. Frames beat
    short lead sentences, which beat shared verbs; runs nested inside the chosen one are ignored."""
    P = patterns()
    sents: list[_Sent] = []
    first = _block_of(blocks, region[0])
    for bi in range(first, len(blocks)):
        bs, be = blocks[bi]
        if bs >= region[1]:
            break
        bs, be = max(bs, region[0]), min(be, region[1])
        for k, (s, e) in enumerate(sentence_spans(mt, bs, be)):
            s = _strip_marker_punct(mt, s, e)
            if s < e:
                sents.append(_Sent(s, e, bi, k == 0))
    if len(sents) < 2:
        return None

    found: list[tuple[int, int, list[tuple[int, int, int]], str]] = []  # (priority, first, members, marker)

    # Frames: `从……看`, `要狠抓……不动摇`; members anywhere in the region.
    for _fid, label, rx in P.frames:
        ms = []
        for st in sents:
            m = rx.match(mt, st.start, st.end)
            if m:
                me = m.end() - 1 if mt[m.end() - 1] in "，," else m.end()  # `从工作大局看` without its comma
                ms.append((st.start, me, _lead_end(mt, st.start, st.end, st.start)))
        if len(ms) >= 2:
            found.append((0, ms[0][0], ms, label))

    # Short lead sentences: `要强化组织领导。` … each followed by its elaboration.
    ms = []
    for st in sents:
        text = mt[st.start : st.end]
        if len(text) <= 16 and (P.short_lead.match(text) or (_verb_key(text) and text[-1] in "。！")):
            ms.append((st.start, st.start, st.end - 1))
    if len(ms) >= 2:
        found.append((1, ms[0][0], _with_lcp_marker(mt, ms), _lcp(mt, ms)))

    # Shared verbs: consecutive sentences (or consecutive paragraph openers) with one verb.
    keyed = [(_verb_key(mt[st.start : st.end]), st) for st in sents]
    i = 0
    while i < len(keyed):
        key, st = keyed[i]
        if not key:
            i += 1
            continue
        j = i + 1
        group = [st]
        while j < len(keyed) and keyed[j][0] == key:
            group.append(keyed[j][1])
            j += 1
        if len(group) < 2:
            # Paragraph openers in consecutive paragraphs.
            group = [st] if st.para_first else []
            j = i + 1
            while group and j < len(keyed):
                k2, st2 = keyed[j]
                if st2.para_first and st2.block == group[-1].block + 1:
                    if k2 != key:
                        break
                    group.append(st2)
                j += 1
            j = i + 1 if len(group) < 2 else j
        if len(group) >= 2:
            ms = [(g.start, g.start, _lead_end(mt, g.start, g.end, g.start)) for g in group]
            found.append((2, ms[0][0], _with_lcp_marker(mt, ms), _lcp(mt, ms)))
        i = max(j, i + 1)

    if not found:
        return None
    found.sort(key=lambda f: (f[0], f[1]))
    _, _, members, marker = found[0]
    return members, marker


def _lcp(mt: str, ms: list[tuple[int, int, int]]) -> str:
    texts = [mt[s:le] for s, _, le in ms]
    n = 0
    while all(len(t) > n for t in texts) and len({t[n] for t in texts}) == 1:
        n += 1
    return texts[0][:n]


def _with_lcp_marker(mt: str, ms: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    n = len(_lcp(mt, ms))
    return [(s, s + n, le) for s, _, le in ms]


def _verb_key(text: str) -> str | None:
    P = patterns()
    rest = text
    for p in P.verb_prefixes:
        if rest.startswith(p):
            rest = rest[len(p) :]
            break
    for v in P.verbs:
        if rest.startswith(v):
            return v
    return None


# --------------------------------------------------------------------------- parse


@dataclass(slots=True)
class _State:
    text: str
    mt: str
    blocks: list[Span]
    roles: list[tuple[int, int, Role]]
    cuts: set[int]
    diags: list[Diagnostic]


def _diag(
    st: _State, code: str, sev: Severity, msg: str, start: int | None = None, end: int | None = None
) -> None:
    st.diags.append(Diagnostic(code, sev, msg, start, end))


def _find_limit(st: _State) -> tuple[int, int]:
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
        _diag(
            st,
            "multiple_speeches",
            Severity.WARNING,
            f"这个文件里有 {speeches} 篇讲话（“第N篇”“通用N篇”之类）；只分析了第一篇，"
            "其余部分标为非正文。请把每篇讲话存成单独的文件。",
            end if end < len(mt) else None,
        )
    return 0, end


def parse(text: str, *, truncated: bool = False) -> Speech:
    """Parse cleaned text into a `Speech` (see the module docstring for the steps)."""
    P = patterns()
    mt = to_simplified(text)
    st = _State(text, mt, _blocks(text), [], set(), [])
    if traditional_share(text) > 0.05:
        _diag(st, "traditional", Severity.INFO, "正文是繁体字：按对应的简体字识别结构，原文未改动。")
    if not st.blocks:
        return _finish(st, None, None, None, NumberingStyle.NONE, (), None, None, 0)

    _, limit = _find_limit(st)
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
    limit = _rstrip_nl(mt, limit)

    # Title and salutation.
    pos_block = 0
    title: Span | None = None
    salutation: Span | None = None
    b0 = blocks[0]
    toc_first = P.toc.match(mt, b0[0], b0[1])
    if not toc_first:
        sal_in_first = _salutation_at(mt, b0[0], b0[1])
        if sal_in_first is None:
            # `在……上的讲话同志们：` — a title glued to the salutation.
            glued = re.search(r"(?:讲话|发言|致辞|讲话稿)(?=(?:各位|同志们|尊敬的))", mt[b0[0] : b0[1]])
            if glued and _salutation_at(mt, b0[0] + glued.end(), b0[1]):
                title = (b0[0], b0[0] + glued.end())
                st.cuts.add(title[1])
                salutation = _salutation_at(mt, title[1], b0[1])
                pos_block = 0
            elif _looks_like_title(mt, b0, blocks[1:4]):
                title = b0
                pos_block = 1
        else:
            salutation = sal_in_first
    if title is not None:
        st.roles.append((title[0], title[1], Role.TITLE))
    if salutation is None:
        salutation = _salutation_after_title(st, pos_block)
    if salutation is not None:
        st.roles.append((salutation[0], salutation[1], Role.SALUTATION))
        st.cuts.add(salutation[1])
        body_start = salutation[1]
    elif title is not None:
        body_start = max(e for s, e, r in st.roles if r is Role.TITLE)
    else:
        body_start = blocks[0][0]
    if body_start < limit:
        body_start = _skip_space(mt, body_start, limit)

    # 目录/提纲 block right at the start of the body.
    toc_end = _toc_block(st, body_start, limit)
    if toc_end is not None:
        body_start = toc_end

    # Sections.
    cands = _find_candidates(mt, blocks, (body_start, limit), P.heading_max)
    style, run = _choose_sections(st, cands, body_start, limit)
    sections_raw: list[Cand] = run.members if run else []

    # Closing: the trailing group after the last section's heading.
    after = sections_raw[-1].end if sections_raw else body_start
    closing, call = _closing(st, after, limit)
    body_end = closing[0] if closing else limit

    # Road-map in the opening.
    opening_end = sections_raw[0].pos if sections_raw else body_end
    roadmap = _roadmap(st, body_start, opening_end) if sections_raw or opening_end > body_start else None

    sections = tuple(_build_sections(st, sections_raw, body_end, 1, run))
    return _finish(
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


def _rstrip_nl(mt: str, pos: int) -> int:
    while pos > 0 and mt[pos - 1] in "\n \t\u3000":
        pos -= 1
    return pos


def _skip_space(mt: str, pos: int, limit: int) -> int:
    while pos < limit and mt[pos] in "\n \t\u3000":
        pos += 1
    return pos


def _salutation_at(mt: str, s: int, e: int) -> Span | None:
    for rx in patterns().salutation:
        m = rx.match(mt, s, e)
        if m:
            return (s, m.end())
    return None


def _marker_at(mt: str, s: int, e: int) -> bool:
    return any(mp.regex.match(mt, s, e) for mp in patterns().markers if mp.where != "clause")


def _salutation_after_title(st: _State, k0: int) -> Span | None:
    """The salutation within the first lines: lines before it are title-area lines (date,
    speaker) or a 目录/提纲 list of headings, which is set aside."""
    mt, blocks = st.mt, st.blocks
    for k in range(k0, min(len(blocks), k0 + 12)):
        b = blocks[k]
        sal = _salutation_at(mt, b[0], b[1])
        if sal:
            for j in range(k0, k):
                bj = blocks[j]
                if patterns().toc.match(mt, bj[0], bj[1]) or _marker_at(mt, bj[0], bj[1]):
                    st.roles.append((bj[0], bj[1], Role.NOISE))
                else:
                    st.roles.append((bj[0], bj[1], Role.TITLE))
            noise = [blocks[j] for j in range(k0, k) if _marker_at(mt, *blocks[j])]
            if noise:
                _diag(
                    st,
                    "toc",
                    Severity.INFO,
                    "称谓前列出了各部分标题（目录/提纲），已标为非正文。",
                    noise[0][0],
                    noise[-1][1],
                )
            return sal
        if b[1] - b[0] > 40 or any(c in "。！？" for c in mt[b[0] : b[1]]):
            return None
    return None


def _looks_like_title(mt: str, b: Span, following: list[Span]) -> bool:
    s, e = b
    line = mt[s:e]
    if any(rx.match(line) for rx in patterns().titles):
        return True
    if len(line) > 50 or line[-1] in "。！？；，：:" or _marker_at(mt, s, e):
        return False
    # A short first line followed (soon) by the salutation.
    return any(_salutation_at(mt, fs, fe) for fs, fe in following)


def _toc_block(st: _State, start: int, limit: int) -> int | None:
    """A `目录` line and the short heading lines under it, before the body: set aside."""
    P = patterns()
    bi = _block_of(st.blocks, start) if st.blocks else 0
    if bi >= len(st.blocks):
        return None
    b = st.blocks[bi]
    if b[0] < start or not P.toc.match(st.mt, b[0], b[1]):
        return None
    k = bi + 1
    while k < len(st.blocks) and st.blocks[k][0] < limit and _is_heading_line(st.mt, *st.blocks[k], 40):
        k += 1
    end = st.blocks[k - 1][1]
    st.roles.append((b[0], end, Role.NOISE))
    _diag(st, "toc", Severity.INFO, "正文前有一个目录/提纲，已标为非正文，不计入结构。", b[0], end)
    return _skip_space(st.mt, end, limit)


def _choose_sections(
    st: _State, cands: list[Cand], start: int, limit: int
) -> tuple[NumberingStyle, Run | None]:
    """The section style: the one whose run 1, 2, … of line-start markers opens earliest —
    after the road-map sentence when there is one (a list in the opening is not the sections)."""
    P = patterns()
    heads = [c for c in cands if c.line_start or c.glued_end]
    floor = _early_roadmap_end(st, start, limit)
    options: list[tuple[int, NumberingStyle, Run, list[Run]]] = []
    for style in P.section_styles:
        runs = [r for r in _runs(heads, style) if len(r.members) >= 2]
        if not runs:
            continue
        real = [r for r in runs if not _toc_like(r, st.blocks, st.mt, P.heading_max)]
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
        _diag(st, "toc", Severity.INFO, "正文前列出了各部分标题（目录/提纲），已标为非正文。", s, e)
    return style, run


def _early_roadmap_end(st: _State, start: int, limit: int) -> int | None:
    """End of the first road-map-like sentence in the first half of the body, if any."""
    P = patterns()
    stop = start + (limit - start) // 2
    for rx in P.roadmap:
        m = rx.search(st.mt, start, stop)
        if m:
            return m.end()
    return None


def _closing(st: _State, after: int, limit: int) -> tuple[Span | None, Span | None]:
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


def _roadmap(st: _State, start: int, end: int) -> Roadmap | None:
    P = patterns()
    mt = st.mt
    best: tuple[re.Match[str], Span] | None = None
    bi = _block_of(st.blocks, start)
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
    ss = _strip_marker_punct(mt, ss, se)
    st.cuts.update((ss, se))
    num = m.group("num")
    return Roadmap(ss, se, cn_number(num), m.start("num"), m.end("num"))


def _heading_extent(st: _State, c: Cand, end: int) -> tuple[int, bool]:
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
    heading_line = c.line_start and _is_heading_line(mt, c.pos, be, P.heading_max)
    # `三、加强领导，确保实效各级领导干部要……。` — a heading glued to the first sentence of its body;
    # a short first sentence is an inline heading instead (`（三）提升应急能力。……`).
    if (
        structural
        and not c.glued_end
        and ((c.line_start and ends_sentence and first_end - c.end > 20) or not heading_line)
    ):
        split = _glued_split(mt, c.end, first_end)
        if split is not None:
            st.cuts.add(split)
            _diag(
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


def _glued_split(mt: str, s: int, e: int) -> int | None:
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


RUN_PROBLEMS = (
    ("gaps", "numbering_gap", "{what}编号跳号：“{m}”前面缺了一个序号。"),
    ("repeats", "numbering_repeat", "{what}编号重复：“{m}”用了两次。"),
    ("disorder", "numbering_order", "{what}编号顺序错乱：“{m}”排在了更大的序号后面。"),
)


def _run_diagnostics(st: _State, run: Run, what: str) -> None:
    for attr, code, msg in RUN_PROBLEMS:
        for c in getattr(run, attr):
            _diag(st, code, Severity.ERROR, msg.format(what=what, m=st.text[c.pos : c.end]), c.pos, c.end)


def _build_sections(st: _State, members: list[Cand], end: int, level: int, run: Run | None) -> list[Section]:
    P = patterns()
    out: list[Section] = []
    if run is not None:
        _run_diagnostics(st, run, "")
    for k, c in enumerate(members):
        s_end = members[k + 1].pos if k + 1 < len(members) else end
        s_end = max(_rstrip_nl(st.mt, s_end), c.end)
        h_end, inline = _heading_extent(st, c, s_end)
        h_end = min(h_end, s_end)
        body = (_skip_space(st.mt, h_end, s_end), s_end)
        subsections: list[Section] = []
        points: list[Point] = []
        if level == 1:
            sub_cands = [
                x
                for x in _find_candidates(st.mt, st.blocks, body, P.heading_max)
                if (x.line_start or x.glued_end) and x.style in P.subsection_styles and x.style != c.style
            ]
            sub_run = None
            for style in P.subsection_styles:
                runs = [r for r in _runs(sub_cands, style) if len(r.members) >= 2]
                if runs and (sub_run is None or runs[0].members[0].pos < sub_run.members[0].pos):
                    sub_run = runs[0]
            if sub_run is not None:
                subsections = _build_sections(st, sub_run.members, s_end, 2, sub_run)
                points = _points(
                    st, (body[0], sub_run.members[0].pos), exclude={c.style, sub_run.members[0].style}
                )
            else:
                points = _points(st, body, exclude={c.style})
        else:
            points = _points(st, body, exclude={c.style})
        if body[0] >= body[1]:
            _diag(
                st,
                "empty_section",
                Severity.WARNING,
                f"“{st.text[c.pos : h_end]}”下面没有正文。",
                c.pos,
                h_end,
            )
        heading_text_start = _strip_marker_punct(st.mt, c.end, h_end)
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


def _points(st: _State, region: Span, exclude: set[NumberingStyle]) -> list[Point]:
    """Points in a section body: the earliest numbered run, else an anaphora run."""
    P = patterns()
    if region[0] >= region[1]:
        return []
    mt = st.mt
    cands = [c for c in _find_candidates(mt, st.blocks, region, P.heading_max) if c.style not in exclude]
    best: tuple[int, NumberingStyle, Run] | None = None
    for style in P.point_styles:
        if style in exclude:
            continue
        for r in _runs(cands, style):
            if len(r.members) >= 2 and (best is None or r.members[0].pos < best[0]):
                best = (r.members[0].pos, style, r)
                break
    points: list[Point] = []
    if best is not None:
        _, style, run = best
        _run_diagnostics(st, run, "要点")
        ms = run.members
        for k, c in enumerate(ms):
            p_end = ms[k + 1].pos if k + 1 < len(ms) else region[1]
            p_end = _rstrip_nl(mt, p_end)
            bend = min(st.blocks[c.block][1], p_end)
            points.append(
                Point(
                    c.num,
                    st.text[c.pos : c.end],
                    style,
                    c.pos,
                    p_end,
                    c.pos,
                    c.end,
                    _lead_end(mt, c.pos, bend, c.end),
                )
            )
        return points
    found = _anaphora(mt, st.blocks, region)
    if found is None:
        return []
    members, marker = found
    for k, (s, me, le) in enumerate(members):
        p_end = members[k + 1][0] if k + 1 < len(members) else region[1]
        p_end = _rstrip_nl(mt, p_end)
        points.append(Point(k + 1, marker, NumberingStyle.ANAPHORA, s, p_end, s, max(me, s), min(le, p_end)))
    return points


# --------------------------------------------------------------------------- finish


def _finish(
    st: _State,
    title: Span | None,
    salutation: Span | None,
    roadmap: Roadmap | None,
    style: NumberingStyle,
    sections: tuple[Section, ...],
    closing: Span | None,
    call: Span | None,
    body_start: int,
    *,
    truncated: bool = False,
    opening: Span | None = None,
) -> Speech:
    text, mt = st.text, st.mt
    n = len(text)
    # Roles, painted from the general to the specific.
    paint: list[tuple[int, int, Role]] = []
    if opening is not None and opening[0] < opening[1]:
        paint.append((opening[0], opening[1], Role.OPENING))
    for sec in sections:
        _paint_section(paint, sec)
    if closing:
        paint.append((closing[0], closing[1], Role.CLOSING))
    if call:
        paint.append((call[0], call[1], Role.CALL))
    if roadmap:
        paint.append((roadmap.start, roadmap.end, Role.ROADMAP))
    paint.extend(st.roles)  # title, salutation and noise last: they win
    role_at: list[Role] = [Role.BODY] * n
    bounds = {0, n}
    for s, e, r in paint:
        s, e = max(0, s), min(n, e)
        if s < e:
            role_at[s:e] = [r] * (e - s)
            bounds.update((s, e))
    for m in re.finditer("\n", text):
        role_at[m.start()] = Role.BREAK
        bounds.update((m.start(), m.end()))
    cuts = st.cuts | {p.start for sec in _walk(sections) for p in sec.points}
    # Roles change only at paint boundaries and line breaks: walk those, not every character.
    marks = sorted(b for b in bounds | cuts if 0 <= b <= n)
    leaves: list[Leaf] = []
    start = 0
    for i in marks[1:]:
        if i == n or role_at[i] is not role_at[start] or i in cuts:
            leaves.append(Leaf(start, i, role_at[start]))
            start = i
    paragraphs: list[Paragraph] = []
    for k, (s, e) in enumerate(st.blocks):
        paragraphs.append(Paragraph(k, s, e, role_at[s]))

    # Diagnostics that need the whole tree.
    if salutation is None and st.blocks:
        _diag(st, "no_salutation", Severity.WARNING, "没有找到称谓（如“同志们：”）。")
    if not sections and st.blocks:
        _diag(
            st,
            "no_sections",
            Severity.WARNING,
            "没有找到编号的部分（一、/第一，/一要/一是……），整篇按一段正文处理。",
        )
    if sections and roadmap is None:
        _diag(st, "no_roadmap", Severity.WARNING, "开场里没有提纲句（如“下面，我讲三点意见”）。")
    if roadmap is not None and roadmap.count is not None and sections and roadmap.count != len(sections):
        if truncated and len(sections) < roadmap.count:
            _diag(
                st,
                "count_unverifiable",
                Severity.INFO,
                f"提纲句说{roadmap.count}点，正文只有{len(sections)}部分——原文被截断，无法核对。",
                roadmap.start,
                roadmap.end,
            )
        else:
            _diag(
                st,
                "count_mismatch",
                Severity.ERROR,
                f"提纲句说“{text[roadmap.count_start : roadmap.count_end]}点”，正文实际有{len(sections)}个部分。",
                roadmap.start,
                roadmap.end,
            )
    if sections and closing is None:
        _diag(
            st,
            "no_closing",
            Severity.INFO,
            "最后一部分之后没有找到结语（如“同志们，……”“总之，……”“谢谢大家”）。",
        )

    found_slots = slotmod.find_slots(text, mt)
    st.diags.sort(key=lambda d: (d.start if d.start is not None else -1, d.code))
    speeches = 1
    for d in st.diags:
        if d.code == "multiple_speeches":
            speeches = int(re.search(r"\d+", d.message).group(0))  # type: ignore[union-attr]
    return Speech(
        text=text,
        title=title,
        salutation=salutation,
        roadmap=roadmap,
        numbering_style=style,
        sections=sections,
        closing=closing,
        call=call,
        paragraphs=tuple(paragraphs),
        leaves=tuple(leaves),
        slots=tuple(found_slots),
        diagnostics=tuple(st.diags),
        speeches_in_file=speeches,
    )


def _paint_section(paint: list[tuple[int, int, Role]], sec: Section) -> None:
    paint.append((sec.start, sec.end, Role.BODY))
    for p in sec.points:
        paint.append((p.start, p.end, Role.POINT))
    for sub in sec.subsections:
        _paint_section(paint, sub)
    paint.append((sec.start, sec.heading_end, Role.HEADING if sec.level == 1 else Role.SUBHEADING))


def _walk(sections: tuple[Section, ...]):
    for s in sections:
        yield s
        yield from _walk(s.subsections)
