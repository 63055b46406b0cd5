"""Stage 5: `Corpus` → Markdown pages (standard Material / pymdown-extensions syntax).

Speech text never goes into Markdown syntax unescaped: paragraphs are raw HTML blocks whose
text is HTML-escaped (Markdown leaves raw HTML alone), and the few places that must be
Markdown — headings, for the table of contents — are backslash-escaped (`md_escape`).
The speeches are full of `**`, `*`, `#`, `<`, `{{` used as masks; all of it shows as text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .analyze import Analysis, heading_text, line_col
from .mine import Corpus
from .model import META_LABELS, UNKNOWN_TEXT, Leaf, MetaField, Role, Section, Severity, SpeechMeta
from .skeleton import skeleton

# Exactly the characters Python-Markdown un-escapes with our extensions (its ESCAPED_CHARS plus
# the tables extension's `|`): escaping any other character would leave a visible backslash.
# `<` and `&` become entities. A round-trip test renders escaped text back to the same text.
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")

SEVERITY_ADMONITION = {Severity.ERROR: "danger", Severity.WARNING: "warning", Severity.INFO: "info"}
DIAG_TITLES = {
    "count_mismatch": "提纲句的数目与正文不符",
    "count_unverifiable": "原文截断，无法核对数目",
    "numbering_gap": "编号跳号",
    "numbering_repeat": "编号重复",
    "numbering_order": "编号顺序错乱",
    "empty_section": "有部分没有正文",
    "no_salutation": "没有称谓",
    "no_roadmap": "没有提纲句",
    "no_sections": "没有找到结构",
    "no_closing": "没有结语",
    "truncated": "原文不完整",
    "multiple_speeches": "一个文件里有多篇讲话",
    "toc": "目录/提纲已略过",
    "glued_heading": "标题与正文连排",
    "traditional": "繁体字文本",
    "formula_near_miss": "固定表述可能写错",
    "formula_outdated": "过时或不规范的提法",
}
# Roles shown as a label on each paragraph.
BLOCK_ROLES = {
    Role.TITLE,
    Role.TITLE_META,
    Role.SALUTATION,
    Role.OPENING,
    Role.HEADING,
    Role.SUBHEADING,
    Role.CLOSING,
    Role.NOISE,
}


def h(s: str) -> str:
    return html.escape(s, quote=True)


def h_block(s: str) -> str:
    """Escaped text for a <pre>: line breaks as character references, so the raw HTML stays on
    one line (inside a content tab every Markdown line must be indented; a bare line of speech
    text would fall out of the tab and be read as Markdown)."""
    return h(s).replace("\r", "&#13;").replace("\n", "&#10;")


# Generated raw HTML is fenced by these comments. Markdown would pass it through untouched
# anyway; the MkDocs plugin lifts fenced runs out before Markdown runs and puts them back after,
# because parsing tens of thousands of tags is most of a speech page's Markdown time. Without the
# plugin (another renderer) the fences are plain HTML comments.
HTML_OPEN = "<!--sg-html-->"
HTML_CLOSE = "<!--/sg-html-->"


def raw_html(*blocks: str) -> list[str]:
    """Lines of a fenced run of raw HTML blocks (one per argument, blank lines between)."""
    out = [HTML_OPEN]
    for b in blocks:
        out += [b, ""]
    out[-1] = HTML_CLOSE
    return [*out, ""]


def join_lines(lines: list[str]) -> str:
    """The page's Markdown; adjacent fenced runs become one."""
    return "\n".join(lines).replace(f"{HTML_CLOSE}\n\n{HTML_OPEN}\n", "\n")


def md_escape(s: str) -> str:
    """Text safe inside a Markdown heading or table cell: every syntax character escaped."""
    s = s.replace("&", "&amp;").replace("<", "&lt;")
    s = MD_SPECIAL_RE.sub(r"\\\1", s)
    return s.replace("\n", " ")


def yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Site:
    """Where generated pages live and how URLs are formed."""

    prefix: str = "corpus"  # folder inside docs/
    use_directory_urls: bool = True

    def speech_path(self, slug: str) -> str:
        return f"{self.prefix}/speeches/{slug}.md"

    def md_link(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """A Markdown link target (MkDocs rewrites and validates it)."""
        rel = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def url(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """Relative URL from one page (docs-relative .md path) to another, as MkDocs builds it."""
        return _relative_url(from_page, to_page, self.use_directory_urls) + (f"#{anchor}" if anchor else "")

    def file_url(self, from_page: str, to_file: str) -> str:
        """Relative URL from a page to a static file in docs/ (copied as it is)."""
        src = from_page[:-3]
        index = src == "index" or src.endswith("/index")
        src_dir = src if self.use_directory_urls and not index else posixpath.dirname(src)
        return posixpath.relpath(to_file, src_dir or ".")

    def raw_path(self, slug: str) -> str:
        """The speech's raw text as a file (the 原文 tab loads it; see `raw_file`)."""
        return f"{self.prefix}/raw/{slug}.txt"


@lru_cache(maxsize=65536)
def _relative_url(from_page: str, to_page: str, use_directory_urls: bool) -> str:
    def dest(p: str) -> str:
        stem = p[:-3]
        if use_directory_urls:
            if stem.endswith("index") and (stem == "index" or stem.endswith("/index")):
                return stem[: -len("index")]
            return stem + "/"
        return stem + ".html"

    src = dest(from_page)
    src_dir = src if src.endswith("/") else posixpath.dirname(src) + "/"
    target = dest(to_page)
    rel = posixpath.relpath(target or ".", src_dir.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


def type_slug(meeting_type: str) -> str:
    """The URL name of a meeting type: from the taxonomy (`data/meta.yml`), else hashed."""
    from .ingest import slugify_stem
    from .structure.meta import type_slugs

    if meeting_type == UNKNOWN_TEXT:
        return "other"
    return type_slugs().get(meeting_type) or slugify_stem(meeting_type)


def display_title(a: Analysis) -> str:
    """The title the site lists a speech under: its own, the `.yml` one, or one built from its
    meeting (inferred) — the file name only when the text has no words at all."""
    t = a.meta.title.value
    return str(t) if t else (a.source.meta.note or a.source.path.stem)


ORIGIN_ZH = {"yml": "元数据文件", "text": "原文标题", "inferred": "从原文推断", "unknown": "原文没有写明"}


CORPUS_MARK = "<!-- speechguide:corpus -->"


def corpus_summary(corpus: Corpus) -> str:
    """What the corpus holds, for the home page: `（现有 5 篇：季度工作会 2 篇、推进会 1 篇……；
    主题：安全生产 5 篇）` — from the data, so it never names a type the corpus lacks."""
    if not corpus.analyses:
        return "（seeds/ 里还没有讲话）"
    parts = []
    for name in ("meeting_type", "topic"):
        counts: dict[str, int] = defaultdict(int)
        for a in corpus.analyses:
            if getattr(a.meta, name).known:
                counts[a.meta.shown(name)] += 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = "、".join(f"{h(k)} {v} 篇" for k, v in top[:6]) + ("……" if len(top) > 6 else "")
        if shown:
            parts.append(("会议类型" if name == "meeting_type" else "主题") + "有" + shown)
    return f"（现有 {corpus.size} 篇" + ("；" + "；".join(parts) if parts else "") + "）"


def meta_tags(a: Analysis) -> list[str]:
    """The tags a speech page carries: meeting type, level, topic, year (known ones only)."""
    m = a.meta
    return [str(f.value) for f in (m.meeting_type, m.level, m.topic, m.year) if f.known]


def _meta_chip(label: str, f: MetaField, shown: str) -> str:
    if not f.inferred:
        return f'<span class="sg-fact"><span class="sg-fact-k">{h(label)}</span>{h(shown)}</span>'
    why = f"从原文推断：“{f.evidence}”" if f.evidence else "从原文推断"
    return (
        f'<span class="sg-fact sg-fact--inferred" title="{h(why)}">'
        f'<span class="sg-fact-k">{h(label)}</span>{h(shown)}<sup class="sg-inferred-mark">推断</sup></span>'
    )


def _meta_evidence_html(a: Analysis) -> str:
    """Every inferred field with the words it was read from (tap-friendly: no hover needed)."""
    rows = []
    for name in ("title", "meeting", *SpeechMeta.FIELDS):
        f = getattr(a.meta, name)
        if not f.inferred:
            continue
        label = {"title": "显示标题", "meeting": "会议名称"}.get(name, META_LABELS.get(name, name))
        where = ""
        if f.start is not None:
            ln, _ = line_col(a.cleaned.text, f.start)
            where = f"第 {ln} 行"
        rows.append(
            f"<tr><td>{h(label)}</td><td>{h(str(f.value))}</td><td>{h(f.evidence or '')}</td><td>{h(where)}</td></tr>"
        )
    if not rows:
        return ""
    return (
        '<details class="sg-meta-evidence" data-search-exclude><summary>标“推断”的信息从哪里来</summary>'
        "<p>这些信息没有写在元数据文件里，是从标题、副题、日期行、署名和开场里读出来的；"
        "确认无误后，可以把构建报告里给出的 .yml 内容放到讲话文件旁边。</p>"
        "<table><thead><tr><th>项目</th><th>推断结果</th><th>依据（原文）</th><th>位置</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></details>"
    )


# --------------------------------------------------------------------------- inline markup


@dataclass(frozen=True, slots=True)
class Deco:
    start: int
    end: int
    kind: str  # roadmap | call | lead | marker | formula | slot
    open: str
    close: str
    atomic_text: str | None = None  # a slot shows its label instead of its text


MAX_MINED_MARKS = 12  # the best-scored ones; more would bury the lexicon's formulas (and weigh the page)
ORDER = {"roadmap": 0, "call": 1, "lead": 2, "marker": 3, "formula": 4, "slot": 5}


def inline_html(text: str, start: int, end: int, decos: list[Deco]) -> str:
    """Escaped text[start:end] with decorations. Tags nest: a decoration stays open across
    segments while the ones outside it do not change, and is closed and reopened only where
    another one crosses its boundary."""
    ds = [d for d in decos if d.start < end and d.end > start and d.start < d.end]
    atomic = [(max(d.start, start), min(d.end, end)) for d in ds if d.atomic_text is not None]
    cuts = {start, end}
    for d in ds:
        cuts.update((max(d.start, start), min(d.end, end)))
    cuts = sorted(c for c in cuts if not any(s < c < e for s, e in atomic))
    out: list[str] = []
    stack: list[Deco] = []  # open wrappers, outermost first
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        active = sorted(
            (d for d in ds if d.start <= a and d.end >= b), key=lambda d: (ORDER[d.kind], d.start, -d.end)
        )
        slot = next((d for d in active if d.atomic_text is not None), None)
        wrappers = [d for d in active if d is not slot]
        keep = 0
        while keep < min(len(stack), len(wrappers)) and stack[keep] is wrappers[keep]:
            keep += 1
        out.extend(d.close for d in reversed(stack[keep:]))
        out.extend(d.open for d in wrappers[keep:])
        stack = wrappers
        out.append(slot.open + h(slot.atomic_text or "") + slot.close if slot else h(text[a:b]))
    out.extend(d.close for d in reversed(stack))
    return "".join(out)


def _decorations(a: Analysis, corpus: Corpus, site: Site, page: str) -> list[Deco]:
    sp, text = a.speech, a.cleaned.text
    ds: list[Deco] = []
    if sp.roadmap:
        ds.append(
            Deco(
                sp.roadmap.start,
                sp.roadmap.end,
                "roadmap",
                '<span class="sg-roadmap" data-role="提纲句">',
                "</span>",
            )
        )
    if sp.call:
        ds.append(Deco(sp.call[0], sp.call[1], "call", '<span class="sg-call" data-role="号召">', "</span>"))
    for sec in _walk(sp.sections):
        for p in sec.points:
            ds.append(Deco(p.start, p.lead_end, "lead", '<span class="sg-lead">', "</span>"))
            if p.marker_end > p.marker_start:
                ds.append(Deco(p.marker_start, p.marker_end, "marker", '<span class="sg-marker">', "</span>"))
    for hit in a.formulas:
        use = corpus.uses.get(hit.formula_id)
        if use is None:
            continue
        f = use.formula
        tip = f"{f.category} · {len(use.speeches)}/{corpus.size} 篇讲话使用"
        if hit.form == "outdated":
            reason = next((r for t, r in f.outdated if t == text[hit.start : hit.end]), "")
            tip = f"过时或错误写法，应为“{f.text}”。{reason}"
        elif hit.form == "variant":
            tip += f" · 规范写法：{f.text}"
        href = site.url(page, f"{site.prefix}/formulas.md", f"f-{f.id}")
        cls = "sg-formula sg-outdated" if hit.form == "outdated" else "sg-formula"
        ds.append(
            Deco(
                hit.start, hit.end, "formula", f'<a class="{cls}" href="{h(href)}" title="{h(tip)}">', "</a>"
            )
        )
    # Mined formulas used by two or more speeches, where no lexicon formula already is.
    taken = [(d.start, d.end) for d in ds if d.kind == "formula"]
    from .mine import KIND_ZH, mined_id

    # Only the mined formulas that many speeches share (≥ 2, and ≥ 1 in 20 speeches), at most
    # MAX_MINED_MARKS a page: a long corpus repeats many plain phrases, and marking them all
    # would bury the lexicon's formulas (and bloat the page).
    floor = max(2, corpus.size // 20)
    marked = 0
    for ms, me, m in sorted(corpus.mined_at.get(a.source.slug, ()), key=lambda x: (-x[2].score, x[0])):
        # Plain repeated spans need a third speech before they count as a formula on the page.
        need = max(3, floor) if m.kind == "repeated" else floor
        if corpus.doc_count(m) < need or marked >= MAX_MINED_MARKS:
            continue
        if any(ts < me and ms < te for ts, te in taken):
            continue
        marked += 1
        taken.append((ms, me))
        tip = f"挖掘 · {KIND_ZH.get(m.kind, m.kind)} · {corpus.doc_count(m)}/{corpus.size} 篇讲话使用"
        href = site.url(page, f"{site.prefix}/formulas.md", mined_id(m))
        ds.append(Deco(ms, me, "formula", f'<a class="sg-mined" href="{h(href)}" title="{h(tip)}">', "</a>"))
    for s in sp.slots:
        ds.append(
            Deco(
                s.start,
                s.end,
                "slot",
                f'<span class="sg-slot sg-slot-{s.kind.value}" title="{h("原文：" + text[s.start : s.end])}">',
                "</span>",
                s.label,
            )
        )
    return ds


def _walk(sections: tuple[Section, ...]):
    for s in sections:
        yield s
        yield from _walk(s.subsections)


# --------------------------------------------------------------------------- speech page


@dataclass(slots=True)
class _Para:
    role: Role
    start: int
    end: int


def _render_units(a: Analysis) -> list[_Para]:
    """Leaves grouped into display units: a new unit at each line and where a block-level role
    starts mid-line (a glued heading, the closing)."""
    units: list[_Para] = []
    cur: _Para | None = None
    for leaf in a.speech.leaves:
        if leaf.role is Role.BREAK:
            cur = None
            continue
        role = leaf.role
        starts_block = role in BLOCK_ROLES and (cur is None or cur.role is not role)
        if (
            cur is None
            or starts_block
            or (
                cur.role in (Role.HEADING, Role.SUBHEADING, Role.TITLE, Role.SALUTATION)
                and role is not cur.role
            )
        ):
            cur = _Para(role, leaf.start, leaf.end)
            units.append(cur)
        else:
            cur.end = leaf.end
    return units


def _unit_role(a: Analysis, u: _Para) -> str:
    return u.role.value


# Rendered speech pages by (analysis, site, decorations): the decorations carry everything the
# page takes from the rest of the corpus (formula counts, mined marks), so a `mkdocs serve`
# rebuild after one seed edit renders only the pages whose marks changed.
_PAGE_CACHE: dict[tuple, tuple[Analysis, str]] = {}
_PAGE_CACHE_MAX = 4096


def render_speech(a: Analysis, corpus: Corpus, site: Site) -> str:
    page = site.speech_path(a.source.slug)
    decos = _decorations(a, corpus, site, page)
    key = (id(a), site, tuple(decos))
    hit = _PAGE_CACHE.get(key)
    if hit is not None and hit[0] is a:
        return hit[1]
    out = _render_speech(a, site, page, decos)
    if len(_PAGE_CACHE) >= _PAGE_CACHE_MAX:
        _PAGE_CACHE.clear()
    _PAGE_CACHE[key] = (a, out)
    return out


def _render_speech(a: Analysis, site: Site, page: str, decos: list[Deco]) -> str:
    sp, text = a.speech, a.cleaned.text
    title = display_title(a)
    meta = a.meta
    tags = meta_tags(a)
    n_points = sum(len(s.points) for s in _walk(sp.sections))
    # MkDocs and Material put the front-matter title and tags into <title>, the header and
    # the navigation without escaping: they are escaped here.
    lines: list[str] = ["---", f"title: {yaml_str(h(title))}"]
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_str(h(t))}" for t in tags)
    lines += ["---", "", f"# {md_escape(title)}", ""]
    if meta.title.inferred:
        lines += raw_html(
            f'<p class="sg-title-note" data-search-exclude>原文没有标题，这个标题是按开场推断的（依据：“{h(meta.title.evidence or "")}”）。</p>'
        )

    meta_chips = []
    for name in ("meeting_type", "level", "date", "year", "speaker", "office", "topic"):
        f = getattr(meta, name)
        if name == "year" and meta.date.known:
            continue  # the date already says the year
        if name in ("date", "speaker", "office") and not f.known:
            continue
        meta_chips.append(_meta_chip(META_LABELS[name], f, meta.shown(name)))
    facts = [
        ("字数", str(len(text))),
        ("编号方式", sp.numbering_style.value),
        ("部分", str(len(sp.sections))),
        ("要点", str(n_points)),
        ("固定表述", str(len(a.formulas))),
        ("待填项", str(len(sp.slots))),
    ]
    chips = "".join(meta_chips) + "".join(
        f'<span class="sg-fact"><span class="sg-fact-k">{h(k)}</span>{h(v)}</span>' for k, v in facts
    )
    lines += raw_html(f'<div class="sg-facts" data-search-exclude>{chips}</div>')
    evidence = _meta_evidence_html(a)
    if evidence:
        lines += raw_html(evidence)

    for d in sp.diagnostics:
        kind = SEVERITY_ADMONITION[d.severity]
        where = ""
        if d.start is not None:
            ln, col = line_col(text, d.start)
            where = f"（第 {ln} 行第 {col} 列）"
        lines += [
            f"/// {kind} | {DIAG_TITLES.get(d.code, d.code)}",
            "",
            f"<p>{h(d.message + where)}</p>",
            "",
            "///",
            "",
        ]

    if sp.uncertain:
        lines += _uncertain_html(a)

    # Outline: sections and points, linked to their places in the annotated text.
    if sp.sections:
        lines += [
            "/// details | 提纲（各部分和要点）",
            "    type: abstract",
            "",
            *raw_html(_outline_html(a)),
            "///",
            "",
        ]

    anchors = _anchors(a)
    # Content tabs as pymdownx.blocks (`/// tab`): their content is not indented, so raw HTML
    # paragraphs stay raw HTML blocks and Markdown never reads the speech text.
    lines += ["/// tab | 批注版", "    new: true", ""]
    for k, u in enumerate(_render_units(a)):
        if u.role in (Role.HEADING, Role.SUBHEADING):
            sid = _heading_id(sp, u, anchors)
            level = "##" if u.role is Role.HEADING else "###"
            attrs = f' {{ #{sid} data-role="{u.role.value}" }}' if sid else ""
            lines += [f"{level} {md_escape(text[u.start : u.end])}{attrs}", ""]
            continue
        inner = _inline_with_anchors(text, u.start, u.end, decos, anchors)
        lines += raw_html(f'<p id="p{k}" class="sg-p" data-role="{_unit_role(a, u)}">{inner}</p>')
    lines += ["///", "", "/// tab | 原文", ""]
    # The raw text is a file beside the pages, loaded when the tab is first shown
    # (javascripts/speechguide.js): in the page it would double its weight. Every character of it
    # is still on the page: the annotated text plus the cleaning edits below, listed in full.
    raw_url = site.file_url(page, site.raw_path(a.source.slug))
    raw_blocks = [
        f'<div class="sg-raw" data-search-exclude><p class="sg-raw-note">文件 {h(a.source.path.name)}（{h(a.source.encoding)}）的原始文本，一字未改'
        f'（<a href="{h(raw_url)}">单独打开</a>）：</p>'
        f'<pre class="sg-raw-text" data-sg-raw="{h(raw_url)}">正在加载原文……</pre></div>'
    ]
    if a.cleaned.edits:
        raw_blocks.append('<div class="sg-edits" data-search-exclude>' + _edits_html(a) + "</div>")
    else:
        raw_blocks.append(
            '<p class="sg-raw-note" data-search-exclude>清理时没有改动，原文就是批注版的文字。</p>'
        )
    lines += raw_html(*raw_blocks)
    lines += ["///", "", "/// tab | 骨架", ""]
    sk = skeleton(a)
    lines += raw_html(
        '<div class="sg-skeleton" data-search-exclude><p class="sg-raw-note">这篇讲话的骨架：称谓、提纲句、各部分标题和要点的起句，'
        "待填项换成了【…】。点右上角的按钮复制。</p>"
        f'<pre><code id="skeleton-{h(a.source.slug)}">{h_block(sk)}</code></pre></div>'
    )
    lines += ["///", ""]
    return join_lines(lines)


def _heading_id(sp, u: _Para, anchors: dict[int, str]) -> str | None:
    """The id a heading unit gets on the page: its section's anchor, if a section starts there."""
    sec = next((s for s in _walk(sp.sections) if s.start == u.start), None)
    return anchors.get(sec.start) if sec else None


def speech_blocks(a: Analysis) -> list[tuple[str, str, str]]:
    """The speech as search sees it: (anchor on its page, the part it sits in, text) for each
    display unit of the annotated tab, the same units and ids `_render_speech` writes, with the
    cleaned text (slots keep their original words)."""
    sp, text = a.speech, a.cleaned.text
    anchors = _anchors(a)
    out: list[tuple[str, str, str]] = []
    top = section = last = ""
    for k, u in enumerate(_render_units(a)):
        piece = text[u.start : u.end]
        if u.role in (Role.HEADING, Role.SUBHEADING):
            last = _heading_id(sp, u, anchors) or last
            head = piece.strip().rstrip("。.；;：:")
            if u.role is Role.HEADING:
                top = section = head
            else:
                section = f"{top} › {head}" if top else head
            out.append((last, section, piece))
            continue
        last = f"p{k}"
        out.append((last, section, piece))
    return out


def _uncertain_html(a: Analysis) -> list[str]:
    """The evidence instead of a confident outline: every candidate run, taken or not."""
    sp, text = a.speech, a.cleaned.text
    items = []
    for w in sp.weighings:
        marks = "、".join(text[s:e] for s, e in w.markers[:6])
        notes = "；".join(f"{note}（{weight:+.1f}）" for _n, weight, note in w.evidence)
        items.append(
            f"<li><b>{h(w.verdict)}</b> “{h(w.style.value)}”式 {len(w.markers)} 个（{h(marks)}）：{h(notes)}</li>"
        )
    body = "".join(items) or "<li>正文里没有可以作为一级标题的编号。</li>"
    return [
        f"/// warning | 结构不确定（可信度 {sp.confidence:.2f}）",
        "",
        *raw_html(
            "<p>下面的提纲是按最可能的读法给出的，可能不对。判断依据：</p>",
            f'<ul class="sg-evidence">{body}</ul>',
        ),
        "///",
        "",
    ]


def _anchors(a: Analysis) -> dict[int, str]:
    """Offset → anchor id for sections (`s1`, `s1-2`) and points (`s1-p2`)."""
    out: dict[int, str] = {}

    def walk(secs: tuple[Section, ...], prefix: str) -> None:
        for k, s in enumerate(secs, 1):
            sid = f"{prefix}{k}"
            out[s.start] = sid
            for j, p in enumerate(s.points, 1):
                out.setdefault(p.start, f"{sid}-p{j}")
            walk(s.subsections, sid + "-")

    walk(a.speech.sections, "s")
    return out


def _inline_with_anchors(text: str, start: int, end: int, decos: list[Deco], anchors: dict[int, str]) -> str:
    cuts = sorted(p for p in anchors if start <= p < end and "-p" in anchors[p])
    if not cuts:
        return inline_html(text, start, end, decos)
    parts: list[str] = []
    pos = start
    for c in cuts:
        parts.append(inline_html(text, pos, c, decos))
        parts.append(f'<span id="{anchors[c]}"></span>')  # the point's anchor (outline links)
        pos = c
    parts.append(inline_html(text, pos, end, decos))
    return "".join(parts)


def _outline_html(a: Analysis) -> str:
    text = a.cleaned.text
    anchors = _anchors(a)

    def ul(secs: tuple[Section, ...]) -> str:
        items = []
        for s in secs:
            pts = "".join(
                f'<li><a href="#{anchors[p.start]}">{h(text[p.start : p.lead_end])}</a></li>'
                for p in s.points
                if p.start in anchors
            )
            sub = ul(s.subsections) if s.subsections else ""
            inner = f"<ul>{pts}</ul>" if pts else ""
            items.append(
                f'<li><a href="#{anchors[s.start]}">{h(s.marker + heading_text(text, s))}</a>{inner}{sub}</li>'
            )
        return f'<ul class="sg-outline">{"".join(items)}</ul>'

    return f"<div data-search-exclude>{ul(a.speech.sections)}</div>"


def raw_file(a: Analysis) -> bytes:
    """The raw text as UTF-8 with a BOM: a browser opening the file directly reads it right
    whatever type the server sends, and `fetch().text()` drops the BOM again."""
    return b"\xef\xbb\xbf" + a.cleaned.raw.encode("utf-8", "surrogatepass")


VISIBLE = {"\r": "␍", "\n": "↵", " ": "␣", "\u3000": "□", "\t": "⇥"}


def visible(s: str) -> str:
    """Whitespace and invisible characters of an edit shown as signs (`⟨U+200B⟩`)."""
    out = []
    for c in s:
        if c in VISIBLE:
            out.append(VISIBLE[c])
        elif unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Zs"):
            out.append(f"⟨U+{ord(c):04X}⟩")
        else:
            out.append(c)
    return "".join(out) or "∅"


def _edits_html(a: Analysis) -> str:
    raw = a.cleaned.raw
    rows = []
    for e in a.cleaned.edits:
        ln, col = line_col(raw, e.raw_start)
        before = f"<code>{h(visible(e.before))}</code>"
        if len(e.before) > 60:  # in full (nothing of the raw text may be missing from the page), folded
            before = f"<details><summary>{len(e.before)} 个字符</summary>{before}</details>"
        rows.append(
            f"<tr><td>{h(e.kind)}</td><td>{ln}:{col}</td><td>{before}</td><td><code>{h(visible(e.after))}</code></td></tr>"
        )
    return (
        f'<p class="sg-raw-note">清理记录：共 {len(a.cleaned.edits)} 处改动（删掉的网站标记、统一的标点、合并的空行……），原文加上这些改动就是批注版的文字。</p>'
        "<table><thead><tr><th>类型</th><th>原文位置</th><th>原文</th><th>改为</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


# --------------------------------------------------------------------------- corpus pages


def render_speech_index(corpus: Corpus, site: Site) -> dict[str, str]:
    """The speech index (all speeches by meeting type) and one page per meeting type."""
    page = f"{site.prefix}/speeches/index.md"
    groups: dict[str, list[Analysis]] = defaultdict(list)
    for a in corpus.analyses:
        groups[a.meta.shown("meeting_type")].append(a)
    pages: dict[str, str] = {}
    lines = ["---", 'title: "范文批注"', "---", "", "# 范文批注", ""]
    lines.append(
        f"<p>语料里共有 {corpus.size} 篇讲话。每篇都标出了称谓、开场、提纲句、各部分标题、要点和结语，"
        "固定表述可以点开看出处，待填项显示成【…】。会议类型、层级、主题和年份没有写在元数据文件里的，"
        "是从讲话的标题、副题、日期行和开场里推断的，页面上标为“推断”。</p>"
    )
    lines.append("")
    tags_link = site.md_link(page, "tags.md")
    for label, name in (("层级", "level"), ("主题", "topic"), ("年份", "year")):
        counts: dict[str, int] = defaultdict(int)
        for a in corpus.analyses:
            counts[a.meta.shown(name)] += 1
        order = sorted(counts, key=lambda k: (k == UNKNOWN_TEXT, -counts[k] if name != "year" else 0, k))
        parts = " · ".join(f"{md_escape(k)} {counts[k]} 篇" for k in order)
        lines += [f"- **按{label}**：{parts}", ""]
    lines += [f"同一层级、主题、年份的讲话，在[标签]({tags_link})页上列在一起。", ""]
    for mtype in sorted(groups, key=lambda t: (t == UNKNOWN_TEXT, t)):
        tpage = type_page(site, mtype)
        lines += [
            f"## {md_escape(mtype)}",
            "",
            f"[{md_escape(mtype)}：{len(groups[mtype])} 篇]({site.md_link(page, tpage)})",
            "",
        ]
        lines += _speech_table(groups[mtype], site, page)
        pages[tpage] = "\n".join(
            [
                "---",
                f"title: {yaml_str(h(mtype))}",
                "search:",
                "  exclude: true  # a list of titles: each speech has its own entries",
                "---",
                "",
                f"# {md_escape(mtype)}",
                "",
                f"<p>{len(groups[mtype])} 篇讲话。</p>",
                "",
                *_speech_table(groups[mtype], site, tpage),
            ]
        )
    pages[page] = "\n".join(lines)
    return pages


def type_page(site: Site, mtype: str) -> str:
    return f"{site.prefix}/speeches/types/{type_slug(mtype)}.md"


def _speech_table(analyses: list[Analysis], site: Site, page: str) -> list[str]:
    lines = [
        "| 讲话 | 层级 | 主题 | 日期 | 讲话人 | 部分 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for a in analyses:
        sp, m = a.speech, a.meta
        link = site.md_link(page, site.speech_path(a.source.slug))
        when = m.date.value or m.year.value or UNKNOWN_TEXT
        mark = "（推断标题）" if m.title.inferred else ""
        lines.append(
            f"| [{md_escape(display_title(a))}]({link}){mark} | {md_escape(m.shown('level'))} | {md_escape(m.shown('topic'))} | "
            f"{md_escape(str(when))} | {md_escape(m.shown('speaker') if m.speaker.known else '—')} | "
            f"{len(sp.sections)} |"
        )
    lines.append("")
    return lines


def _doctor_report(corpus: Corpus, problems: list[tuple[str, str]]) -> list[str]:
    """Duplicated speeches and missing metadata (as `speechguide doctor` lists them)."""
    from .doctor import examine

    items = examine(corpus, problems)
    lines = ["## 重复的讲话", ""]
    dups = [i for i in items if i.kind == "duplicate"]
    lines += (
        [f"- {h('、'.join(i.files))}：{h(i.problem)}处理：{h(i.fix)}" for i in dups] + [""]
        if dups
        else ["<p>没有。</p>", ""]
    )
    unknown = [i for i in items if i.kind == "unknown"]
    lines += ["## 元数据不全的讲话", ""]
    lines += (
        [f"- {h(i.files[0])}：{h(i.problem)}{h(i.fix)}" for i in unknown[:REPORT_META_MAX]] + [""]
        if unknown
        else ["<p>没有：每篇讲话的会议类型、层级和年份都已知。</p>", ""]
    )
    lines += ["<p>命令 <code>speechguide doctor</code> 在终端里列出同样的问题和处理办法。</p>", ""]
    return lines


REPORT_META_MAX = 300  # speeches listed one by one; `speechguide meta --write` handles more


def _inferred_meta_report(corpus: Corpus, site: Site, page: str) -> list[str]:
    """Inferred metadata for review, each speech with the `.yml` that confirms it."""
    from .structure.meta import yml_snippet

    rows = [(a, yml_snippet(a.meta)) for a in corpus.analyses]
    rows = [(a, y) for a, y in rows if y]
    lines = ["## 推断的元数据（请核对）", ""]
    if not rows:
        return [*lines, "<p>没有：每篇讲话的元数据都写在元数据文件里，或原文没有写明。</p>", ""]
    lines += [
        f"<p>{len(rows)} 篇讲话的会议类型、层级、日期、讲话人或主题是从原文推断的（页面上标为“推断”）。"
        "核对无误后，把下面的内容存为讲话文件旁边的同名 .yml 文件，推断就成了确认的元数据；"
        "写错的项在 .yml 里改正即可。也可以运行 <code>speechguide meta seeds/ --write</code> "
        "一次为所有讲话写出这样的 .yml（已有的 .yml 不会被覆盖）。</p>",
        "",
    ]
    for a, y in rows[:REPORT_META_MAX]:
        link = site.url(page, site.speech_path(a.source.slug))
        sidecar = a.source.path.with_suffix(".yml")
        into = f"补进已有的 {sidecar.name}" if sidecar.exists() else f"存为 {sidecar.name}"
        lines += raw_html(
            f'<details class="sg-meta-review"><summary><a href="{h(link)}">{h(display_title(a))}</a> → {h(into)}</summary>'
            f'<div class="sg-copy"><pre><code>{h_block(y)}</code></pre></div></details>'
        )
    if len(rows) > REPORT_META_MAX:
        lines += [f"<p>另有 {len(rows) - REPORT_META_MAX} 篇未列出，请用 speechguide meta 命令查看。</p>", ""]
    return lines


def render_report(corpus: Corpus, problems: list[tuple[str, str]], site: Site) -> str:
    page = f"{site.prefix}/report.md"
    lines = ["---", 'title: "构建报告"', "search:", "  exclude: true", "---", "", "# 构建报告", ""]
    if problems:
        lines += ["/// danger | 有文件没能读入", ""]
        for _name, msg in problems:
            lines += [f"<p>{h(msg)}</p>", ""]
        lines += ["///", ""]
    else:
        lines += ["<p>seeds/ 里的文件都已读入。</p>", ""]
    uncertain = [a for a in corpus.analyses if a.speech.uncertain]
    lines += ["## 结构不确定的讲话", ""]
    if uncertain:
        lines += ["这些讲话的提纲可信度低，页面上列出了判断依据，请人工核对：", ""]
        for a in uncertain:
            link = site.md_link(page, site.speech_path(a.source.slug))
            lines.append(f"- [{md_escape(display_title(a))}]({link})（可信度 {a.speech.confidence:.2f}）")
        lines.append("")
    else:
        lines += ["<p>没有：每篇讲话的结构都有足够的依据。</p>", ""]
    lines += _doctor_report(corpus, problems)
    lines += _inferred_meta_report(corpus, site, page)
    lines += ["## 每篇讲话的诊断", ""]
    lines.append("| 讲话 | 错误 | 警告 | 提示 |")
    lines.append("| --- | --- | --- | --- |")
    for a in corpus.analyses:
        ds = a.speech.diagnostics
        n = {s: sum(1 for d in ds if d.severity is s) for s in Severity}
        link = site.md_link(page, site.speech_path(a.source.slug))
        lines.append(
            f"| [{md_escape(display_title(a))}]({link}) | {n[Severity.ERROR]} | {n[Severity.WARNING]} | {n[Severity.INFO]} |"
        )
    lines.append("")
    return "\n".join(lines)


def leaf_roles(leaves: tuple[Leaf, ...]) -> list[str]:
    return [leaf.role.value for leaf in leaves]


def render_check_rules(site: Site) -> str:
    """The 检查规则 page: every rule of `speechguide check` with its correct/incorrect example."""
    from .check import SEVERITY_ZH, load_rules

    lines = ["---", 'title: "检查规则"', "---", "", "# 检查规则", ""]
    lines.append("<p>写稿人常用的三条命令：</p>")
    lines.append("")
    lines.append(
        '<div class="sg-copy"><pre><code>speechguide check 稿子.docx             # 逐条报告问题（行号:列号、原文、改法），有“错误”时退出码为 1&#10;'
        "speechguide check 稿子.docx --fix       # 自动改正安全的机械性问题（下面标了“--fix”的规则），其余留给写稿人&#10;"
        "speechguide check 稿子.docx --annotate  # 另存一份“稿子.checked.docx”，每个问题是一条 Word 批注，原文不动</code></pre></div>"
    )
    lines.append("")
    lines.append(
        "<p>读不了的文件退出码为 2。同一段里同一条规则的多处问题（如半角标点）合成一条报告，列出各处位置。"
        "每条报告带“把握”：规则在真实稿件上报对的比例，低于九成的会注明。"
        "在稿子所在目录放一个 <code>.speechguide.yml</code> 可以关掉、打开或调整规则，例如：</p>"
    )
    lines.append("")
    lines.append(
        '<div class="sg-copy"><pre><code>rules:&#10;  dated-reference: off&#10;  heading-shape: warning&#10;  named-person: on&#10;</code></pre></div>'
    )
    lines.append("")
    for r in load_rules():
        lines += [f"## {md_escape(r.title)} {{ #rule-{r.id} }}", ""]
        state = "默认关闭" if r.default == "off" else f"默认级别：{SEVERITY_ZH[r.severity]}"
        lines.append(f"<p><code>{h(r.id)}</code> · {h(state)} · 把握 {r.confidence:.0%}</p>")
        lines.append("")
        lines.append(f"<p>{h(r.hint)}</p>")
        lines.append("")
        fix = f"--fix：{r.fix}" if r.fix else "--fix：不自动改（需要写稿人判断）。"
        lines.append(f'<p class="sg-fix-note">{h(fix)}</p>')
        lines.append("")
        lines.append('<div class="sg-examples">')
        lines.append(
            f'<div class="sg-example sg-example-bad"><p class="sg-example-label">不对</p><pre>{h_block(r.incorrect)}</pre></div>'
        )
        lines.append(
            f'<div class="sg-example sg-example-good"><p class="sg-example-label">对</p><pre>{h_block(r.correct)}</pre></div>'
        )
        lines.append("</div>")
        lines.append("")
    return "\n".join(lines)
