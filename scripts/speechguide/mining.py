"""Formula candidates mined from the corpus, and near misses of the curated lexicon.

`mine_formulas` finds, over all speeches together:

1. repeated — maximal spans shared by at least two speeches (never across a sentence end);
2. quoted — slogans inside “…”;
3. enumeration — 、-runs of equal-length phrases (`学有所思、学有所悟、学有所获、学有所成`);
4. frame — parallel items sharing a fixed part (`管行业必须管安全、管业务必须管安全、……`);
5. couplet — section headings of two or three equal halves (`提高政治站位，强化责任担当`).

Repeated spans: identical sentences are merged first (speeches copy whole sentences), then
every position whose `min_len`-gram occurs in two speeches is grouped by that gram; each group
is suffix-sorted with string keys (C-speed comparisons) and walked as an LCP-interval tree, which
yields the spans that cannot be extended right or left without losing a speech. Cost is about
linear in the text size (sorting within groups adds a log factor).

`near_misses` finds spans of one text within a small edit distance of a lexicon form.

Everything matches on `to_simplified(text)` (same length), reports the text as written.
Pure functions: no I/O besides the packaged settings file `data/mining.yml`.
"""

from __future__ import annotations

import gc
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import repeat

import ahocorasick
import yaml
from rapidfuzz.distance import Levenshtein

from .textutil import to_simplified

KINDS = ("repeated", "quoted", "enumeration", "frame", "couplet")
# When one text is found by several sources, the more structured one describes it best.
_PRIORITY = {"couplet": 0, "enumeration": 1, "frame": 2, "quoted": 3, "repeated": 4}

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SENTENCE_ENDS = "。！？；!?;\n"
_SENTENCE_SPLIT_RE = re.compile(r"[。！？；!?;\n]+")
# 、-runs of CJK-only items (an enumeration candidate).
_DUN_RUN_RE = re.compile(rf"[{_CJK}]+(?:、[{_CJK}]+)+")
# 、/，-runs of CJK-only items (a frame candidate).
_CLAUSE_RUN_RE = re.compile(rf"[{_CJK}]+(?:[、，,][{_CJK}]+)+")
_ITEM_SEP_RE = re.compile(r"[、，,]")
_CLAUSE_SPLIT_RE = re.compile(r"[，,：:]")
_QUOTES = {"“": "”", "「": "」", "『": "』"}
# Brackets that must balance inside a mined span: an unpaired one marks the edge of a formula.
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


@dataclass(frozen=True, slots=True)
class Occurrence:
    doc: str  # document id (slug)
    start: int  # offsets into that document's text
    end: int


@dataclass(frozen=True, slots=True)
class Mined:
    text: str  # as written at the first occurrence
    kind: str  # one of KINDS
    shape: str | None  # couplet "6+6"; enumeration "4×4"; frame "管……必须管安全"; else None
    occurrences: tuple[Occurrence, ...]
    # (distinct speeches) × length, plus occurrences/(occurrences+1) (< 1) so that, at equal
    # speeches × length, more occurrences rank first.
    score: float
    category: str = ""  # 政治表述 / 工作要求 / 方法路径 / 口号 / 数字概括 / 常用表述
    why: str = ""  # the words the category was read from
    variants: tuple[str, ...] = ()  # nested forms folded into this entry (`习近平总书记关于安全生产`)

    @property
    def docs(self) -> tuple[str, ...]:
        """Distinct document ids, first-seen order."""
        return tuple(dict.fromkeys(o.doc for o in self.occurrences))


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str  # cleaned text (may hold traditional characters)
    headings: tuple[tuple[int, int], ...] = ()  # section heading spans (for couplets)


@dataclass(frozen=True, slots=True)
class NearMiss:
    start: int
    end: int
    formula_id: str
    expected: str  # the lexicon form it resembles
    found: str  # the text in the document


# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True, slots=True)
class _Settings:
    generic_re: re.Pattern[str]
    function_chars: frozenset[str]
    min_content_chars: int
    min_content_share: float
    trim_leading: str
    trim_trailing: str
    fragment_max: int
    absorb_share: float
    quoted_min: int
    quoted_max: int
    quoted_max_clause: int
    enum_min_items: int
    enum_item_min: int
    enum_item_max: int
    frame_min_items: int
    frame_item_min: int
    frame_item_max: int
    frame_min_fixed: int
    frame_weak_fixed: frozenset[str]
    couplet_marker: re.Pattern[str]
    couplet_min_half: int


@cache
def _data() -> dict:
    """`data/mining.yml`, read once."""
    return yaml.safe_load(
        resources.files("speechguide.data").joinpath("mining.yml").read_text(encoding="utf-8")
    )


@cache
def settings() -> _Settings:
    d = _data()
    rep, quo, enu, fra, cou = d["repeated"], d["quoted"], d["enumeration"], d["frame"], d["couplet"]
    words = sorted({to_simplified(w) for w in rep["generic_words"]}, key=lambda w: (-len(w), w))
    return _Settings(
        generic_re=re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!)"),
        function_chars=frozenset(to_simplified(rep["function_chars"])),
        min_content_chars=int(rep["min_content_chars"]),
        min_content_share=float(rep["min_content_share"]),
        trim_leading=to_simplified(rep["trim_leading"]),
        trim_trailing=to_simplified(rep["trim_trailing"]),
        fragment_max=int(rep["fragment_max"]),
        absorb_share=float(rep["absorb_share"]),
        quoted_min=int(quo["min_len"]),
        quoted_max=int(quo["max_len"]),
        quoted_max_clause=int(quo["max_clause"]),
        enum_min_items=int(enu["min_items"]),
        enum_item_min=int(enu["item_min"]),
        enum_item_max=int(enu["item_max"]),
        frame_min_items=int(fra["min_items"]),
        frame_item_min=int(fra["item_min"]),
        frame_item_max=int(fra["item_max"]),
        frame_min_fixed=int(fra["min_fixed"]),
        frame_weak_fixed=frozenset(fra["weak_fixed"]),
        couplet_marker=re.compile(cou["marker"]),
        couplet_min_half=int(cou["min_half"]),
    )


def is_stop(span: str) -> bool:
    """True for generic text: too few content characters once generic words, function characters,
    digits and punctuation are set aside (`安全生产工作`, `的重要`)."""
    st = settings()
    rest = st.generic_re.sub("", span)
    content = sum(1 for c in rest if c.isalpha() and not c.isascii() and c not in st.function_chars)
    return content < max(st.min_content_chars, st.min_content_share * len(span))


# ---------------------------------------------------------------------------------------------
# Mining


def mine_formulas(docs: list[Doc], *, known: Iterable[str] = (), min_len: int = 6) -> list[Mined]:
    """All mined candidates, best first (score descending, then text); one entry per text.
    Texts equal to a `known` form (after traditional→simplified) are left out."""
    if min_len < 2:
        raise ValueError("min_len 至少为 2")
    st = settings()
    mts = [to_simplified(d.text) for d in docs]
    # Distinct sentence segments → the speeches holding them (index order).
    seg_docs: dict[str, list[int]] = {}
    per_doc: list[list[str]] = []
    for di, mt in enumerate(mts):
        segs = [s for s in _SENTENCE_SPLIT_RE.split(mt) if s]
        per_doc.append(segs)
        for s in segs:
            ds = seg_docs.get(s)
            if ds is None:
                seg_docs[s] = [di]
            elif ds[-1] != di:
                ds.append(di)

    found: dict[str, tuple[str, str | None]] = {}  # simplified text → (kind, shape)

    def add(text: str, kind: str, shape: str | None) -> None:
        old = found.get(text)
        if old is None or _PRIORITY[kind] < _PRIORITY[old[0]]:
            found[text] = (kind, shape)

    for text in _repeated(seg_docs, per_doc, min_len):
        add(text, "repeated", None)
    for seg in seg_docs:
        for text in _quoted(seg, st):
            add(text, "quoted", None)
        if "、" in seg:
            for text, shape in _enumerations(seg, st):
                add(text, "enumeration", shape)
        if "、" in seg or "，" in seg or "," in seg:
            for text, shape in _frames(seg, st):
                add(text, "frame", shape)
    for d, mt in zip(docs, mts, strict=True):
        for hs, he in d.headings:
            c = _couplet(mt[hs:he], st)
            if c is not None:
                add(c[0], "couplet", c[1])

    drop = {to_simplified(k) for k in known}
    texts = [t for t in found if t not in drop]
    kinds = [found[t][0] for t in texts]
    # Speech counts and containment on the distinct segments (texts never cross a sentence
    # end, so every occurrence lies in one segment): far fewer matches than the whole corpus.
    auto = _automaton(texts)
    seg_hits = _occurrences(auto, texts, list(seg_docs))
    seg_lists = list(seg_docs.values())
    n_docs = [len(set().union(*(seg_lists[j] for j in {h >> _SHIFT for h in hs}))) for hs in seg_hits]
    gone = _absorbed(auto, texts, kinds, seg_hits, n_docs, st.absorb_share)
    keep = [
        i
        for i in range(len(texts))
        if not gone[i] and n_docs[i] and (kinds[i] != "repeated" or n_docs[i] > 1)
    ]
    del auto, seg_hits
    kept = [texts[i] for i in keep]
    hits = _occurrences(_automaton(kept), kept, mts)
    ids = [d.id for d in docs]
    entries: list[Mined] = []
    with _gc_paused():  # many small objects: generational GC passes would dominate
        for i, t, hs in zip(keep, kept, hits, strict=True):
            n = len(t)
            occ = tuple(Occurrence(ids[h >> _SHIFT], (h & _MASK) - n, h & _MASK) for h in hs)
            first = occ[0]
            entries.append(
                Mined(
                    text=docs[hs[0] >> _SHIFT].text[first.start : first.end],
                    kind=kinds[i],
                    shape=found[t][1],
                    occurrences=occ,
                    score=n_docs[i] * n + len(hs) / (len(hs) + 1),
                )
            )
    entries = whole_formulas(entries, docs, mts, min_len)
    entries.sort(key=lambda m: (-m.score, m.text))
    return entries


# --- whole formulas and their categories ------------------------------------------------------


@cache
def _whole_settings() -> tuple[int, str, re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    d = _data()
    w = d["whole"]
    cats = tuple((c["category"], re.compile(c["pattern"])) for c in d["categories"])
    return int(w["max_len"]), w["edge_function_chars"], re.compile(w["not_phrase"]["pattern"]), cats


def category_of(text: str) -> tuple[str, str]:
    """(category, evidence) of a formula by the rules of `data/mining.yml`."""
    for cat, rx in _whole_settings()[3]:
        m = rx.search(text)
        if m:
            return cat, m.group(0)
    return "常用表述", ""


@cache
def _open_end_settings() -> tuple[frozenset[str], int, frozenset[str], float, int]:
    whole = _data()["whole"]
    o, b = whole["open_end"], whole["bound"]
    return (
        frozenset(o["prepositions"]),
        int(o["max_object_words"]),
        frozenset(o["last_words"]),
        float(b["share"]),
        int(b["min_count"]),
    )


_CLAUSE_PUNCT_RE = re.compile(r"[，、；：,;:]")


def open_ended(text: str) -> bool:
    """The phrase stops before its head: a preposition (关于/对/就) whose object ends the phrase,
    or a last word that waits for a verb (`whole.open_end` in data/mining.yml)."""
    preps, max_words, last_words, _share, _min = _open_end_settings()
    words = list(_tokenizer().cut(text, HMM=False))
    if not words:
        return False
    if words[-1] in last_words:
        return True
    for k, w in enumerate(words[:-1]):
        rest = words[k + 1 :]
        if w in preps and len(rest) <= max_words and not any(_CLAUSE_PUNCT_RE.search(r) for r in rest):
            return True
    return False


def _edge_words(occ: tuple[Occurrence, ...], mts: list[str], index: dict[str, int]):
    """For up to three occurrences: (last word, last word + next word) and (first word,
    previous word + first word), by the segmentation of the sentence around each; None where the
    neighbour is not a Chinese word (punctuation, the sentence's end)."""
    rights, lefts = [], []
    for o in occ[:3]:
        mt = mts[index[o.doc]]
        a, sentence = _context(mt, o.start, o.end)
        bounds = sorted(_boundaries(sentence) | {len(sentence)})
        s, e = o.start - a, o.end - a
        i = bisect_left(bounds, e)
        if 0 < i < len(bounds) - 1 and bounds[i] == e:
            last, nxt = sentence[bounds[i - 1] : e], sentence[e : bounds[i + 1]]
            if last and re.match(rf"[{_CJK}]", nxt):
                rights.append((last, last + nxt))
        j = bisect_left(bounds, s)
        if 0 < j < len(bounds) - 1 and bounds[j] == s:
            first, prev = sentence[s : bounds[j + 1]], sentence[bounds[j - 1] : s]
            if first and re.match(rf"[{_CJK}]", prev):
                lefts.append((first, prev + first))
    return rights, lefts


def _count_all(strings: set[str], mts: list[str]) -> Counter:
    """How often each string occurs in the corpus (one automaton pass over every text)."""
    counts: Counter = Counter()
    if not strings:
        return counts
    auto = ahocorasick.Automaton()
    for t in strings:
        auto.add_word(t, t)
    auto.make_automaton()
    for mt in mts:
        counts.update(t for _end, t in auto.iter(mt))
    return counts


def _bound(pairs: list[tuple[str, str]], counts: Counter, share: float, min_count: int, own: int) -> bool:
    """At least half the occurrences end (begin) inside a compound the corpus mostly writes
    together: the edge word and its neighbour. The compound must also occur beyond the span's
    own `own` occurrences (`守住` + `不发生…` inside one longer formula is no compound)."""
    if not pairs:
        return False
    hits = sum(
        1 for w, joined in pairs if counts[joined] >= own + min_count and counts[joined] >= share * counts[w]
    )
    return hits * 2 >= len(pairs)


@cache
def _tokenizer():
    """A jieba tokenizer of our own with the default dictionary, so mining never depends on
    words something else loaded into jieba's global one."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@lru_cache(maxsize=200_000)  # a sentence is segmented once, however many spans it holds
def _boundaries(sentence: str) -> frozenset[int]:
    """Word boundaries of a sentence by jieba (the project's segmenter), as offsets."""
    out = {0}
    pos = 0
    for w in _tokenizer().cut(sentence, HMM=False):
        pos += len(w)
        out.add(pos)
    return frozenset(out)


_LAST_END_RE = re.compile(r".*[。！？；!?;\n]", re.S)
_NEXT_END_RE = re.compile(r"[。！？；!?;\n]")


def _context(mt: str, start: int, end: int) -> tuple[int, str]:
    """The sentence around an occurrence (at most 60 characters either side): (its start
    offset, its text)."""
    lo = max(0, start - 60)
    m = _LAST_END_RE.match(mt, lo, start)
    a = m.end() if m else lo
    n = _NEXT_END_RE.search(mt, end, min(len(mt), end + 60))
    b = n.start() if n else min(len(mt), end + 60)
    return a, mt[a:b]


# A span whose occurrences are mostly followed (or preceded) by the same character is the
# front (back) of a longer phrase, not a phrase: `习近平总书记关于安全生产` + 重要论述.
CLOSED_MIN_OCCURRENCES = 3
CLOSED_MAX_SHARE = 0.75


def _closed(occ: tuple[Occurrence, ...], mts: list[str]) -> bool:
    """Branching on both sides: no single neighbour character dominates (new-word discovery's
    closure test, on the occurrences at hand)."""
    if len(occ) < CLOSED_MIN_OCCURRENCES:
        return True
    for side in (-1, 1):
        nbrs = Counter()
        for o, mt in zip(occ, mts, strict=True):
            k = o.start - 1 if side < 0 else o.end
            c = mt[k] if 0 <= k < len(mt) else ""
            nbrs[c if re.match(rf"[{_CJK}]", c or "") else ""] += 1
        char, n = nbrs.most_common(1)[0]
        if char and n / len(occ) >= CLOSED_MAX_SHARE:
            return False
    return True


def _whole_at(mt: str, start: int, end: int) -> bool:
    a, sentence = _context(mt, start, end)
    bounds = _boundaries(sentence)
    return start - a in bounds and end - a in bounds


def whole_formulas(entries: list[Mined], docs: list[Doc], mts: list[str], min_len: int) -> list[Mined]:
    """Repeated spans cut back to whole words (by the segmentation of their contexts) and past
    function words at their edges; news-report text and clauses longer than a phrase dropped;
    every entry given a category. Spans that become equal merge."""
    max_len, edge, not_phrase, _cats = _whole_settings()
    index = {d.id: k for k, d in enumerate(docs)}
    out: dict[str, Mined] = {}
    for m in entries:
        text = to_simplified(m.text)
        occ = m.occurrences
        if m.kind == "repeated":
            cut_l, cut_r = 0, 0
            # Word boundaries at the span's edges, in the contexts of up to three occurrences:
            # a cut edge moves inward to the nearest boundary all of them share.
            lefts: set[int] | None = None
            rights: set[int] | None = None
            for o in occ[:3]:
                mt = mts[index[o.doc]]
                a, sentence = _context(mt, o.start, o.end)
                bounds = {b - (o.start - a) for b in _boundaries(sentence)}
                inner = {b for b in bounds if 0 <= b <= len(text)}
                lefts = inner if lefts is None else lefts & inner
                rights = inner if rights is None else rights & inner
            if lefts is not None and rights is not None:
                cut_l = min((b for b in lefts if b >= 0), default=0)
                cut_r = len(text) - max((b for b in rights if b <= len(text)), default=len(text))
            # A function word standing alone at an edge (its own token) goes too; a character
            # that begins a word (`各司其职`) stays.
            lb = lefts or set()
            rb = rights or set()
            while cut_l < len(text) - cut_r and text[cut_l] in edge and (cut_l + 1) in lb:
                cut_l += 1
            while (
                len(text) - cut_r > cut_l
                and text[len(text) - cut_r - 1] in edge
                and (len(text) - cut_r - 1) in rb
            ):
                cut_r += 1
            text = text[cut_l : len(text) - cut_r]
            if cut_l or cut_r:
                occ = tuple(Occurrence(o.doc, o.start + cut_l, o.end - cut_r) for o in occ)
            if len(text) < min_len or len(text) > max_len or is_stop(text):
                continue
            # An occurrence inside a longer word (`隐患排查` in `事故隐患排查`) is not one.
            occ = tuple(o for o in occ if _whole_at(mts[index[o.doc]], o.start, o.end))
            if len({o.doc for o in occ}) < 2:
                continue
        if not_phrase.search(text) or open_ended(text):
            continue
        cat, why = category_of(text)
        first = docs[index[occ[0].doc]].text[occ[0].start : occ[0].end]
        ndocs = len({o.doc for o in occ})
        new = Mined(first, m.kind, m.shape, occ, ndocs * len(text) + len(occ) / (len(occ) + 1), cat, why)
        old = out.get(text)
        if old is None or new.score > old.score:
            out[text] = new
    # Phrase edges: a repeated span must not end (begin) inside a compound of the corpus.
    _p, _w, _l, share, min_count = _open_end_settings()
    edges = {t: _edge_words(m.occurrences, mts, index) for t, m in out.items() if m.kind == "repeated"}
    counts = _count_all({x for rs, ls in edges.values() for pair in (*rs, *ls) for x in pair}, mts)
    for t, (rs, ls) in edges.items():
        own = len(out[t].occurrences)
        if _bound(rs, counts, share, min_count, own) or _bound(ls, counts, share, min_count, own):
            del out[t]
    # Closure: a repeated span that no longer entry explains (nested forms are folded below)
    # must branch on both sides.
    texts = list(out)
    nested: set[str] = set()
    if texts:
        auto = ahocorasick.Automaton()
        for t in texts:
            auto.add_word(t, t)
        auto.make_automaton()
        for u in texts:
            nested.update(t for _end, t in auto.iter(u) if t != u)
    for t in texts:
        m = out[t]
        if m.kind != "repeated" or t in nested:
            continue
        if not _closed(m.occurrences, [mts[index[o.doc]] for o in m.occurrences]):
            del out[t]
    return _fold_nested(list(out.values()))


def _fold_nested(entries: list[Mined]) -> list[Mined]:
    """A form inside a longer one that adds no speech of its own (`习近平总书记关于安全生产` in
    `习近平总书记关于安全生产重要论述`) is a variant of the longer entry, not an entry."""
    by_len = sorted(entries, key=lambda m: -len(m.text))
    kept: list[Mined] = []
    folded: dict[int, list[str]] = {}
    for m in by_len:
        t = to_simplified(m.text)
        docs = set(m.docs)
        host = next(
            (k for k, big in enumerate(kept) if t in to_simplified(big.text) and docs <= set(big.docs)),
            None,
        )
        if host is None:
            kept.append(m)
        else:
            folded.setdefault(host, []).append(m.text)
    out = []
    for k, m in enumerate(kept):
        if k in folded:
            m = Mined(m.text, m.kind, m.shape, m.occurrences, m.score, m.category, m.why, tuple(folded[k]))
        out.append(m)
    return out


# An occurrence packed in one int (doc index << _SHIFT | end): ints are not tracked by the GC
# and cost a fraction of a tuple.
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1


@contextmanager
def _gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _automaton(texts: list[str]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for i, t in enumerate(texts):
        auto.add_word(t, (i, len(t)))
    if texts:
        auto.make_automaton()
    return auto


def _occurrences(auto: ahocorasick.Automaton, texts: list[str], mts: list[str]) -> list[list[int]]:
    """Every occurrence of every text in `mts` (overlapping ones included), packed
    (index in mts << _SHIFT | end), in order."""
    out: list[list[int]] = [[] for _ in texts]
    if not texts:
        return out
    for di, mt in enumerate(mts):
        base = di << _SHIFT
        for end, (i, _) in auto.iter(mt):
            out[i].append(base | (end + 1))
    return out


def _absorbed(
    auto: ahocorasick.Automaton,
    texts: list[str],
    kinds: list[str],
    hits: list[list[int]],
    n_docs: list[int],
    share: float,
) -> list[bool]:
    """Entries that add nothing to a longer entry containing them. A repeated span goes when
    the longer one is found in the same speeches — or, in a large corpus, in all but a few
    (`absorb_share`: a typo or a local edit in copied text makes a span one speech wider, which
    is not a formula of its own). Any other entry goes when every occurrence lies inside an
    occurrence of the longer one."""
    gone = [False] * len(texts)
    if not texts:
        return gone
    for ti, t in enumerate(texts):
        nt = n_docs[ti]
        if nt == 0 or (kinds[ti] == "repeated" and nt < 2):
            continue  # not kept itself: it cannot stand for what it contains
        for _, (si, n) in auto.iter(t):
            if si == ti or gone[si] or n >= len(t):
                continue
            if kinds[si] == "repeated":
                if n_docs[si] <= nt + int(nt * share):
                    gone[si] = True
            elif n_docs[si] == nt and _covered(hits[si], n, hits[ti], len(t)):
                gone[si] = True
    return gone


def _covered(inner: list[int], n_in: int, outer: list[int], n_out: int) -> bool:
    """Every packed occurrence in `inner` lies inside one in `outer` (both in document order)."""
    j = 0
    for h in inner:
        while j < len(outer) and outer[j] < h:
            j += 1
        # The first outer occurrence ending at or after this one must start at or before it
        # (packed values of another document are larger).
        if j == len(outer) or outer[j] > h - n_in + n_out:
            return False
    return True


# --- 1. repeated spans --------------------------------------------------------------------------


def _repeated(seg_docs: dict[str, list[int]], per_doc: list[list[str]], k: int) -> list[str]:
    """Spans (≥ k chars, inside one sentence) shared by ≥ 2 speeches that cannot be extended
    left or right without losing a speech, then cleaned (`_tidy`)."""
    # A k-gram is shared when a segment held by 2+ speeches has it, or 2+ speeches have it at all.
    shared: set[str] = set()
    df: Counter[str] = Counter()
    for s, ds in seg_docs.items():
        if len(ds) > 1 and len(s) >= k:
            shared.update([s[j : j + k] for j in range(len(s) - k + 1)])
    for segs in per_doc:
        # A segment held by 2+ speeches gave all its grams above: counting them again adds none.
        df.update(
            {
                s[j : j + k]
                for s in segs
                if len(s) >= k and len(seg_docs[s]) < 2
                for j in range(len(s) - k + 1)
            }
        )
    shared.update(g for g, c in df.items() if c > 1)
    del df
    if not shared:
        return []

    # The segments that hold a shared gram, joined by "\n" (never inside a segment), and the
    # positions of shared grams grouped by gram: each group is one subtree of the suffix tree.
    parts: list[str] = []
    docsets: list[frozenset[int]] = []
    sid_at = array("i")
    groups: dict[str, list[int]] = {}
    pos = 0
    for s, ds in seg_docs.items():
        n = len(s)
        if n < k:
            continue
        hits = [j for j in range(n - k + 1) if s[j : j + k] in shared]
        if not hits:
            continue
        sid = len(docsets)
        docsets.append(frozenset(ds))
        parts.append(s)
        sid_at.extend(repeat(sid, n + 1))
        for j in hits:
            g = s[j : j + k]
            lst = groups.get(g)
            if lst is None:
                groups[g] = [pos + j]
            else:
                lst.append(pos + j)
        pos += n + 1
    text = "\n".join(parts) + "\n"
    raw: list[str] = []
    for members in groups.values():
        _walk(text, members, k, sid_at, docsets, raw)
    out: dict[str, None] = {}
    for span in raw:
        for piece in _tidy(span, k):
            out[piece] = None
    return list(out)


def _lcp(a: str, b: str, lo: int) -> int:
    """Common prefix length of a and b, knowing the first `lo` characters agree."""
    hi = min(len(a), len(b))
    if lo >= hi or a[lo] != b[lo]:
        return lo
    if a[lo:hi] == b[lo:hi]:
        return hi
    # a[:lo] == b[:lo] and a[:hi] != b[:hi]: bisect with C-speed slice comparisons.
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _walk(
    text: str,
    members: list[int],
    k: int,
    sid_at: array,
    docsets: list[frozenset[int]],
    out: list[str],
) -> None:
    """Suffix-sort one gram group and walk its LCP-interval tree bottom-up. A node (string) is
    reported when it is in ≥ 2 speeches, no child (one more character on the right) keeps all of
    them, and no single left character keeps all of them either."""
    find = text.find
    if len(members) == 1:
        p = members[0]
        ds = docsets[sid_at[p]]
        if len(ds) > 1 and text[p - 1 : p] in ("", "\n"):
            out.append(text[p : find("\n", p)])  # a whole sentence that speeches share
        return
    keys = sorted((text[p : find("\n", p)], p) for p in members)
    m = len(keys)
    lefts = [text[p - 1] if p else "\n" for _, p in keys]  # "\n": sentence start

    def attach(node: list, i: int) -> None:
        key, p = keys[i]
        ds = docsets[sid_at[p]]
        node[2] |= ds
        if len(key) > node[0]:  # a proper leaf (not the end of the sentence at the node)
            if len(ds) > node[3]:
                node[3] = len(ds)
            if len(ds) > 1 and text[p - 1 : p] in ("", "\n"):
                out.append(key)

    def adopt(parent: list, child: list) -> None:
        if parent[2]:
            parent[2] |= child[2]
        else:
            parent[2] = child[2]  # the child is finished: take its set instead of copying
        if len(child[2]) > parent[3]:
            parent[3] = len(child[2])

    def report(node: list, rb: int) -> None:
        n = len(node[2])
        if n < 2 or node[3] >= n:
            return
        run = lefts[node[1] : rb + 1]
        if run[0] != "\n" and run.count(run[0]) == len(run):
            return  # one left character everywhere: the span extends left (the usual case)
        by_left: dict[str, set[int]] = {}
        for i in range(node[1], rb + 1):
            c = lefts[i]
            if c == "\n":
                continue
            p = keys[i][1]
            s = by_left.get(c)
            if s is None:
                by_left[c] = set(docsets[sid_at[p]])
            else:
                s |= docsets[sid_at[p]]
        if any(len(s) == n for s in by_left.values()):
            return
        out.append(keys[node[1]][0][: node[0]])

    # Node: [lcp length, left bound, speeches (set), largest child speech count].
    stack: list[list] = [[0, 0, set(), 0]]
    prev = keys[0][0]
    for i in range(1, m + 1):
        if i < m:
            cur = keys[i][0]
            h = _lcp(prev, cur, k)
            prev = cur
        else:
            h = 0
        top = stack[-1]
        if h > top[0]:
            node = [h, i - 1, set(), 0]
            attach(node, i - 1)
            stack.append(node)
            continue
        attach(top, i - 1)
        lb = i - 1
        last = None
        while h < stack[-1][0]:
            top = stack.pop()
            report(top, i - 1)
            lb = top[1]
            if h <= stack[-1][0]:
                adopt(stack[-1], top)
            else:
                last = top
        if h > stack[-1][0]:
            node = [h, lb, set(), 0]
            if last is not None:
                adopt(node, last)
            stack.append(node)


def _tidy(span: str, min_len: int) -> list[str]:
    """Trim punctuation and glue characters from the ends, split at unpaired brackets/quotes
    (they mark the edge of a formula), repeat; keep pieces of ≥ min_len that are not generic."""
    st = settings()
    out: list[str] = []
    todo = [span]
    while todo:
        p = _trim(todo.pop(), st)
        if len(p) < min_len:
            continue
        cuts = _unpaired(p)
        if cuts:
            start = 0
            for c in [*cuts, len(p)]:
                todo.append(p[start:c])
                start = c + 1
        elif not is_stop(p):
            out.append(p)
    return out


def _unpaired(p: str) -> list[int]:
    stack: list[int] = []
    cuts: list[int] = []
    for i, c in enumerate(p):
        if c in _PAIRS:
            stack.append(i)
        elif c in _CLOSERS:
            if stack and p[stack[-1]] == _CLOSERS[c]:
                stack.pop()
            else:
                cuts.append(i)
    return sorted(cuts + stack)


_CLAUSE_MARK_RE = re.compile(r"[，,、：:]")


def _trim(p: str, st: _Settings) -> str:
    """Strip punctuation, glue characters and word fragments (`合，各司其职，各负其责`: the `合`
    of `配合`) from both ends until nothing changes."""
    while True:
        q = p
        while q and not q[0].isalnum():
            q = q[1:]
        while q and not q[-1].isalnum():
            q = q[:-1]
        q = q.lstrip(st.trim_leading).rstrip(st.trim_trailing)
        marks = [m.start() for m in _CLAUSE_MARK_RE.finditer(q)]
        if marks:
            # A short piece before the first / after the last clause mark, next to a longer
            # clause, is the tail / head of a word cut by the span (not an item of a list).
            # Before/after 、 only a single character counts: list items are whole words
            # (`县委、县政府`).
            a = marks[0]
            nxt = marks[1] if len(marks) > 1 else len(q)
            limit = 1 if q[a] == "、" else st.fragment_max
            if 0 < a <= limit and nxt - a - 1 > a:
                q = q[a + 1 :]
            else:
                z = marks[-1]
                prv = marks[-2] if len(marks) > 1 else -1
                tail = len(q) - z - 1
                limit = 1 if q[z] == "、" else st.fragment_max
                if 0 < tail <= limit and z - prv - 1 > tail:
                    q = q[:z]
        if q == p:
            return p
        p = q


# --- 2. quoted slogans ------------------------------------------------------------------------


def _quoted(seg: str, st: _Settings) -> list[str]:
    out = []
    depth_open: list[tuple[str, int]] = []
    for i, c in enumerate(seg):
        if depth_open and c == _QUOTES.get(depth_open[-1][0]):
            _, s = depth_open.pop()
            if not depth_open:
                inner = seg[s + 1 : i].strip()
                if (
                    st.quoted_min <= len(inner) <= st.quoted_max
                    and _sloganish(inner)
                    and max(map(len, _CLAUSE_SPLIT_RE.split(inner))) <= st.quoted_max_clause
                ):
                    out.append(inner)
        elif c in _QUOTES:
            depth_open.append((c, i))
    return out


def _sloganish(s: str) -> bool:
    """Mostly Chinese characters, no sentence end (segments have none), not a nested quote."""
    cjk = sum(1 for c in s if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return cjk >= max(2, 0.7 * len(s)) and s[0] not in _QUOTES and s[-1] not in _QUOTES.values()


# --- 3. enumerations --------------------------------------------------------------------------


def _common_prefix(items: Sequence[str]) -> str:
    a, b = min(items), max(items)
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _common_suffix(items: Sequence[str]) -> str:
    return _common_prefix([s[::-1] for s in items])[::-1]


def _enumerations(seg: str, st: _Settings) -> list[tuple[str, str]]:
    """`学有所思、学有所悟、学有所获、学有所成` → ("…", "4×4"). The first and last items may be glued
    to the text around them (`切实增强……的责任感、使命感、紧迫感和危机感`): they are cut to the
    common length when that is exact or the cut shares a prefix/suffix with the inner items."""
    out = []
    for m in _DUN_RUN_RE.finditer(seg):
        items = m.group().split("、")
        n = len(items)
        i = 1
        while i < n - 1:
            L = len(items[i])
            j = i
            while j + 1 < n - 1 and len(items[j + 1]) == L:
                j += 1
            if st.enum_item_min <= L <= st.enum_item_max:
                inner = items[i : j + 1]
                chosen = list(inner)
                first = _edge(items[i - 1], L, inner, left=True) if i == 1 else None
                last = _edge(items[j + 1], L, inner, left=False) if j == n - 2 else None
                if first is not None:
                    chosen.insert(0, first)
                if last is not None:
                    chosen.append(last)
                if len(chosen) >= st.enum_min_items and len(set(chosen)) == len(chosen):
                    out.append(("、".join(chosen), f"{len(chosen)}×{L}"))
            i = j + 1
    return out


def _edge(item: str, L: int, inner: list[str], *, left: bool) -> str | None:
    if len(item) < L:
        return None
    cut = item[-L:] if left else item[:L]
    if len(item) == L:
        return cut
    if all(_common_prefix([cut, x]) or _common_suffix([cut, x]) for x in inner):
        return cut
    return None


# --- 4. parallel frames -------------------------------------------------------------------------


def _frames(seg: str, st: _Settings) -> list[tuple[str, str]]:
    out = []
    for m in _CLAUSE_RUN_RE.finditer(seg):
        run = m.group()
        bounds = []  # (start, end) of each item inside run
        s = 0
        for sm in _ITEM_SEP_RE.finditer(run):
            bounds.append((s, sm.start()))
            s = sm.end()
        bounds.append((s, len(run)))
        items = [run[a:b] for a, b in bounds]
        n = len(items)
        i = 0
        while i + st.frame_min_items <= n:
            best = None
            for j in range(i + st.frame_min_items - 1, n):
                if len(items[j - 1]) > st.frame_item_max and j - 1 > i:
                    break  # an inner item too long: no longer run from i
                f = _frame(items[i : j + 1], st)
                if f is None:
                    break  # a longer run only adds constraints
                best = (j, f)
            if best is None:
                i += 1
                continue
            j, (cut_first, cut_last, shape) = best
            a = bounds[i][0] + cut_first
            b = bounds[j][0] + cut_last
            out.append((run[a:b], shape))
            i = j + 1
    return out


def _frame(items: list[str], st: _Settings) -> tuple[int, int, str] | None:
    """The frame shared by `items` (the first may carry a lead, the last a tail): (start of the
    first item's kept part, end of the last item's kept part, shape) or None."""
    first, mids, last = items[0], items[1:-1], items[-1]
    if any(not st.frame_item_min <= len(x) <= st.frame_item_max for x in mids):
        return None
    P = _common_prefix([*mids, last])
    S = _common_suffix([first, *mids])
    # Keep a slot of at least one character in every inner item.
    while P or S:
        if all(len(P) + len(S) < len(x) for x in mids):
            break
        if len(P) >= len(S):
            P = P[:-1]
        else:
            S = S[1:]
    f_body = first[: len(first) - len(S)]
    f0 = 0
    if P:
        f0 = f_body.rfind(P, 0, len(f_body) - 1)
        if f0 < 0:
            return None
    l_end = len(last)
    if S:
        k = last.find(S, len(P) + 1)
        if k < 0:
            return None
        l_end = k + len(S)
    slots = [first[f0 + len(P) : len(first) - len(S)]]
    slots += [x[len(P) : len(x) - len(S)] for x in mids]
    slots.append(last[len(P) : l_end - len(S)])
    if any(not s for s in slots):
        return None
    M, lefts, rights = _infix(slots)
    if not M:
        lefts, rights = slots, [""] * len(slots)
    # A lead on the first item / a tail on the last: cut to the slot size the other items
    # agree on — only when the other side of the slots has one size too, else it is a guess.
    if not P:
        lens = {len(x) for x in lefts[1:]}
        if len(lens) == 1 and len(lefts[0]) > (Lx := lens.pop()) and len({len(y) for y in rights}) == 1:
            f0 += len(lefts[0]) - Lx
            lefts[0] = lefts[0][-Lx:]
    if not S:
        lens = {len(y) for y in rights[:-1]}
        if len(lens) == 1 and len(rights[-1]) > (Ly := lens.pop()) and len({len(x) for x in lefts}) == 1:
            l_end -= len(rights[-1]) - Ly
            rights[-1] = rights[-1][:Ly]
        elif not M:
            # No infix: the slots themselves are the right side.
            lens = {len(x) for x in lefts[:-1]}
            if len(lens) == 1 and len(lefts[-1]) > (Ly := lens.pop()):
                l_end -= len(lefts[-1]) - Ly
                lefts[-1] = lefts[-1][:Ly]
    same_shape = len({len(x) for x in lefts}) == 1 and len({len(y) for y in rights}) == 1
    distinct = len(set(zip(lefts, rights, strict=True))) == len(lefts)
    fixed = P + M + S
    if not distinct or not fixed:
        return None
    if len(fixed) < st.frame_min_fixed and (not same_shape or fixed in st.frame_weak_fixed):
        return None
    if len(fixed) <= 2 and all(c in st.frame_weak_fixed for c in fixed):
        return None
    if not P and not S and not same_shape and st.generic_re.fullmatch(M):
        return None  # `……安全……`: a generic word recurring in clauses is no frame
    while f0 < len(first) - len(S) - 1 and first[f0] in st.trim_leading:
        f0 += 1  # `了政治建设标准` → `政治建设标准`: glue left by the cut
    kept = [first[f0:], *mids, last[:l_end]]
    if any(not st.frame_item_min <= len(x) <= st.frame_item_max for x in kept):
        return None
    shape = f"{P}……{M}……{S}" if M else f"{P}……{S}"
    return f0, l_end, shape


def _infix(slots: list[str]) -> tuple[str, list[str], list[str]]:
    """Longest string inside every slot with something on both sides: ("在", lefts, rights)."""
    inner = slots[1:-1] or slots
    ref = min(inner, key=len)
    for L in range(len(ref) - 2, 0, -1):
        for a in range(1, len(ref) - L):
            M = ref[a : a + L]
            lefts, rights = [], []
            for idx, s in enumerate(slots):
                # The first slot may carry a lead holding M too: take the last M in it.
                p = s.rfind(M, 1, len(s) - 1) if idx == 0 else s.find(M, 1, len(s) - 1)
                if p < 0:
                    break
                lefts.append(s[:p])
                rights.append(s[p + L :])
            else:
                return M, lefts, rights
    return "", [], []


# --- 5. couplet headings ------------------------------------------------------------------------


def _couplet(heading: str, st: _Settings) -> tuple[str, str] | None:
    """`一、提高政治站位，强化责任担当` → ("提高政治站位，强化责任担当", "6+6")."""
    h = heading.strip()
    for c in _SENTENCE_ENDS:
        k = h.find(c)
        if k >= 0:
            h = h[:k]
    h = st.couplet_marker.sub("", h, count=1).strip(" \u3000：:")
    parts = re.split(r"[，,]", h)
    if len(parts) not in (2, 3):
        return None
    L = len(parts[0])
    if L < st.couplet_min_half or any(len(p) != L for p in parts):
        return None
    if not all(re.fullmatch(rf"[{_CJK}]+", p) for p in parts):
        return None
    return h, "+".join(str(len(p)) for p in parts)


# ---------------------------------------------------------------------------------------------
# Near misses


@lru_cache(maxsize=16)
def _form_index(
    forms: tuple[tuple[str, str], ...],
) -> tuple[list[tuple[str, str, str]], set[str], ahocorasick.Automaton]:
    """Simplified forms and an automaton of them, built once per lexicon (not once per speech)."""
    norm: list[tuple[str, str, str]] = []  # (simplified form, form as given, formula id)
    for t, fid in forms:
        if t:
            norm.append((to_simplified(t), t, fid))
    fids_of: dict[str, list[str]] = {}
    for s, _, fid in norm:
        fids_of.setdefault(s, []).append(fid)
    auto = ahocorasick.Automaton()
    for s, fids in fids_of.items():
        auto.add_word(s, (len(s), tuple(fids)))
    if fids_of:
        auto.make_automaton()
    return norm, {s for s, _, _ in norm}, auto


def near_misses(text: str, forms: list[tuple[str, str]], *, max_ratio: float = 0.25) -> list[NearMiss]:
    """Spans within a small edit distance (≥ 1, ≤ max(1, ⌊len × max_ratio⌋)) of a lexicon form
    (text, formula id) of ≥ 4 characters, equal to no form: `严之又严、细之在细` for
    `严之又严、细之又细`. Sorted by start, non-overlapping (smaller distance first, then the
    longer form)."""
    mt = to_simplified(text)
    norm, all_forms, auto = _form_index(tuple((f[0], f[1]) for f in forms))
    if not norm or not mt:
        return []
    exact = _exact_spans(mt, auto)
    exact_starts = [s for s, _, _ in exact]
    exact_by_fid: dict[str, list[tuple[int, int]]] = {}
    for xs, xe, fids in exact:
        for fid in fids:
            exact_by_fid.setdefault(fid, []).append((xs, xe))

    longest = max(len(s) for s in all_forms)

    def blocked(s: int, e: int, fid: str) -> bool:
        # Overlaps a correct occurrence of the same formula, or lies inside any correct occurrence.
        lo, hi = bisect_left(exact_starts, s - longest + 1), bisect_left(exact_starts, e)
        for xs, xe, fids in exact[lo:hi]:
            if s < xe and (fid in fids or (xs <= s and e <= xe)):
                return True
        return False

    cands: list[tuple[int, int, int, int, str, str]] = []  # (dist, -len(form), s, e, fid, form)
    memo: dict[tuple[str, int, int], int] = {}
    for form, given, fid in dict.fromkeys(norm):
        m = len(form)
        if m < 4:
            continue
        d = max(1, int(m * max_ratio))
        bag = Counter(form)
        starts: set[int] = set()
        # Pigeonhole: d edits leave one of d + 1 pieces of the form intact.
        step = m / (d + 1)
        for c in range(d + 1):
            o, o2 = round(c * step), round((c + 1) * step)
            piece = form[o:o2]
            q = mt.find(piece)
            while q >= 0:
                starts.add(q - o)
                q = mt.find(piece, q + 1)
        own = exact_by_fid.get(fid, [])
        # q-gram lemma (q = 2): a window within d edits of the form keeps at least m − 1 − 2d of
        # the form's bigrams, so a region holding fewer cannot hold a near miss. Substring tests
        # are cheap; most candidate starts (a common two-character piece) stop here.
        bigrams = [form[i : i + 2] for i in range(m - 1)]
        need = m - 1 - 2 * d
        for a in sorted(starts):
            lo, hi = max(0, a - d), min(len(mt), a + m + d)
            if lo >= hi:
                continue
            # Every window here covers [a + d, a + m - d - 1): if a correct occurrence of this
            # formula overlaps that core, all of them would be refused below.
            c0, c1 = a + d, max(a + d + 1, a + m - d - 1)
            k = bisect_left(own, (c1, -1))
            if any(xe > c0 for _, xe in own[max(0, k - 3) : k]):
                continue
            window = mt[lo : hi + 1]  # windows run to a + m + d + 1
            if need > 0 and sum(bg in window for bg in bigrams) < need:
                continue
            # Bag bound: a form character missing from the whole region costs an edit.
            region = Counter(window)
            if m - sum(min(v, region[ch]) for ch, v in bag.items()) > d:
                continue
            best = None
            for s in range(lo, min(a + d, len(mt)) + 1):
                for L in (m, m - 1, m + 1):
                    e = s + L
                    if e > len(mt):
                        continue
                    dist = memo.get((form, s, e))
                    if dist is None:
                        w = mt[s:e]
                        if w in all_forms or any(c in _SENTENCE_ENDS for c in w if c not in form):
                            dist = d + 1  # correct already, or runs across a sentence end
                        else:
                            dist = _levenshtein(form, w, d)
                        memo[(form, s, e)] = dist
                    if dist > d or dist == 0:
                        continue
                    key = (dist, abs(L - m), s)
                    if best is None or key < best[0]:
                        best = (key, s, e)
            if best is None:
                continue
            (dist, _, _), s, e = best
            if blocked(s, e, fid) or _variant_wording(mt[s:e], form):
                continue
            cands.append((dist, -m, s, e, fid, given))
    cands.sort()
    taken: list[tuple[int, int]] = []
    out: list[NearMiss] = []
    for _, _, s, e, fid, given in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(NearMiss(s, e, fid, given, text[s:e]))
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _parallel_substitution(found: str, form: str) -> bool:
    """`守山有责、守山尽责` against `守土有责、守土尽责`: one character replaced by the same other
    character everywhere it occurs — deliberate wordplay on the formula, not a slip."""
    if len(found) != len(form):
        return False
    diffs = {(a, b) for a, b in zip(found, form, strict=True) if a != b}
    if len(diffs) != 1:
        return False
    ((got, want),) = diffs
    return form.count(want) >= 2 and all((a == got) == (b == want) for a, b in zip(found, form, strict=True))


_FUNCTION_CHARS = set("的地得之了，、")


def _function_words_only(found: str, form: str) -> bool:
    """`作出新的更大的贡献` for `作出新的更大贡献`: only a 的/地/之 added or dropped — a wording
    variant, not a miswritten formula."""
    import difflib

    ops = difflib.SequenceMatcher(None, found, form, autojunk=False).get_opcodes()
    changed = [(tag, found[i1:i2], form[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    return bool(changed) and all(
        tag in ("insert", "delete") and set(a + b) <= _FUNCTION_CHARS for tag, a, b in changed
    )


def _variant_wording(found: str, form: str) -> bool:
    """Close to a formula on purpose, not by a slip: wordplay on it or a function-word variant."""
    return _parallel_substitution(found, form) or _function_words_only(found, form)


def _exact_spans(mt: str, auto: ahocorasick.Automaton) -> list[tuple[int, int, tuple[str, ...]]]:
    spans = []
    for end, (n, fids) in auto.iter(mt):
        spans.append((end + 1 - n, end + 1, fids))
    spans.sort()
    return spans


def _levenshtein(a: str, b: str, k: int) -> int:
    """Edit distance of a and b if ≤ k, else k + 1 (rapidfuzz: C++, stops at the cutoff)."""
    return Levenshtein.distance(a, b, score_cutoff=k)
