"""A speech's skeleton: the parts a writer reuses, with slots as fill-in labels.

salutation → opening (as a placeholder) → road-map → each heading with its point leads →
closing's first sentence. Masks and names become 【日期】/【姓名职务】….
"""

from __future__ import annotations

from collections.abc import Callable

from .analyze import Analysis, heading_text
from .model import Roadmap, Section, Slot
from .textutil import sentence_spans


def with_slots(text: str, start: int, end: int, slots: tuple[Slot, ...]) -> str:
    """text[start:end] with every slot inside it replaced by its label."""
    out: list[str] = []
    pos = start
    for s in slots:
        if s.end <= start or s.start >= end:
            continue
        if s.start < pos:
            continue
        out.append(text[pos : s.start])
        out.append(s.label)
        pos = min(s.end, end)
    out.append(text[pos:end])
    return "".join(out)


def roadmap_with_n(rm: Roadmap, piece: Callable[[int, int], str]) -> str:
    """The road map with its announced count as 【N】 (`下面，我讲【N】点意见。`); `piece` renders
    a stretch of the text (with its slots)."""
    if rm.count_start is not None and rm.count_end is not None and rm.count is not None:
        return piece(rm.start, rm.count_start) + "【N】" + piece(rm.count_end, rm.end)
    return piece(rm.start, rm.end)


def skeleton(a: Analysis) -> str:
    sp, text = a.speech, a.cleaned.text
    slots = sp.slots
    lines: list[str] = []
    if sp.title:
        lines.append(with_slots(text, *sp.title, slots))
        lines.append("")
    lines.append(with_slots(text, *sp.salutation, slots) if sp.salutation else "同志们：")
    lines.append("【开场：会议背景、目的、前期工作，对通报和部署表示同意】")
    if sp.roadmap:
        lines.append(roadmap_with_n(sp.roadmap, lambda s, e: with_slots(text, s, e, slots)))

    def walk(secs: tuple[Section, ...], depth: int) -> None:
        for sec in secs:
            lines.append("")
            lines.append(
                sec.marker
                + with_slots(text, sec.marker_end, sec.marker_end + len(heading_text(text, sec)), slots)
            )
            for p in sec.points:
                lines.append("    " * depth + with_slots(text, p.start, p.lead_end, slots) + "……")
            walk(sec.subsections, depth + 1)

    walk(sp.sections, 1)
    if sp.closing:
        first = sentence_spans(text, *sp.closing)[0]
        lines.append("")
        lines.append(with_slots(text, *first, slots) + "……")
    if sp.call:
        lines.append(with_slots(text, *sp.call, slots))
    return "\n".join(lines).strip("\n") + "\n"
