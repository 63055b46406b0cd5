"""The structure patterns of `data/structure.yml`, compiled once, and the marker constants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import NumberingStyle
from ..patterns import load_data

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
    heading_finals: tuple[str, ...]
    titles: tuple[re.Pattern[str], ...]
    title_prefix: re.Pattern[str]
    title_suffix: re.Pattern[str]
    title_meta: tuple[tuple[str, re.Pattern[str]], ...]
    glued_title: re.Pattern[str]
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
        heading_finals=tuple(d["heading_finals"]),
        titles=_rx(d["title"]),
        title_prefix=_c(d["title_prefix"]["pattern"]),
        title_suffix=re.compile(d["title_suffix"]["pattern"]),
        title_meta=tuple((e["id"], _c(e["pattern"])) for e in d["title_meta"]),
        glued_title=_c(d["glued_title"]["pattern"]),
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
