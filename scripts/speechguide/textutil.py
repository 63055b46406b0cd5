"""Small text helpers shared by the stages: numbers, traditional→simplified for matching,
quotes and sentence ends."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Named sequence words used as markers (`首先`, `另一方面`).
SEQUENCE_WORDS = {
    "一": 1,
    "另一": 2,
    "另": 2,
    "首先": 1,
    "其次": 2,
    "再次": 3,
    "再者": 3,
    "然后": 3,
    "最后": 99,
}

SENTENCE_ENDS = "。！？；!?;"
CLAUSE_ENDS = SENTENCE_ENDS + "，,：:"


def cn_number(s: str) -> int | None:
    """`三` → 3, `十二` → 12, `二十三` → 23, `一百零五` → 105, `二百` → 200, `3` → 3, `几` → None."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s in SEQUENCE_WORDS:
        return SEQUENCE_WORDS[s]
    if "百" in s:
        hundreds, _, rest = s.partition("百")
        h = DIGITS.get(hundreds)
        if h is None or h == 0 or "百" in rest:
            return None
        rest = rest.lstrip("零〇")
        if not rest:
            return h * 100
        if rest.startswith("十"):
            rest = "一" + rest  # `一百十` is read `一百一十`
        r = cn_number(rest)
        return None if r is None or r >= 100 else h * 100 + r
    if "十" in s:
        tens, _, ones = s.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        t = 1 if tens == "" else DIGITS.get(tens)
        o = 0 if ones == "" else DIGITS.get(ones)
        if t is None or o is None or t == 0:
            return None
        return t * 10 + o
    if len(s) == 1:
        return DIGITS.get(s)
    return None


@cache
def _ts_table() -> dict[int, str]:
    """Traditional → simplified, one character to one character (from OpenCC's table), so a
    converted copy keeps every offset."""
    table: dict[int, str] = {}
    try:
        path = resources.files("opencc").joinpath("dictionary/TSCharacters.txt")
        lines = path.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - dependency is pinned
        return table
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        src, dst = parts[0], parts[1].split(" ")[0]
        if len(src) == 1 and len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    return table


def simplified_table() -> dict[int, str]:
    """Traditional code point → simplified character (a copy: the table is shared)."""
    return dict(_ts_table())


@cache
def _mapped_chars() -> frozenset[str]:
    return frozenset(chr(k) for k in _ts_table())


@lru_cache(maxsize=16)
def to_simplified(text: str) -> str:
    """A matching copy of `text`: same length, traditional characters mapped to simplified.
    Cached: clean, parse, formula matching and near-miss search each need it for the same text;
    most texts have nothing to map, which a set test finds faster than `translate` copies."""
    if _mapped_chars().isdisjoint(text):
        return text
    return text.translate(_ts_table())


def traditional_share(text: str) -> float:
    """Share of Chinese characters that are traditional-only."""
    if to_simplified(text) == text:  # the common case, without a Python loop over the text
        return 0.0
    table = _ts_table()
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(1 for c in cjk if ord(c) in table) / len(cjk)


QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}


_QUOTE_RE = re.compile("[" + re.escape("".join(QUOTE_PAIRS) + "".join(QUOTE_PAIRS.values())) + "]")


def quoted_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans inside paired quotes (outermost), within one paragraph. Unpaired quotes are ignored."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_RE.finditer(text, start, end):  # only the quote marks: C-speed scan
        c, i = m.group(), m.start()
        if stack and c == QUOTE_PAIRS[stack[-1][0]]:
            _, s = stack.pop()
            if not stack:
                spans.append((s, i + 1))
        elif c in QUOTE_PAIRS:
            stack.append((c, i))
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def find_terminator(text: str, start: int, end: int, stops: str = "。！？；，：!?;,:") -> int:
    """First stop character at or after `start` outside quotes; `end` if none."""
    depth = 0
    for i in range(start, end):
        c = text[i]
        if c in QUOTE_PAIRS:
            depth += 1
        elif c in QUOTE_PAIRS.values() and depth:
            depth -= 1
        elif depth == 0 and c in stops:
            return i
    return end


SENTENCE_RE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|$)")


_SENTENCE_MARK_RE = re.compile(
    "[" + re.escape("".join(QUOTE_PAIRS) + "".join(QUOTE_PAIRS.values()) + SENTENCE_ENDS) + "]"
)
_CLOSERS = "”’」』）)"


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences (ending in 。！？；) inside [start, end), quotes respected."""
    out: list[tuple[int, int]] = []
    s = start
    depth = 0
    skip_to = start  # marks before this were consumed as a sentence's trailing punctuation
    for m in _SENTENCE_MARK_RE.finditer(text, start, end):  # only quotes and sentence ends
        i = m.start()
        if i < skip_to:
            continue
        c = m.group()
        if c in QUOTE_PAIRS:
            depth += 1
        elif c in QUOTE_PAIRS.values() and depth:
            depth -= 1
        elif depth == 0 and c in SENTENCE_ENDS:
            j = i + 1
            while j < end and (text[j] in SENTENCE_ENDS or text[j] in _CLOSERS):
                j += 1
            out.append((s, j))
            s = j
            skip_to = j
    if s < end:
        out.append((s, end))
    return out
