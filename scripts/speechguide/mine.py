"""Stage 4: all analysed speeches → `Corpus` (corpus-wide facts the pages need).

For now: which speeches use each lexicon formula and how often. Mined formulas (repeated spans,
enumerations, parallel frames) join the same structure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .analyze import Analysis
from .lexicon import Formula, Lexicon


@dataclass(frozen=True, slots=True)
class FormulaUse:
    formula: Formula
    speeches: tuple[str, ...]  # slugs, in corpus order
    occurrences: int


@dataclass(frozen=True, slots=True)
class Corpus:
    analyses: tuple[Analysis, ...]
    lexicon: Lexicon | None
    uses: dict[str, FormulaUse] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.analyses)

    def by_slug(self, slug: str) -> Analysis:
        return next(a for a in self.analyses if a.source.slug == slug)


def mine(analyses: list[Analysis], lexicon: Lexicon | None) -> Corpus:
    """1. count lexicon formula occurrences per speech; 2. order by speeches × length."""
    per: dict[str, list[str]] = defaultdict(list)
    occ: dict[str, int] = defaultdict(int)
    for a in analyses:
        for h in a.formulas:
            if a.source.slug not in per[h.formula_id]:
                per[h.formula_id].append(a.source.slug)
            occ[h.formula_id] += 1
    uses: dict[str, FormulaUse] = {}
    if lexicon is not None:
        for f in lexicon.formulas:
            uses[f.id] = FormulaUse(f, tuple(per.get(f.id, ())), occ.get(f.id, 0))
    return Corpus(tuple(analyses), lexicon, uses)
