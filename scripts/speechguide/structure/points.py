"""Points inside a section: numbered runs (一是/一要/1./（1）…), else anaphora runs."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import NumberingStyle, Point
from ..textutil import sentence_spans
from .candidates import Run, block_of, find_candidates, lead_end, rstrip_nl, runs_of, strip_marker_punct
from .rules import Span, patterns
from .state import State, run_diagnostics


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    block: int
    para_first: bool


def anaphora(mt: str, blocks: list[Span], region: Span) -> tuple[list[tuple[int, int, int]], str] | None:
    """The anaphora run in `region`: [(start, marker_end, lead_end)], marker text. Frames beat
    short lead sentences, which beat shared verbs; runs nested inside the chosen one are ignored."""
    P = patterns()
    sents: list[_Sent] = []
    first = block_of(blocks, region[0])
    for bi in range(first, len(blocks)):
        bs, be = blocks[bi]
        if bs >= region[1]:
            break
        bs, be = max(bs, region[0]), min(be, region[1])
        for k, (s, e) in enumerate(sentence_spans(mt, bs, be)):
            s = strip_marker_punct(mt, s, e)
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
                ms.append((st.start, me, lead_end(mt, st.start, st.end, st.start)))
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
        # A shared verb is weak evidence (`要加强…。要加强…。` is ordinary prose): three at least.
        if len(group) >= 3:
            ms = [(g.start, g.start, lead_end(mt, g.start, g.end, g.start)) for g in group]
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


def points_in(st: State, region: Span, exclude: set[NumberingStyle]) -> list[Point]:
    """Points in a section body: the earliest numbered run, else an anaphora run."""
    P = patterns()
    if region[0] >= region[1]:
        return []
    mt = st.mt
    cands = [c for c in find_candidates(mt, st.blocks, region, P.heading_max) if c.style not in exclude]
    best: tuple[int, NumberingStyle, Run] | None = None
    for style in P.point_styles:
        if style in exclude:
            continue
        for r in runs_of(cands, style):
            if len(r.members) >= 2 and (best is None or r.members[0].pos < best[0]):
                best = (r.members[0].pos, style, r)
                break
    points: list[Point] = []
    if best is not None:
        _, style, run = best
        run_diagnostics(st, run, "要点")
        ms = run.members
        for k, c in enumerate(ms):
            p_end = ms[k + 1].pos if k + 1 < len(ms) else region[1]
            p_end = rstrip_nl(mt, p_end)
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
                    lead_end(mt, c.pos, bend, c.end),
                )
            )
        return points
    found = anaphora(mt, st.blocks, region)
    if found is None:
        return []
    members, marker = found
    for k, (s, me, le) in enumerate(members):
        p_end = members[k + 1][0] if k + 1 < len(members) else region[1]
        p_end = rstrip_nl(mt, p_end)
        points.append(Point(k + 1, marker, NumberingStyle.ANAPHORA, s, p_end, s, max(me, s), min(le, p_end)))
    return points
