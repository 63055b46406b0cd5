"""模板: for each meeting type, its speeches aligned move by move (`moves.py`): the usual
sequence of parts with counts, every move with its real alternatives (each linked to where it
comes from, each copyable), heading shapes, and an assembled skeleton — as text that pastes
into Word/WPS as paragraphs (no ASCII indentation) and as a .docx laid out the way a
government office expects (GB/T 9704 conventions: A4, title in 小标宋, body 仿宋 三号 with a
fixed 28-point line spacing and a two-character first-line indent, level-1 headings 黑体 in
Word's heading style; fonts named, not embedded).

A type with few speeches says so and borrows the moves it lacks from the largest type, named.
An assembler on the page (static, in the browser) lets the writer pick the type, the number of
parts and the moves, and copy the result or download it as a Word file.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from .analyze import Analysis
from .mine import Corpus
from .moves import TypeMoves, borrow, type_moves, typical_roles
from .render import Site, display_title, h, h_block, type_slug

CN = "零一二三四五六七八九十"
FIXED_TIME = datetime(2020, 1, 1, 0, 0, 0)
# A template drawn from fewer speeches than this says how few it rests on.
FEW_SPEECHES = 3
ROLE_HINT = {
    "认识/形势": "讲清意义、形势和问题，统一思想",
    "任务/重点": "讲清这一阶段的重点任务",
    "措施/方法": "讲清用什么办法、机制把任务落下去",
    "要求/作风": "对作风、纪律提出要求",
    "保障/组织领导": "讲组织领导、责任落实、督查考核",
}


@dataclass(frozen=True, slots=True)
class Template:
    meeting_type: str
    slug: str
    moves: TypeMoves
    lines: tuple[tuple[str, str], ...]  # (kind, text): title | salutation | body | h1 | h2 | point

    @property
    def text(self) -> str:
        """As pasted into Word/WPS: one paragraph per line, a blank line before each part, no
        ASCII indentation (Word's own paragraph style indents)."""
        out = []
        for kind, t in self.lines:
            if kind == "h1" and out:
                out.append("")
            out.append(t)
        return "\n".join(out) + "\n"


def _count(n: int) -> str:
    return CN[n] if n <= 10 else str(n)


def template_groups(corpus: Corpus) -> tuple[dict[str, list[Analysis]], list[Analysis]]:
    """(meeting type → its speeches, speeches whose type is not known). A template is built for
    every known type (a type whose speeches have no numbered parts gets its moves and the usual
    parts); never for unknown ones: twenty unrelated speeches do not make one."""
    groups: dict[str, list[Analysis]] = {}
    unknown: list[Analysis] = []
    for a in corpus.analyses:
        if not a.meta.meeting_type.known:
            unknown.append(a)
        else:
            groups.setdefault(str(a.meta.meeting_type.value), []).append(a)
    return groups, unknown


def all_type_moves(corpus: Corpus) -> list[TypeMoves]:
    from collections import Counter

    groups, _ = template_groups(corpus)
    tms = [type_moves(t, groups[t]) for t in sorted(groups)]
    topics = {
        t: Counter(str(a.meta.topic.value) for a in an if a.meta.topic.known).most_common(1)[0][0]
        for t, an in groups.items()
        if any(a.meta.topic.known for a in an)
    }
    return [borrow(tm, tms, topics) if tm.thin else tm for tm in tms]


def usual(tm: TypeMoves, m) -> bool:
    """A move in the assembled skeleton by default: half the type's speeches make it (or it is
    a core move borrowed for a thin type); the others can be added in the assembler."""
    return m.borrowed_from is not None or m.speeches * 2 >= len(tm.slugs)


def assemble(
    tm: TypeMoves, n: int | None = None, skip: frozenset[str] = frozenset()
) -> tuple[tuple[str, str], ...]:
    """The skeleton of a `tm.meeting_type` speech with `n` parts: each move's most typical
    wording, each part a heading shape and a line on what it is for."""
    n = n or tm.typical_parts
    lines: list[tuple[str, str]] = [("title", "在【会议名称】上的讲话")]
    by_id = {m.id: m for m in tm.moves}
    sal = by_id.get("salutation")
    lines.append(("salutation", sal.skeleton if sal and "salutation" not in skip else "同志们："))
    for m in tm.moves:
        if m.id in ("salutation", "roadmap", "restate", "call") or m.id in skip or not usual(tm, m):
            continue
        lines.append(("body", m.skeleton))
    rm = by_id.get("roadmap")
    if rm and "roadmap" not in skip:
        lines.append(("body", rm.skeleton.replace("【N】", _count(n))))
    for k, role in enumerate(typical_roles(tm, n)):
        parts = tm.roles.get(role, ())
        shape = parts[0].shape if parts else "【动词】【对象】，【动词】【对象】"
        lines.append(("h1", f"{_count(k + 1)}、{shape}"))
        lines.append(("body", f"【{role}：{ROLE_HINT.get(role, '')}】"))
    for mid in ("restate", "call"):
        m = by_id.get(mid)
        if m and mid not in skip:
            lines.append(("body", m.skeleton))
    return tuple(lines)


def make_templates(corpus: Corpus) -> list[Template]:
    return [
        Template(tm.meeting_type, type_slug(tm.meeting_type), tm, assemble(tm))
        for tm in all_type_moves(corpus)
    ]


# --------------------------------------------------------------------------- .docx


def _font(run, east_asian: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = east_asian
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), east_asian)


def template_docx(t: Template) -> bytes:
    """The template as a .docx; byte-identical for the same template (fixed zip times and dates)."""
    return _docx(t.meeting_type, t.lines)


@lru_cache(maxsize=64)  # rebuilds under `mkdocs serve` rarely change a template
def _docx(meeting_type: str, lines: tuple[tuple[str, str], ...]) -> bytes:
    t = Template(meeting_type, "", None, lines)  # type: ignore[arg-type]  # moves are not used
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    doc.core_properties.created = FIXED_TIME
    doc.core_properties.modified = FIXED_TIME
    doc.core_properties.title = f"{t.meeting_type}讲话模板"
    doc.core_properties.author = "speechguide"
    styles = {
        "title": ("方正小标宋简体", 22, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
        "salutation": ("仿宋_GB2312", 16, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
        "body": ("仿宋_GB2312", 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
        "point": ("仿宋_GB2312", 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
        "h1": ("黑体", 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
        "h2": ("楷体_GB2312", 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    }
    for kind, text in t.lines:
        font, size, bold, align, indent = styles[kind]
        # Headings in Word's own heading styles (the navigation pane lists them), fonts set here.
        p = doc.add_paragraph(style={"h1": "Heading 1", "h2": "Heading 2"}.get(kind))
        p.alignment = align
        pf = p.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(28)
        pf.space_before = pf.space_after = Pt(0)
        if indent:
            pf.first_line_indent = Pt(size * indent)
        _font(p.add_run(text), font, size, bold)
    buf = io.BytesIO()
    doc.save(buf)
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            info.date_time = (2020, 1, 1, 0, 0, 0)
            z.writestr(info, data)
    return out.getvalue()


# --------------------------------------------------------------------------- page


def _link(site: Site, page: str, corpus: Corpus, slug: str, start: int) -> str:
    from .guide import place_link

    return place_link(site, page, corpus.by_slug(slug), start, 1)


def _copyable(text: str, ident: str) -> str:
    return f'<div class="sg-copy sg-alt" data-search-exclude><pre><code id="{h(ident)}">{h_block(text)}</code></pre></div>'


def _type_section(t: Template, corpus: Corpus, site: Site, page: str, href: str) -> list[str]:
    tm = t.moves
    n = len(tm.slugs)
    srcs = "、".join(
        f'<a href="{h(site.url(page, site.speech_path(s)))}">{h(display_title(corpus.by_slug(s)))}</a>'
        for s in tm.slugs
    )
    lines = [f"## {h(t.meeting_type)} {{ #tpl-{t.slug} }}", ""]
    lines.append(f"<p>依据这一类的全部 {n} 篇讲话：{srcs}。</p>")
    lines.append("")
    if tm.thin:
        borrowed = sorted({m.borrowed_from for m in tm.moves if m.borrowed_from})
        note = f"这一类只有 {n} 篇讲话，模板的代表性有限"
        if borrowed:
            note += f"；这一类讲话里没有的环节，借用了“{'、'.join(borrowed)}”的写法（下面注明）"
        lines += [f'<p class="sg-few">{h(note)}。</p>', ""]
    seqs = "；".join(f"{' → '.join(seq)}（{c} 篇）" for seq, c in tm.sequences[:3])
    counts = "、".join(f"{k} 个部分 {c} 篇" for k, c in tm.part_counts)
    lines.append(
        f"<p><strong>常见结构</strong>：{h(seqs)}。部分数：{h(counts)}；每个部分约 {tm.part_length} 字。</p>"
    )
    lines.append("")
    lines.append(
        f'<p><a class="md-button" href="{h(href)}" download="{h(t.meeting_type)}讲话模板.docx">下载 Word 模板</a> '
        f"（{tm.typical_parts} 个部分；排好版：A4，仿宋三号，首行缩进两字，一级标题用 Word 标题样式）</p>"
    )
    lines.append("")
    lines.append(
        "<p><strong>拼好的骨架</strong>（每个环节取最典型的写法，复制后粘贴到 Word/WPS 即为一段一行）：</p>"
    )
    lines.append(_copyable(t.text, f"template-{t.slug}").replace("sg-copy sg-alt", "sg-copy sg-template"))
    lines.append("")
    lines.append("### 各个环节的写法")
    lines.append("")
    for m in tm.moves:
        who = f"{m.speeches} 篇用到" + (f"；借自“{m.borrowed_from}”" if m.borrowed_from else "")
        lines.append(f"<p><strong>{h(m.name)}</strong>（{h(who)}）</p>")
        for k, alt in enumerate(m.alts):
            lines.append(
                f'<div class="sg-alt-src">{"典型写法" if k == 0 else f"写法{_count(k + 1)}"} · 出处：{_link(site, page, corpus, alt.slug, alt.start)}</div>'
            )
            lines.append(_copyable(alt.text, f"alt-{t.slug}-{m.id}-{k}"))
        lines.append("")
    lines.append("### 各部分的标题")
    lines.append("")
    for role, parts in tm.roles.items():
        shapes = "、".join(dict.fromkeys(p.shape for p in parts))
        lines.append(
            f"<p><strong>{h(role)}</strong>（{len(parts)} 个部分）：{h(ROLE_HINT.get(role, ''))}。句式：{h(shapes)}。</p>"
        )
        items = "".join(
            f'<li>{h(p.heading.text)} <span class="sg-alt-src">{_link(site, page, corpus, p.heading.slug, p.heading.start)}</span></li>'
            for p in parts[:5]
        )
        lines.append(f"<ul>{items}</ul>")
        lines.append("")
    return lines


def _assembler_data(templates: list[Template]) -> str:
    """The moves the in-browser assembler combines, as JSON (`<` escaped: never markup)."""
    data = []
    for t in templates:
        tm = t.moves
        data.append(
            {
                "type": t.meeting_type,
                "slug": t.slug,
                "parts": tm.typical_parts,
                "moves": [
                    {"id": m.id, "name": m.name, "text": m.skeleton, "usual": usual(tm, m)} for m in tm.moves
                ],
                "roles": {str(k): list(typical_roles(tm, k)) for k in range(1, 9)},
                "shapes": {r: (ps[0].shape if ps else "") for r, ps in tm.roles.items()},
                "hints": ROLE_HINT,
            }
        )
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def render_templates(corpus: Corpus, site: Site) -> dict[str, str | bytes]:
    page = f"{site.prefix}/templates.md"
    pages: dict[str, str | bytes] = {}
    lines = ["---", 'title: "模板"', "---", "", "# 模板", ""]
    lines.append(
        "<p>按会议类型，把这一类的全部讲话一个环节一个环节对齐：称谓、开场的几步（说明会议任务、肯定前面的通报、讲形势……）、"
        "提纲句、各部分（按作用分：认识/形势、任务/重点、措施/方法、要求/作风、保障/组织领导）、结语。每个环节给出最典型的写法和"
        "语料里的其他写法，注明出处，可以单独复制；年份、日期、数字、地名、专项工作名称都换成了【…】。</p>"
    )
    lines.append("")
    groups, unknown = template_groups(corpus)
    templates = make_templates(corpus)
    if not templates:
        lines.append("<p>语料里还没有会议类型已知、结构完整的讲话。</p>")
    else:
        options = "".join(f'<option value="{h(t.slug)}">{h(t.meeting_type)}</option>' for t in templates)
        lines += [
            "## 组装一篇骨架",
            "",
            '<div class="sg-assembler" data-search-exclude>'
            f'<label>会议类型 <select id="sg-asm-type">{options}</select></label> '
            '<label>部分数 <select id="sg-asm-parts">'
            + "".join(f'<option value="{k}">{k}</option>' for k in range(2, 8))
            + "</select></label>"
            '<fieldset id="sg-asm-moves"><legend>包括这些环节</legend></fieldset>'
            '<pre><code id="sg-asm-out"></code></pre>'
            '<p><button type="button" class="md-button" id="sg-asm-copy">复制骨架</button> '
            '<button type="button" class="md-button" id="sg-asm-word">下载 Word 文件</button> '
            '<span id="sg-asm-status" role="status"></span></p>'
            f'<script type="application/json" id="sg-asm-data">{_assembler_data(templates)}</script>'
            "</div>",
            "",
        ]
    if unknown:
        report = site.md_link(page, f"{site.prefix}/report.md")
        lines += [
            f"<p>另有 {len(unknown)} 篇讲话看不出会议类型（原文和元数据文件都没有写明），没有用来生成模板；"
            f"在它们的元数据文件里写上 meeting_type 后，就会归入对应的模板。</p>",
            "",
            f"[构建报告]({report})里列出了从原文推断的元数据。",
            "",
        ]
    for t in templates:
        docx_path = f"{site.prefix}/templates/{t.slug}.docx"
        pages[docx_path] = template_docx(t)
        href = site.file_url(page, docx_path)
        lines += _type_section(t, corpus, site, page, href)
    pages[page] = "\n".join(lines)
    return pages
