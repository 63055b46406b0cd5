"""One speech through the pipeline, and its JSON form (the `analyze --json` contract).

`analyze_source` runs:

1. clean the raw text (edits recorded);
2. parse the cleaned text into a `Speech`;
3. find the lexicon's formulas in it.

Offsets in the JSON are character offsets into the cleaned text (`edits` map them back).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .clean import clean
from .ingest import DEFAULT_MAX_BYTES, Source, read_source
from .lexicon import Hit, Lexicon, Matcher, load_lexicon
from .mining import near_misses
from .model import META_LABELS, Cleaned, Diagnostic, MetaField, Section, Severity, Speech, SpeechMeta
from .structure import parse
from .structure.meta import infer_meta
from .textutil import to_simplified

TRAILING_PUNCT = "。；，：！？;,:!? "


@dataclass(frozen=True, slots=True)
class Analysis:
    source: Source
    cleaned: Cleaned
    speech: Speech
    formulas: tuple[Hit, ...]
    meta: SpeechMeta = SpeechMeta()

    @property
    def text(self) -> str:
        return self.cleaned.text


def analyze_text(
    raw: str, matcher: Matcher | None = None, near_forms: list[tuple[str, str]] | None = None
) -> tuple[Cleaned, Speech, tuple[Hit, ...]]:
    cleaned = clean(raw)
    truncated = any(d.code == "truncated" for d in cleaned.diagnostics)
    speech = parse(cleaned.text, truncated=truncated)
    hits = tuple(matcher.find(to_simplified(cleaned.text))) if matcher else ()
    extra = list(cleaned.diagnostics)
    for h in hits:
        if h.form == "outdated":
            found = cleaned.text[h.start : h.end]
            extra.append(
                Diagnostic(
                    "formula_outdated",
                    Severity.WARNING,
                    f"“{found}”是过时或不规范的写法，见固定表述库。",
                    h.start,
                    h.end,
                )
            )
    for nm in near_misses(cleaned.text, near_forms) if near_forms else ():
        extra.append(
            Diagnostic(
                "formula_near_miss",
                Severity.WARNING,
                f"“{nm.found}”像是固定表述“{nm.expected}”写错了。",
                nm.start,
                nm.end,
            )
        )
    if extra:
        diags = sorted(
            (*extra, *speech.diagnostics), key=lambda d: (d.start if d.start is not None else -1, d.code)
        )
        speech = replace(speech, diagnostics=tuple(diags))
    return cleaned, speech, hits


def analyze_source(
    source: Source, matcher: Matcher | None = None, near_forms: list[tuple[str, str]] | None = None
) -> Analysis:
    cleaned, speech, hits = analyze_text(source.raw, matcher, near_forms)
    return Analysis(source, cleaned, speech, hits, infer_meta(speech, source.meta))


def analyze_file(
    path: Path, *, lexicon: Lexicon | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Analysis:
    """Raises `IngestError` for unreadable input."""
    source = read_source(path, max_bytes=max_bytes)
    if lexicon is None:
        return analyze_source(source)
    return analyze_source(source, Matcher(lexicon.forms()), lexicon.correct_forms())


def find_lexicon(file: Path | None = None) -> Path | None:
    """Where the formula lexicon is: beside the file, `./seeds/`, or the project's `seeds/`."""
    candidates = []
    if file is not None:
        candidates.append(file.parent / "formulas.yml")
    candidates.append(Path.cwd() / "seeds" / "formulas.yml")
    candidates.append(Path(__file__).resolve().parents[2] / "seeds" / "formulas.yml")
    return next((c for c in candidates if c.is_file()), None)


def default_lexicon(file: Path | None = None) -> Lexicon | None:
    path = find_lexicon(file)
    return load_lexicon(path) if path else None


# --------------------------------------------------------------------------- JSON


def heading_text(text: str, sec: Section) -> str:
    return text[sec.marker_end : sec.heading_end].rstrip(TRAILING_PUNCT)


def _section_json(text: str, sec: Section) -> dict[str, Any]:
    return {
        "number": sec.number,
        "marker": sec.marker,
        "heading": heading_text(text, sec),
        "start": sec.start,
        "end": sec.end,
        "heading_end": sec.heading_end,
        "level": sec.level,
        "style": sec.style.value,
        "inline": sec.inline,
        # The first-level points: the subsections when there are any (`（一）` under `一、`), else
        # the points of the section body.
        "points": [
            {
                "marker": sub.marker,
                "lead": heading_text(text, sub),
                "start": sub.start,
                "end": sub.end,
                "number": sub.number,
                "style": sub.style.value,
            }
            for sub in sec.subsections
        ]
        or [
            {
                "marker": p.marker,
                "lead": text[p.start : p.lead_end],
                "start": p.start,
                "end": p.end,
                "number": p.number,
                "style": p.style.value,
            }
            for p in sec.points
        ],
        "subsections": [_section_json(text, s) for s in sec.subsections],
    }


def _evidence_json(f: MetaField) -> dict[str, Any]:
    """Where a metadata field came from: `yml`, `text`, `inferred` (with the quoted evidence and
    its span in the cleaned text) or `unknown`."""
    out: dict[str, Any] = {"from": f.origin}
    if f.evidence is not None:
        out["evidence"] = f.evidence
    if f.start is not None:
        out |= {"start": f.start, "end": f.end}
    return out


def to_json(a: Analysis) -> dict[str, Any]:
    sp, text = a.speech, a.cleaned.text
    rm = sp.roadmap
    return {
        "file": a.source.path.name,
        "slug": a.source.slug,
        "encoding": a.source.encoding,
        # null where the text says nothing (shown as 未知 on the site).
        "meta": {name: getattr(a.meta, name).value for name in SpeechMeta.FIELDS}
        | {
            "meeting": a.meta.meeting.value,
            "speaker_role": None if a.source.meta.speaker_role == "未知" else a.source.meta.speaker_role,
            "tags": list(a.source.meta.tags),
        },
        "meta_evidence": {
            name: _evidence_json(getattr(a.meta, name)) for name in ("title", "meeting", *SpeechMeta.FIELDS)
        },
        "display_title": a.meta.title.value,
        "length": len(text),
        "title": sp.title_text or a.source.meta.title,
        "salutation": sp.slice(sp.salutation),
        "roadmap": None
        if rm is None
        else {"text": text[rm.start : rm.end], "start": rm.start, "end": rm.end, "count": rm.count},
        "announced_count": rm.count if rm else None,
        "numbering_style": sp.numbering_style.value,
        "sections": [_section_json(text, s) for s in sp.sections],
        "closing": sp.slice(sp.closing),
        "call": sp.slice(sp.call),
        "slots": [
            {
                "text": text[s.start : s.end],
                "kind": s.kind.value,
                "label": s.label,
                "start": s.start,
                "end": s.end,
            }
            for s in sp.slots
        ],
        "formulas": [
            {
                "text": text[h.start : h.end],
                "formula_id": h.formula_id,
                "form": h.form,
                "start": h.start,
                "end": h.end,
            }
            for h in a.formulas
        ],
        "edits": [
            {"kind": e.kind, "start": e.start, "raw_start": e.raw_start, "before": e.before, "after": e.after}
            for e in a.cleaned.edits
        ],
        "diagnostics": [
            {"code": d.code, "severity": d.severity.value, "message": d.message}
            | ({"start": d.start} if d.start is not None else {})
            | ({"end": d.end} if d.end is not None else {})
            for d in sp.diagnostics
        ],
        "confidence": sp.confidence,
        "structure_uncertain": sp.uncertain,
        "paragraphs": [{"start": p.start, "end": p.end, "role": p.role.value} for p in sp.paragraphs],
    }


# --------------------------------------------------------------------------- outline


def line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _clip(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def explain(a: Analysis) -> str:
    """Why each candidate run of section markers was taken or rejected, with its evidence."""
    sp, text = a.speech, a.cleaned.text
    out = [
        f"文件：{a.source.path.name}",
        f"结构可信度：{sp.confidence:.2f}{'（不确定）' if sp.uncertain else ''}",
    ]
    if not sp.weighings:
        out.append("正文里没有可以作为一级标题的编号。")
    for w in sp.weighings:
        marks = "、".join(text[s:e] for s, e in w.markers[:8]) + ("…" if len(w.markers) > 8 else "")
        ln, _ = line_col(text, w.markers[0][0])
        out.append(
            f"\n[{w.verdict}] “{w.style.value}”式编号 {len(w.markers)} 个（从第{ln}行起：{marks}），得分 {w.score:+.1f}"
        )
        for _name, weight, note in w.evidence:
            out.append(f"    {weight:+.1f}  {note}")
    return "\n".join(out)


def outline(a: Analysis) -> str:
    sp, text = a.speech, a.cleaned.text
    out = [f"文件：{a.source.path.name}（{len(text)} 字，{a.source.encoding}）"]
    out.append(f"标题：{sp.title_text or '（无）'}")
    if a.meta.title.inferred:
        out.append(f"显示标题：{a.meta.title.value}（推断）")
    facts = []
    for name, label in META_LABELS.items():
        f = getattr(a.meta, name)
        if f.known and not (name == "year" and a.meta.date.known):
            facts.append(f"{label} {f.value}" + ("（推断）" if f.inferred else ""))
    out.append("元数据：" + ("；".join(facts) if facts else "（原文和元数据文件都没有写明）"))
    out.append(f"称谓：{sp.slice(sp.salutation) or '（无）'}")
    if sp.roadmap:
        n = sp.roadmap.count
        out.append(
            f"提纲句：{text[sp.roadmap.start : sp.roadmap.end]}（宣布 {n if n is not None else '未定'} 点）"
        )
    else:
        out.append("提纲句：（无）")
    out.append(f"编号：{sp.numbering_style.value}，{len(sp.sections)} 个部分")

    def walk(secs: tuple[Section, ...], depth: int) -> None:
        for s in secs:
            pad = "  " * depth
            out.append(f"{pad}{s.marker}{_clip(heading_text(text, s))}{'' if not s.inline else '（段首句）'}")
            for p in s.points:
                out.append(f"{pad}    · {_clip(text[p.start : p.lead_end])}")
            walk(s.subsections, depth + 1)

    walk(sp.sections, 1)
    out.append(f"结语：{_clip(sp.slice(sp.closing) or '（无）')}")
    if sp.slots:
        out.append(
            "待填项："
            + "、".join(f"{text[s.start : s.end]}→{s.label}" for s in sp.slots[:20])
            + ("…" if len(sp.slots) > 20 else "")
        )
    if a.formulas:
        out.append(f"固定表述：{len(a.formulas)} 处")
    if a.cleaned.edits:
        out.append(f"清理：{len(a.cleaned.edits)} 处改动")
    for d in sp.diagnostics:
        where = ""
        if d.start is not None:
            ln, col = line_col(text, d.start)
            where = f" 第{ln}行第{col}列"
        out.append(f"[{SEVERITY_ZH[d.severity.value]}] {d.code}{where}：{d.message}")
    return "\n".join(out)
