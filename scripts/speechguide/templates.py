"""模板: a skeleton speech per meeting type, as copyable text and as a .docx laid out the way a
government office expects (GB/T 9704 conventions: A4, title in 小标宋, body 仿宋 三号 with a fixed
28-point line spacing, level-1 headings 黑体, level-2 楷体; fonts named, not embedded).

The skeleton comes from the corpus: the speech of that type with the fullest structure gives the
headings and point leads (slots as 【…】); salutation, opening, road-map and closing follow the
patterns, with the road-map's 【N】 filled with the real number of sections.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from .analyze import Analysis, heading_text
from .mine import Corpus
from .render import Site, display_title, h, h_block, type_slug
from .skeleton import with_slots

CN = "零一二三四五六七八九十"
FIXED_TIME = datetime(2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Template:
    meeting_type: str
    slug: str
    source: Analysis
    lines: tuple[tuple[str, str], ...]  # (kind, text): title | salutation | body | h1 | h2 | point

    @property
    def text(self) -> str:
        out = []
        for kind, t in self.lines:
            if kind == "h1" and out:
                out.append("")
            out.append(("    " if kind == "point" else "") + t)
        return "\n".join(out) + "\n"


def _count(n: int) -> str:
    return CN[n] if n <= 10 else str(n)


def _richness(a: Analysis) -> tuple[int, int, int]:
    sp = a.speech
    return (len(sp.sections), sum(len(s.points) for s in sp.sections), -len(a.cleaned.text))


def make_template(mtype: str, speeches: list[Analysis]) -> Template:
    src = max(speeches, key=_richness)
    sp, text = src.speech, src.cleaned.text
    n = len(sp.sections)
    lines: list[tuple[str, str]] = [("title", "在【会议名称】上的讲话"), ("salutation", "同志们：")]
    lines.append(
        (
            "body",
            "今天，我们召开【会议名称】，主要任务是【会议任务】。刚才，【姓名职务】通报了【事项】，我完全同意，请大家认真抓好落实。",
        )
    )
    lines.append(("body", f"下面，就【议题】，我讲{_count(n) if n else '【N】'}点意见。"))
    for sec in sp.sections:
        head = with_slots(text, sec.marker_end, sec.marker_end + len(heading_text(text, sec)), sp.slots)
        lines.append(("h1", sec.marker + head))
        lines.append(("body", "【这一部分的意义和形势，一至两句】"))
        for p in sec.points:
            stop = text[p.lead_end] if p.lead_end < len(text) and text[p.lead_end] in "，。；：" else "。"
            lines.append(("point", with_slots(text, p.start, p.lead_end, sp.slots) + stop + "【展开】"))
        for sub in sec.subsections:
            lines.append(
                (
                    "h2",
                    sub.marker
                    + with_slots(
                        text, sub.marker_end, sub.marker_end + len(heading_text(text, sub)), sp.slots
                    ),
                )
            )
    lines.append(("body", "同志们，【重申意义的一句话】。让我们【态度】，为【目标】而努力奋斗！"))
    return Template(mtype, type_slug(mtype), src, tuple(lines))


# A template drawn from fewer speeches than this says how few it rests on.
FEW_SPEECHES = 3


def template_groups(corpus: Corpus) -> tuple[dict[str, list[Analysis]], list[Analysis]]:
    """(meeting type → its speeches with sections, speeches whose type is not known). A template
    is built only for a known type: twenty unrelated speeches do not make one."""
    groups: dict[str, list[Analysis]] = {}
    unknown: list[Analysis] = []
    for a in corpus.analyses:
        if not a.meta.meeting_type.known:
            unknown.append(a)
        elif a.speech.sections:
            groups.setdefault(str(a.meta.meeting_type.value), []).append(a)
    return groups, unknown


def make_templates(corpus: Corpus) -> list[Template]:
    groups, _ = template_groups(corpus)
    return [make_template(t, groups[t]) for t in sorted(groups)]


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
    t = Template(meeting_type, "", None, lines)  # type: ignore[arg-type]  # source is not used
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
        p = doc.add_paragraph()
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


def render_templates(corpus: Corpus, site: Site) -> dict[str, str | bytes]:
    page = f"{site.prefix}/templates.md"
    pages: dict[str, str | bytes] = {}
    lines = ["---", 'title: "模板"', "---", "", "# 模板", ""]
    lines.append(
        "<p>按会议类型整理的讲话骨架：称谓、开场、提纲句、各部分标题和要点起句、结语，需要替换的地方写成【…】。"
        "可以一键复制全文，也可以下载排好版的 Word 文件（A4，标题小标宋，正文仿宋三号、28 磅行距，一级标题黑体，二级标题楷体）。</p>"
    )
    lines.append("")
    groups, unknown = template_groups(corpus)
    templates = [make_template(t, groups[t]) for t in sorted(groups)]
    if not templates:
        lines.append("<p>语料里还没有会议类型已知、结构完整的讲话。</p>")
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
        href = site.file_url(page, docx_path)  # a file, not a page: its own path
        src = site.url(page, site.speech_path(t.source.source.slug))
        lines += [f"## {h(t.meeting_type)} {{ #tpl-{t.slug} }}", ""]
        lines.append(
            f'<p>依据：<a href="{h(src)}">{h(display_title(t.source))}</a>（{len(t.source.speech.sections)} 个部分）。 '
            f'<a class="md-button" href="{h(href)}" download="{h(t.meeting_type)}讲话模板.docx">下载 Word 模板</a></p>'
        )
        lines.append("")
        n = len(groups[t.meeting_type])
        if n < FEW_SPEECHES:
            lines.append(
                f'<p class="sg-few">这一类只有 {n} 篇讲话，模板只反映这{"一" if n == 1 else "两"}篇的写法，代表性有限；语料多了会更可靠。</p>'
            )
            lines.append("")
        lines.append(
            f'<div class="sg-copy sg-template" data-search-exclude><pre><code id="template-{t.slug}">{h_block(t.text)}</code></pre></div>'
        )
        lines.append("")
    pages[page] = "\n".join(lines)
    return pages
