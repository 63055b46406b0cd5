"""The front of a speech: what stands before the opening.

Read line by line until the first line of running text:

- a 目录/提纲 list of the headings (set aside as 非正文);
- the title, over one to three lines, without compilation junk (`第一篇：`, `篇1`, `【通用三篇】`,
  `（2500字）`) and without its repeats;
- title-block lines that are metadata, not title: the subtitle `——在…上的讲话`, the date
  `（2009年11月9日）`, the speaker (`省长 某某`), `来源：`/`时间：` lines;
- the salutation, on its own line or glued to the title before it or the opening after it.

A speech with no title gets none: the first sentence of an excerpt is never promoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Role, Severity
from .candidates import marker_at, salutation_at
from .rules import Span, patterns
from .state import State, diag

# Lines of running text end a sentence; a title never does.
SENTENCE_END_RE = re.compile(r"[。！？!?；;]")
# A line that is only dots (`……`): the elided rest of a 目录 list.
ELLIPSIS_LINE_RE = re.compile(r"^[…\.。·\s]+$")
# The shape of a title (its words), for a first line that nothing else vouches for.
TITLE_WORD_RE = re.compile(
    r"(?:讲话|发言|致辞|讲稿|讲话稿|发言稿|报告|提纲|讲课|党课|整理稿|主持词|动员|总结|汇报|贺词|演讲)"
)
MAX_FRONT_LINES = 14
# A title or editor's note that says the text is an excerpt.
EXCERPT_RE = re.compile(r"节选|摘要|摘编|有删节")
# A title line ending so is complete (`在……上的讲话`, `……讲话（摘要）`).
TITLE_END_RE = re.compile(
    r"(?:讲话|发言|致辞|讲稿|讲话稿|发言稿|报告|提纲|主持词)(?:[（(][^（）()]{1,8}[）)])?\s*$"
)


@dataclass(slots=True)
class Front:
    title: Span | None = None
    salutation: Span | None = None
    body_start: int = 0
    meta: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, start, end)


def _strip_title_junk(mt: str, s: int, e: int) -> tuple[int, int]:
    """The title inside a title line: compilation prefixes and suffixes left out."""
    P = patterns()
    changed = True
    while changed and s < e:
        changed = False
        m = P.title_prefix.match(mt, s, e)
        if m and m.end() < e:
            s, changed = m.end(), True
        m = P.title_suffix.search(mt, s, e)
        if m and m.start() > s:
            e, changed = m.start(), True
        while e > s and mt[e - 1] in " \t\u3000":
            e -= 1
    return s, e


def _norm(s: str) -> str:
    return re.sub(r"[\s（）()【】\[\]“”\"]", "", s)


def _meta_kind(mt: str, s: int, e: int) -> str | None:
    P = patterns()
    for kind, rx in P.title_meta:
        if rx.match(mt, s, e):
            return kind
    return None


def _glued_title(st: State, s: int, e: int) -> tuple[Span, list[tuple[str, int, int]], Span] | None:
    """`在……上的讲话（2024年6月24日）习近平各位院士，同志们：……` — a title glued to the date, the
    speaker and the salutation on one line: (title, meta, salutation)."""
    P = patterns()
    m = P.glued_title.match(st.mt, s, e)
    if not m:
        return None
    sal = salutation_at(st.mt, m.end(), e)
    if sal is None:
        return None
    meta = [(k, m.start(k), m.end(k)) for k in ("date", "speaker") if m.group(k)]
    ts, te = _strip_title_junk(st.mt, m.start("title"), m.end("title"))
    text = _norm(st.mt[ts:te])
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 4 and text[:half] == text[half:]:
        # The title said twice (`关于…发言关于…发言同志们：`): the repeat is page furniture.
        k = ts + 1
        while k < te and _norm(st.mt[ts:k]) != text[:half]:
            k += 1
        meta.insert(0, ("repeat", k, te))
        te = k
    return (ts, te), meta, sal


def read_front(st: State, limit: int) -> Front:
    P = patterns()
    mt, blocks = st.mt, st.blocks
    front = Front(body_start=blocks[0][0] if blocks else 0)
    title_lines: list[Span] = []
    noise: list[Span] = []
    toc: list[Span] = []
    in_toc = False
    last_front_end = None
    meta_before = 0  # title-block lines seen before the title (`来源：…` above it)
    for k, (s, e) in enumerate(blocks[:MAX_FRONT_LINES]):
        if s >= limit:
            break
        line = mt[s:e]
        if P.toc.match(mt, s, e):
            in_toc = True
            toc.append((s, e))
            continue
        if in_toc and (ELLIPSIS_LINE_RE.match(line) or _any_marker(mt, s, e)) and len(line) <= 80:
            toc.append((s, e))
            continue
        in_toc = False
        sal = salutation_at(mt, s, e)
        if sal is not None:
            front.salutation = sal
            break
        glued = _glued_title(st, s, e)
        if glued is not None:
            tspan, meta, sal = glued
            if not title_lines:
                title_lines.append(tspan)
            else:
                meta.insert(0, ("repeat", *tspan))
            front.meta.extend(meta)
            front.salutation = sal
            break
        kind = _meta_kind(mt, s, e)
        if kind is not None and (title_lines or kind != "speaker"):
            front.meta.append((kind, s, e))
            last_front_end = e
            continue
        if SENTENCE_END_RE.search(line) or len(line) > 80 or marker_at(mt, s, e):
            break  # running text: the opening (or an excerpt's first sentence) starts here
        ts, te = _strip_title_junk(mt, s, e)
        if ts >= te:
            noise.append((s, e))
            last_front_end = e
            continue
        if title_lines and _norm(mt[ts:te]) in {_norm(mt[a:b]) for a, b in title_lines}:
            noise.append((s, e))  # the title again, with other junk around it
            last_front_end = e
            continue
        if title_lines and P.title_prefix.match(mt, s, e):
            # `安全生产讲话（通用2篇）` then `第一篇：在……的讲话`: the piece's own title wins.
            noise.extend(title_lines)
            title_lines = []
        elif title_lines and (len(front.meta) > meta_before or len(title_lines) >= 3 or noise):
            break
        elif title_lines and TITLE_END_RE.search(mt, title_lines[-1][0], title_lines[-1][1]):
            break  # `……上的讲话` is whole: the line after it is not more title
        if not title_lines and not _vouched_title(mt, k, ts, te, blocks):
            break
        if not title_lines:
            meta_before = len(front.meta)
        if (ts, te) != (s, e):
            noise.extend(x for x in ((s, ts), (te, e)) if x[0] < x[1])
        title_lines.append((ts, te))
        last_front_end = e

    if toc:
        for s, e in toc:
            st.roles.append((s, e, Role.NOISE))
        diag(
            st,
            "toc",
            Severity.INFO,
            "正文前列出了各部分标题（目录/提纲），已标为非正文。",
            toc[0][0],
            toc[-1][1],
        )
    for s, e in noise:
        st.roles.append((s, e, Role.NOISE))
    if title_lines:
        front.title = (title_lines[0][0], title_lines[-1][1])
        st.roles.append((*front.title, Role.TITLE))
        st.cuts.update(front.title)
    for kind, s, e in front.meta:
        st.roles.append((s, e, Role.NOISE if kind == "repeat" else Role.TITLE_META))
        st.cuts.update((s, e))
    if front.salutation is not None:
        st.roles.append((*front.salutation, Role.SALUTATION))
        st.cuts.update(front.salutation)
        front.body_start = front.salutation[1]
    else:
        ends = [e for _, e in title_lines] + [e for _, _, e in front.meta] + [e for _, e in toc + noise]
        if last_front_end is not None:
            ends.append(last_front_end)
        front.body_start = max(ends) if ends else (blocks[0][0] if blocks else 0)
    return front


def _any_marker(mt: str, s: int, e: int) -> bool:
    return any(mp.regex.match(mt, s, e) for mp in patterns().markers)


def _vouched_title(mt: str, k: int, s: int, e: int, blocks: list[Span]) -> bool:
    """A first title line needs a reason: title words, or the title block (subtitle, date,
    salutation) within the next lines."""
    P = patterns()
    line = mt[s:e]
    if len(line) < 2 or len(line) > 60 or line[-1] in "，,：:、" and k > 0:
        return False
    if any(rx.match(line) for rx in P.titles) or TITLE_WORD_RE.search(line):
        return True
    if line[-1] == "、":  # a title broken over two lines
        return True
    for bs, be in blocks[k + 1 : k + 5]:
        if salutation_at(mt, bs, be) or (_meta_kind(mt, bs, be) or "speaker") != "speaker":
            return True
        if SENTENCE_END_RE.search(mt, bs, be):
            return False
    return False
