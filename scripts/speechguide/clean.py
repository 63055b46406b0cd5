"""Stage 2: raw text → cleaned text plus the list of edits that turn one into the other.

Every change is recorded: the raw text is the cleaned text with each edit's `after`
replaced by its `before` (see `restore`). Passes, in order:

1. line endings (CRLF/CR → LF);
2. invisible and control characters (zero-width spaces, BOMs inside the text, C0 controls);
3. the regex rules of `data/clean.yml` (site junk, truncation notices, page counters, CSS,
   watermarks, half-width punctuation next to Chinese);
4. layout: indentation and trailing spaces, a whole speech on one line, hard wraps every
   ~25 characters, spaces sprinkled inside words by PDF exports;
5. a `范文` suffix on the title line;
6. blank lines folded (at most one between paragraphs, none at the ends).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from .model import Cleaned, Diagnostic, Edit, Severity
from .patterns import Rule, rules

# One replacement in the current text: (start, end, new text, kind).
Replacement = tuple[int, int, str, str]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_END = "。！？；：…”’」』）)!?;:"

# `\r\n` or a lone `\r`.
NEWLINE_RE = re.compile(r"\r\n?")
# Zero-width and bidi marks, BOM, C0/C1 controls other than tab and newline.
INVISIBLE_RE = re.compile(
    r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+"
)
# `　　同志们：` — leading indentation; `奋斗！  ` — trailing spaces.
INDENT_RE = re.compile(r"^[ \t\u3000\u00a0]+(?=\S)", re.MULTILINE)
TRAILING_RE = re.compile(r"[ \t\u3000\u00a0]+$", re.MULTILINE)
# A whitespace-only line.
BLANKISH_RE = re.compile(r"^[ \t\u3000\u00a0]+$", re.MULTILINE)
# A line that starts a block of its own (heading marker, salutation): never the tail of a wrap.
STARTS_BLOCK_RE = re.compile(
    r"\s|[一二三四五六七八九十]{1,3}[、要是]|[（(][一二三四五六七八九十\d]{1,2}[）)]|第[一二三四五六七八九十]{1,3}[，、]|\d{1,2}[.．、]|同志们|总之|谢谢"
)
# One-line speeches: a run of 2+ spaces, a full-width space or a tab, or one space after a sentence end.
ONE_LINE_BREAK_RE = re.compile(
    r"(?:[ \u00a0]{2,}|[\t\u3000][ \t\u3000\u00a0]*|(?<=[。！？：；”:;!?])[ \u00a0])(?=\S)"
)
# `安全 生产` — a single space between two Chinese characters.
INNER_SPACE_RE = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")
# `……的讲话范文` on the title line (optionally `范文（通用3篇）` — the count stays for the parser).
TITLE_SUFFIX_RE = re.compile(r"范文(?:大全|精选)?(?=\s*(?:[（(][^）)\n]*篇[）)])?\s*$)")
# Three or more line breaks → one blank line; leading/trailing breaks.
BLANK_RUN_RE = re.compile(r"\n{3,}")
LEADING_RE = re.compile(r"\A\n+")
TRAILING_NL_RE = re.compile(r"\n+\Z")


@dataclass(slots=True)
class _Piece:
    before: str
    after: str
    kind: str | None  # None: unchanged (before == after)


class _Aligner:
    """The text as pieces (raw, cleaned): passes edit the cleaned side, the raw side is kept."""

    def __init__(self, raw: str) -> None:
        self.pieces: list[_Piece] = [_Piece(raw, raw, None)] if raw else []
        self.text = raw

    def apply(self, reps: list[Replacement]) -> None:
        if not reps:
            return
        reps = sorted(reps, key=lambda r: (r[0], r[1]))
        changed: list[tuple[int, int]] = []
        pos = 0
        for p in self.pieces:
            if p.kind is not None:
                changed.append((pos, pos + len(p.after)))
            pos += len(p.after)
        starts = [c[0] for c in changed]
        ends = [c[1] for c in changed]

        # 1. Widen each replacement to whole changed pieces it cuts into; merge overlaps.
        clusters: list[list] = []  # [S, E, [reps]]
        for r in reps:
            s, e = r[0], r[1]
            i = bisect_right(starts, s) - 1
            if i >= 0 and starts[i] < s < ends[i]:
                s = starts[i]
            j = bisect_left(ends, e)
            if j < len(changed) and starts[j] < e < ends[j]:
                e = ends[j]
            if clusters and s < clusters[-1][1]:
                clusters[-1][1] = max(clusters[-1][1], e)
                clusters[-1][2].append(r)
            else:
                clusters.append([s, e, [r]])

        # 2. One merged piece per cluster, unchanged pieces split around it.
        out: list[_Piece] = []
        it = iter(self.pieces)
        cur: _Piece | None = next(it, None)
        pos = 0
        for s, e, members in clusters:
            new = self._rewrite(s, e, members)
            kind = members[0][3]
            while (
                cur is not None
                and pos + len(cur.after) <= s
                and not (pos == s and s == e and cur.kind is None and cur.after)
            ):
                out.append(cur)
                pos += len(cur.after)
                cur = next(it, None)
            befores: list[str] = []
            kinds: list[str] = []
            if cur is not None and pos < s:  # unchanged piece straddling s: split it
                cut = s - pos
                out.append(_Piece(cur.after[:cut], cur.after[:cut], None))
                cur = _Piece(cur.after[cut:], cur.after[cut:], None)
                pos = s
            while cur is not None and pos < e:
                end = pos + len(cur.after)
                if end <= e:
                    befores.append(cur.before)
                    if cur.kind:
                        kinds.extend(cur.kind.split("+"))
                    pos = end
                    cur = next(it, None)
                else:  # unchanged piece straddling e
                    cut = e - pos
                    befores.append(cur.after[:cut])
                    cur = _Piece(cur.after[cut:], cur.after[cut:], None)
                    pos = e
            all_kinds = list(dict.fromkeys([*kinds, kind]))
            out.append(_Piece("".join(befores), new, "+".join(all_kinds)))
        while cur is not None:
            out.append(cur)
            cur = next(it, None)
        self.pieces = [p for p in out if p.before or p.after]
        self.text = "".join(p.after for p in self.pieces)

    def _rewrite(self, s: int, e: int, members: list[Replacement]) -> str:
        parts: list[str] = []
        pos = s
        for rs, re_, new, _ in members:
            parts.append(self.text[pos:rs])
            parts.append(new)
            pos = re_
        parts.append(self.text[pos:e])
        return "".join(parts)

    def edits(self) -> tuple[Edit, ...]:
        out: list[Edit] = []
        pos = raw_pos = 0
        for p in self.pieces:
            if p.kind is not None and p.before != p.after:
                out.append(Edit(p.kind, pos, raw_pos, p.before, p.after))
            pos += len(p.after)
            raw_pos += len(p.before)
        return tuple(out)


def _regex_reps(regex: re.Pattern[str] | Rule, text: str, kind: str, repl) -> list[Replacement]:
    reps = []
    for m in regex.finditer(text):
        new = repl(m) if callable(repl) else repl
        if new != m.group(0):
            reps.append((m.start(), m.end(), new, kind))
    return reps


def _is_one_line(text: str) -> bool:
    """A whole speech on one or two lines, paragraphs separated only by spaces."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or len(text) < 100 or not ONE_LINE_BREAK_RE.search(text):
        return False
    return len(lines) <= 2 or len(text) / len(lines) > 600


# In a speech with no paragraph breaks at all, a break goes before each marker of the highest
# numbering style that follows sentence ends as 1 and 2 (`……意见。一、提高认识……`, `……几点。一要……`),
# and before a closing vocative (`……落实。同志们，……`).
UNBROKEN_STYLES = (
    r"[一二三四五六七八九十]{1,2}、",
    r"第[一二三四五六七八九十]{1,2}[，、]",
    r"[（(][一二三四五六七八九十]{1,2}[）)]",
    r"[一二三四五六七八九十]{1,2}要(?![求素点紧件闻务案])",
    r"[一二三四五六七八九十]{1,2}是(?![指否非])",
)
UNBROKEN_CLOSING_RE = re.compile(r"(?<=[。！？])(?=同志们[，！])")


def _unbroken_reps(text: str) -> list[Replacement]:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or len(lines) > 3 or max(len(ln) for ln in lines) < 600:
        return []
    reps: list[Replacement] = []
    for style in UNBROKEN_STYLES:
        found = list(re.finditer(rf"(?<=[。！？：；])(?={style})", text))
        heads = {text[m.start() : m.start() + 2] for m in found}
        if any(h[0] == "一" or h[:2] == "第一" or h[1:2] == "一" for h in heads) and len(found) >= 2:
            reps = [(m.start(), m.start(), "\n", "补分段") for m in found]
            break
    reps += [(m.start(), m.start(), "\n", "补分段") for m in UNBROKEN_CLOSING_RE.finditer(text)]
    return reps


def _hard_wrap_reps(text: str) -> list[Replacement]:
    """Join lines cut at a fixed width (Word/PDF exports): most non-empty lines have the same
    length W, and a line of length ≥ W−1 continues on the next line unless it ends a sentence."""
    lines = text.split("\n")
    lengths = [len(ln) for ln in lines if ln]
    if len(lengths) < 8:
        return []
    width, count = (
        Counter(n for n in lengths if n >= 12).most_common(1)[0] if any(n >= 12 for n in lengths) else (0, 0)
    )
    near = sum(1 for n in lengths if width - 1 <= n <= width + 1)
    if width == 0 or width > 60 or near < 0.5 * len(lengths) or count < 5:
        return []
    reps: list[Replacement] = []
    pos = 0
    for k, ln in enumerate(lines[:-1]):
        pos_nl = pos + len(ln)
        nxt = lines[k + 1]
        if (
            width <= len(ln) <= width + 1
            and ln[-1] not in SENTENCE_END
            and nxt
            and not STARTS_BLOCK_RE.match(nxt)
        ):
            reps.append((pos_nl, pos_nl + 1, "", "硬换行"))
        pos = pos_nl + 1
    return reps


def _inner_space_reps(text: str) -> list[Replacement]:
    """PDF exports scatter single spaces inside words (`安全 生产`). Only when it is the rule
    in this text (≥ 1 per 150 characters): a lone spaced slogan (`整肃作风 提升能力`) stays."""
    found = list(INNER_SPACE_RE.finditer(text))
    if len(found) < 5 or len(found) * 150 < len(text):
        return []
    return [(m.start(), m.end(), "", "词内空格") for m in found]


def _title_suffix_reps(text: str) -> list[Replacement]:
    first = text.split("\n", 1)[0]
    if not first or len(first) > 80 or first.rstrip()[-1:] in "。！？":
        return []
    m = TITLE_SUFFIX_RE.search(first)
    return [(m.start(), m.end(), "", "标题后缀")] if m else []


# `2、` at the start of a line: a counter of a document site's preview chunks when any of them is
# followed by a comma (`2、,讲得很全面`) — no list item starts with a comma.
CHUNK_COUNTER_RE = re.compile(r"^(\d{1,2})、", re.MULTILINE)


def _chunk_counter_reps(text: str) -> list[Replacement]:
    """Preview-chunk counters split sentences at arbitrary places: drop each counter and join its
    chunk to the line before."""
    found = list(CHUNK_COUNTER_RE.finditer(text))
    if not any(text[m.end() : m.end() + 1] in ",，" for m in found):
        return []
    nums = [int(m.group(1)) for m in found]
    if nums != list(range(nums[0], nums[0] + len(nums))):
        return []
    reps: list[Replacement] = []
    for m in found:
        s = (
            m.start() - 1
            if m.start() > 0 and text[m.start() - 1] == "\n" and m.group(1) != "1"
            else m.start()
        )
        reps.append((s, m.end(), "", "分块序号"))
    return reps


def _apply_rules(al: _Aligner, diagnostics: list[Diagnostic], after_layout: bool) -> None:
    for rule in rules("clean.yml"):
        if bool(rule.extra.get("after_layout")) != after_layout:
            continue
        reps = _regex_reps(rule, al.text, rule.kind, rule.substitute)
        if reps and rule.extra.get("truncated") and not any(d.code == "truncated" for d in diagnostics):
            diagnostics.append(
                Diagnostic(
                    "truncated",
                    Severity.WARNING,
                    "原文被网站截断（有“试读结束/未完”之类的提示），后面的内容缺失；提示已删除。",
                    reps[0][0],
                )
            )
        al.apply(reps)


def clean(raw: str) -> Cleaned:
    """Clean `raw`, recording every edit (see the module docstring for the passes)."""
    al = _Aligner(raw)
    diagnostics: list[Diagnostic] = []
    al.apply(_regex_reps(NEWLINE_RE, al.text, "换行符", "\n"))
    al.apply(_regex_reps(INVISIBLE_RE, al.text, "不可见字符", ""))
    # A whole speech on one line: split it before the rules, which would take its paragraph
    # spaces for stray spaces after punctuation.
    if _is_one_line(al.text):
        al.apply(_regex_reps(ONE_LINE_BREAK_RE, al.text, "空格分段", "\n"))
    _apply_rules(al, diagnostics, after_layout=False)
    al.apply(_chunk_counter_reps(al.text))
    al.apply(_regex_reps(BLANKISH_RE, al.text, "空白行", ""))
    if _is_one_line(al.text):
        al.apply(_regex_reps(ONE_LINE_BREAK_RE, al.text, "空格分段", "\n"))
    al.apply(_unbroken_reps(al.text))
    al.apply(_regex_reps(INDENT_RE, al.text, "行首缩进", ""))
    al.apply(_regex_reps(TRAILING_RE, al.text, "行尾空格", ""))
    al.apply(_hard_wrap_reps(al.text))
    al.apply(_inner_space_reps(al.text))
    _apply_rules(al, diagnostics, after_layout=True)
    al.apply(_title_suffix_reps(al.text))
    al.apply(_regex_reps(BLANK_RUN_RE, al.text, "多余空行", "\n\n"))
    al.apply(_regex_reps(LEADING_RE, al.text, "多余空行", ""))
    al.apply(_regex_reps(TRAILING_NL_RE, al.text, "多余空行", ""))
    # Title suffix may only show after leading blank lines went: try once more.
    al.apply(_title_suffix_reps(al.text))
    return Cleaned(raw=raw, text=al.text, edits=al.edits(), diagnostics=tuple(diagnostics))


def restore(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """The raw text back from the cleaned text and its edits."""
    parts: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        parts.append(text[pos : e.start])
        parts.append(e.before)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)
