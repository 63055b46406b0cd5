"""`speechguide check FILE --fix`: apply the safe, mechanical fixes in place.

Only what a rule marks as safe (half-width → full-width punctuation between Chinese characters,
an outdated or misordered formula → the canonical one, a repeated mark, a heading's stray
full stop, web-page leftovers the cleaner also removes). Every other finding stays for the
writer. A text file is written back in its own encoding (BOM kept); a .docx is edited inside
its `w:t` elements, so runs and styles stay as they were, and a fix that would cross a run
boundary is left for the writer. Running it again changes nothing.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..ingest import BOMS, Source
from .model import Finding

Edit = tuple[int, int, str]  # raw start, raw end, replacement


@dataclass(frozen=True, slots=True)
class Applied:
    start: int
    end: int
    before: str
    after: str
    line: int


def planned(findings: list[Finding]) -> list[Edit]:
    """Every safe edit, in text order, overlapping ones dropped (the first wins)."""
    edits = sorted({e for f in findings for e in f.fixes}, key=lambda e: (e[0], e[1]))
    out: list[Edit] = []
    for e in edits:
        if out and e[0] < out[-1][1]:
            continue
        out.append(e)
    return out


def apply_to_text(raw: str, edits: list[Edit]) -> tuple[str, list[Applied]]:
    applied = []
    out = []
    pos = 0
    for s, e, new in edits:
        if raw[s:e] == new:
            continue
        out.append(raw[pos:s])
        out.append(new)
        applied.append(Applied(s, e, raw[s:e], new, raw.count("\n", 0, s) + 1))
        pos = e
    out.append(raw[pos:])
    return "".join(out), applied


def fix_file(source: Source, findings: list[Finding]) -> tuple[list[Applied], list[Edit]]:
    """Apply the fixes to the file `source` was read from: (applied, left for the writer)."""
    edits = planned(findings)
    if not edits:
        return [], []
    if source.encoding == "docx":
        return _fix_docx(source, edits)
    path = source.path
    data = path.read_bytes()
    bom = next((b for b, enc in BOMS if data.startswith(b) and enc == source.encoding), b"")
    text = codecs.decode(data[len(bom) :], source.encoding.replace("-sig", ""))
    prefix = text[: len(text) - len(source.raw)] if text.endswith(source.raw) else None
    if prefix is None:  # the text as read differs from the file (should not happen): touch nothing
        return [], edits
    fixed, applied = apply_to_text(source.raw, edits)
    path.write_bytes(bom + codecs.encode(prefix + fixed, source.encoding.replace("-sig", "")))
    return applied, []


def _fix_docx(source: Source, edits: list[Edit]) -> tuple[list[Applied], list[Edit]]:
    from docx import Document

    from ..ingest import docx_paragraphs, para_pieces

    doc = Document(str(source.path))
    paras = docx_paragraphs(doc.element.body)
    # Where each `w:t` sits in the speech text: (start, end, element).
    spans: list[tuple[int, int, object]] = []
    pos = 0
    for p in paras:
        for text, el in para_pieces(p):
            if el is not None:
                spans.append((pos, pos + len(text), el))
            pos += len(text)
        pos += 1  # the line break between paragraphs
    applied: list[Applied] = []
    left: list[Edit] = []
    raw = source.raw
    for s, e, new in sorted(edits, reverse=True):  # right to left: earlier offsets stay valid
        home = next(((a, b, el) for a, b, el in spans if a <= s and e <= b and (a < b)), None)
        if home is None or raw[s:e] == new:
            if raw[s:e] != new:
                left.append((s, e, new))
            continue
        a, _b, el = home
        t = el.text or ""
        el.text = t[: s - a] + new + t[e - a :]
        if el.text != el.text.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        applied.append(Applied(s, e, raw[s:e], new, raw.count("\n", 0, s) + 1))
    doc.save(str(source.path))
    applied.reverse()
    return applied, sorted(left)
