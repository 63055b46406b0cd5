"""The finished `Speech`: roles painted, leaves cut, whole-tree diagnostics."""

from __future__ import annotations

import re

from .. import slots as slotmod
from ..model import (
    Leaf,
    NumberingStyle,
    Paragraph,
    Roadmap,
    Role,
    Section,
    Severity,
    Speech,
    TitleMeta,
    Weighing,
)
from .candidates import Run
from .evidence import Weighed, confidence
from .rules import Span
from .state import State, diag

# --------------------------------------------------------------------------- finish


def finish(
    st: State,
    title: Span | None,
    salutation: Span | None,
    roadmap: Roadmap | None,
    style: NumberingStyle,
    sections: tuple[Section, ...],
    closing: Span | None,
    call: Span | None,
    body_start: int,
    *,
    truncated: bool = False,
    opening: Span | None = None,
    chosen: tuple[Run, Weighed] | None = None,
    title_meta: tuple[TitleMeta, ...] = (),
) -> Speech:
    text, mt = st.text, st.mt
    n = len(text)
    # Roles, painted from the general to the specific.
    paint: list[tuple[int, int, Role]] = []
    if opening is not None and opening[0] < opening[1]:
        paint.append((opening[0], opening[1], Role.OPENING))
    for sec in sections:
        _paint_section(paint, sec)
    if closing:
        paint.append((closing[0], closing[1], Role.CLOSING))
    if call:
        paint.append((call[0], call[1], Role.CALL))
    if roadmap:
        paint.append((roadmap.start, roadmap.end, Role.ROADMAP))
    paint.extend(st.roles)  # title, salutation and noise last: they win
    role_at: list[Role] = [Role.BODY] * n
    bounds = {0, n}
    for s, e, r in paint:
        s, e = max(0, s), min(n, e)
        if s < e:
            role_at[s:e] = [r] * (e - s)
            bounds.update((s, e))
    for m in re.finditer("\n", text):
        role_at[m.start()] = Role.BREAK
        bounds.update((m.start(), m.end()))
    cuts = st.cuts | {p.start for sec in _walk(sections) for p in sec.points}
    # Roles change only at paint boundaries and line breaks: walk those, not every character.
    marks = sorted(b for b in bounds | cuts if 0 <= b <= n)
    leaves: list[Leaf] = []
    start = 0
    for i in marks[1:]:
        if i == n or role_at[i] is not role_at[start] or i in cuts:
            leaves.append(Leaf(start, i, role_at[start]))
            start = i
    paragraphs: list[Paragraph] = []
    for k, (s, e) in enumerate(st.blocks):
        paragraphs.append(Paragraph(k, s, e, role_at[s]))

    # Diagnostics that need the whole tree.
    if salutation is None and st.blocks:
        diag(st, "no_salutation", Severity.WARNING, "没有找到称谓（如“同志们：”）。")
    if not sections and st.blocks:
        diag(
            st,
            "no_sections",
            Severity.WARNING,
            "没有找到编号的部分（一、/第一，/一要/一是……），整篇按一段正文处理。",
        )
    if sections and roadmap is None:
        diag(st, "no_roadmap", Severity.WARNING, "开场里没有提纲句（如“下面，我讲三点意见”）。")
    if roadmap is not None and roadmap.count is not None and sections and roadmap.count != len(sections):
        if truncated and len(sections) < roadmap.count:
            diag(
                st,
                "count_unverifiable",
                Severity.INFO,
                f"提纲句说{roadmap.count}点，正文只有{len(sections)}部分——原文被截断，无法核对。",
                roadmap.start,
                roadmap.end,
            )
        else:
            diag(
                st,
                "count_mismatch",
                Severity.ERROR,
                f"提纲句说“{text[roadmap.count_start : roadmap.count_end]}点”，正文实际有{len(sections)}个部分。",
                roadmap.start,
                roadmap.end,
            )
    if sections and closing is None and not truncated:  # an excerpt's end is where it was cut
        diag(
            st,
            "no_closing",
            Severity.INFO,
            "最后一部分之后没有找到结语（如“同志们，……”“总之，……”“谢谢大家”）。",
        )

    # Page furniture set aside (a `【通用三篇】` tag, a 目录) is not a slot to fill.
    found_slots = [
        s for s in slotmod.find_slots(text, mt) if role_at[s.start] not in (Role.NOISE, Role.TITLE_META)
    ]
    st.diags.sort(key=lambda d: (d.start if d.start is not None else -1, d.code))
    speeches = 1
    for d in st.diags:
        if d.code == "multiple_speeches":
            speeches = int(re.search(r"\d+", d.message).group(0))  # type: ignore[union-attr]
    return Speech(
        text=text,
        title=title,
        salutation=salutation,
        roadmap=roadmap,
        numbering_style=style,
        sections=sections,
        closing=closing,
        call=call,
        paragraphs=tuple(paragraphs),
        leaves=tuple(leaves),
        slots=tuple(found_slots),
        diagnostics=tuple(st.diags),
        speeches_in_file=speeches,
        confidence=confidence(
            chosen[1] if chosen else None, roadmap.count if roadmap else None, len(sections)
        ),
        weighings=tuple(_weighing(run, w, chosen) for run, w in st.weighed),
        title_meta=title_meta,
        excerpt=truncated,
    )


def _weighing(run: Run, w: Weighed, chosen: tuple[Run, Weighed] | None) -> Weighing:
    return Weighing(
        style=w.facts.style,
        markers=tuple((c.pos, c.end) for c in run.members),
        evidence=tuple((e.name, e.weight, e.note) for e in w.evidence),
        score=round(w.score, 2),
        accepted=w.accepted,
        chosen=chosen is not None and chosen[0] is run,
    )


def _paint_section(paint: list[tuple[int, int, Role]], sec: Section) -> None:
    paint.append((sec.start, sec.end, Role.BODY))
    for p in sec.points:
        paint.append((p.start, p.end, Role.POINT))
    for sub in sec.subsections:
        _paint_section(paint, sub)
    paint.append((sec.start, sec.heading_end, Role.HEADING if sec.level == 1 else Role.SUBHEADING))


def _walk(sections: tuple[Section, ...]):
    for s in sections:
        yield s
        yield from _walk(s.subsections)
