"""`speechguide check FILE --annotate`: a copy of the draft, `NAME.checked.docx`, with each
finding as a Word comment anchored on its text, so the writer reviews it where the draft lives.
The original is never modified. A .txt/.md draft becomes a .docx with one paragraph per line.

Comments anchor on whole runs (Word's rule): in a .docx the run(s) holding the fault; a text
draft's faults get runs of their own.
"""

from __future__ import annotations

from pathlib import Path

from ..ingest import Source
from .model import SEVERITY_ZH, Finding

AUTHOR = "speechguide check"
INITIALS = "SG"


def annotated_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.checked.docx")


def _comment(f: Finding) -> str:
    text = f"［{SEVERITY_ZH[f.severity]}］{f.message}\n改法：{f.hint}"
    if f.fixes:
        text += "\n（speechguide check --fix 可以自动改正）"
    return text


def annotate(source: Source, findings: list[Finding]) -> tuple[Path, int]:
    """Write the annotated copy; (its path, how many comments)."""
    from docx import Document

    out = annotated_path(source.path)
    if source.encoding == "docx":
        doc = Document(str(source.path))
        n = _annotate_docx(doc, source.raw, findings)
    else:
        doc = Document()
        n = _annotate_text(doc, source.raw, findings)
    doc.save(str(out))
    return out, n


def _annotate_docx(doc, raw: str, findings: list[Finding]) -> int:
    from docx.text.run import Run

    from ..ingest import docx_paragraphs, para_pieces

    # Each `w:r` with the span of speech text it holds, in order.
    runs: list[tuple[int, int, object, object]] = []  # (start, end, r element, paragraph element)
    pos = 0
    for p in docx_paragraphs(doc.element.body):
        for text, el in para_pieces(p):
            if el is not None:
                r = el.getparent()
                if runs and runs[-1][2] is r:
                    runs[-1] = (runs[-1][0], pos + len(text), r, p)
                else:
                    runs.append((pos, pos + len(text), r, p))
            pos += len(text)
        pos += 1
    n = 0
    for f in findings:
        covering = [x for x in runs if x[0] < max(f.end, f.start + 1) and f.start < x[1]]
        if not covering:  # a missing thing (no salutation, no closing): anchor on the nearest run
            covering = [min(runs, key=lambda x: abs(x[0] - f.start))] if runs else []
        if not covering:
            continue
        from docx.text.paragraph import Paragraph

        first, last = covering[0], covering[-1]
        r1 = Run(first[2], Paragraph(first[3], doc._body))
        r2 = Run(last[2], Paragraph(last[3], doc._body))
        doc.add_comment([r1, r2], text=_comment(f), author=AUTHOR, initials=INITIALS)
        n += 1
    return n


def _annotate_text(doc, raw: str, findings: list[Finding]) -> int:
    """One paragraph per line; each finding's span a run of its own, commented."""
    lines = raw.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the final line break ends the last paragraph; it starts no new one
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    by_line: dict[int, list[Finding]] = {}
    for f in findings:
        k = max(0, raw.count("\n", 0, min(f.start, len(raw))))
        by_line.setdefault(k, []).append(f)
    n = 0
    for k, line in enumerate(lines):
        para = doc.add_paragraph()
        text = line.rstrip("\r")
        cuts = {0, len(text)}
        here = sorted(by_line.get(k, []), key=lambda f: f.start)
        for f in here:
            a = min(max(f.start - starts[k], 0), len(text))
            b = min(max(f.end - starts[k], a), len(text))
            cuts.update((a, b))
        pieces = sorted(cuts)
        run_at: list[tuple[int, int, object]] = []
        for a, b in zip(pieces, pieces[1:], strict=False):
            if a < b:
                run_at.append((a, b, para.add_run(text[a:b])))
        if not run_at:
            run_at.append((0, 0, para.add_run("")))
        for f in here:
            a = min(max(f.start - starts[k], 0), len(text))
            b = min(max(f.end - starts[k], a), len(text))
            cover = [r for s, e, r in run_at if s < max(b, a + 1) and a < e] or [run_at[0][2]]
            doc.add_comment([cover[0], cover[-1]], text=_comment(f), author=AUTHOR, initials=INITIALS)
            n += 1
    return n
