"""Stage 4: all analysed speeches → `Corpus` (corpus-wide facts the pages need).

`mine` runs:

1. where each lexicon formula occurs (speeches, places);
2. formulas mined from the corpus (`mining.mine_formulas`: repeated spans, quoted slogans,
   enumerations, parallel frames, heading couplets), the lexicon's own forms left out;
3. an index of mined occurrences per speech, for highlighting.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from .analyze import Analysis
from .lexicon import Formula, Lexicon
from .mining import Doc, Mined, mine_formulas
from .model import Role

# Not speech: a title block, photo captions, news leads, source lines, page furniture.
NOT_SPEECH = frozenset({Role.NOISE, Role.TITLE, Role.TITLE_META})


def speech_only(a: Analysis) -> str:
    """The cleaned text with what is not speech blanked out (line breaks, so offsets stay and
    nothing is mined across or from them)."""
    text = a.cleaned.text
    if not any(leaf.role in NOT_SPEECH for leaf in a.speech.leaves):
        return text
    out = list(text)
    for leaf in a.speech.leaves:
        if leaf.role in NOT_SPEECH:
            out[leaf.start : leaf.end] = "\n" * (leaf.end - leaf.start)
    return "".join(out)


KIND_ZH = {
    "repeated": "多篇共用",
    "quoted": "引用口号",
    "enumeration": "并列短语",
    "frame": "排比句式",
    "couplet": "对句标题",
}
MIN_SPEECHES_SHOWN = 2  # a mined formula is shown (and highlighted) once two speeches use it


@dataclass(frozen=True, slots=True)
class FormulaUse:
    formula: Formula
    speeches: tuple[str, ...]  # slugs, in corpus order
    occurrences: int
    places: tuple[tuple[str, int], ...] = ()  # (slug, offset) of every occurrence


@dataclass(frozen=True, slots=True)
class Corpus:
    analyses: tuple[Analysis, ...]
    lexicon: Lexicon | None
    uses: dict[str, FormulaUse] = field(default_factory=dict)
    mined: tuple[Mined, ...] = ()
    mined_at: dict[str, tuple[tuple[int, int, Mined], ...]] = field(default_factory=dict)
    _slugs: dict[str, Analysis] = field(default_factory=dict, compare=False, repr=False)
    _docs: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.analyses)

    def by_slug(self, slug: str) -> Analysis:
        if not self._slugs:
            self._slugs.update((a.source.slug, a) for a in self.analyses)
        return self._slugs[slug]

    def doc_count(self, m: Mined) -> int:
        """Number of speeches a mined formula occurs in (memoised: `Mined.docs` walks every occurrence)."""
        n = self._docs.get(id(m))
        if n is None:
            n = self._docs[id(m)] = len(m.docs)
        return n


def mined_id(m: Mined) -> str:
    """A stable anchor for a mined formula (from its text)."""
    return "m-" + hashlib.sha1(m.text.encode("utf-8")).hexdigest()[:10]


def shown_mined(corpus: Corpus) -> list[Mined]:
    return [m for m in corpus.mined if corpus.doc_count(m) >= MIN_SPEECHES_SHOWN]


def mine(analyses: list[Analysis], lexicon: Lexicon | None) -> Corpus:
    per: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for a in analyses:
        for h in a.formulas:
            if a.source.slug not in per[h.formula_id]:
                per[h.formula_id].append(a.source.slug)
            places[h.formula_id].append((a.source.slug, h.start))
    uses: dict[str, FormulaUse] = {}
    if lexicon is not None:
        for f in lexicon.formulas:
            uses[f.id] = FormulaUse(
                f, tuple(per.get(f.id, ())), len(places.get(f.id, ())), tuple(places.get(f.id, ()))
            )

    docs = [
        Doc(a.source.slug, speech_only(a), tuple((s.start, s.heading_end) for s in a.speech.sections))
        for a in analyses
    ]
    known = [t for t, _fid, _form in lexicon.forms()] if lexicon else []
    mined_all = mine_formulas(docs, known=known) if docs else []
    # A mined span that only ever occurs inside a lexicon formula adds nothing (`一岗双责、齐抓共管、
    # 失职追责` inside `党政同责、……`): drop it.
    hits = {a.source.slug: [(h.start, h.end) for h in a.formulas] for a in analyses}
    mined = tuple(
        m
        for m in mined_all
        if not all(
            any(hs <= o.start and o.end <= he for hs, he in hits.get(o.doc, ())) for o in m.occurrences
        )
    )
    at: dict[str, list[tuple[int, int, Mined]]] = defaultdict(list)
    for m in mined:
        if len(m.docs) >= MIN_SPEECHES_SHOWN:
            for o in m.occurrences:
                at[o.doc].append((o.start, o.end, m))
    mined_at = {k: tuple(sorted(v, key=lambda x: (x[0], -x[1]))) for k, v in at.items()}
    return Corpus(tuple(analyses), lexicon, uses, mined, mined_at)
