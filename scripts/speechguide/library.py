"""固定表述库 pages: the curated lexicon by category, the formulas mined from the corpus (marked
as such), and a page sorted by frequency. Every entry has a stable anchor (`f-<id>` for the
lexicon, `m-<hash>` for mined ones), a copy button and links to each occurrence's paragraph."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .guide import place_link
from .mine import KIND_ZH, Corpus, mined_id, shown_mined
from .render import Site, display_title, h, h_block, join_lines, md_escape, raw_html

MAX_MINED = 300  # mined entries listed (highest score first); the rest stay out of the page size
MAX_PLACES = 12  # occurrence links per entry
MAX_SPEECHES = 12  # speeches named per entry: the page must not grow with the corpus


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the library, lexicon or mined, for listings and `formulas --json`."""

    anchor: str
    text: str
    category: str
    source: str  # lexicon | mined
    speeches: tuple[str, ...]
    occurrences: int
    places: tuple[tuple[str, int], ...]
    kind: str | None = None
    shape: str | None = None
    why: str = ""  # a mined entry: the words its category was read from
    variants: tuple[str, ...] = ()  # a mined entry: nested forms folded into it


def entries(corpus: Corpus) -> list[Entry]:
    out = [
        Entry(
            f"f-{u.formula.id}",
            u.formula.text,
            u.formula.category,
            "lexicon",
            u.speeches,
            u.occurrences,
            u.places,
        )
        for u in corpus.uses.values()
    ]
    for m in shown_mined(corpus)[:MAX_MINED]:
        places = tuple((o.doc, o.start) for o in m.occurrences)
        out.append(
            Entry(
                mined_id(m),
                m.text,
                m.category or KIND_ZH.get(m.kind, m.kind),
                "mined",
                m.docs,
                len(m.occurrences),
                places,
                m.kind,
                m.shape,
                m.why,
                m.variants,
            )
        )
    return out


def _places(corpus: Corpus, site: Site, page: str, e: Entry) -> str:
    links = [
        place_link(site, page, corpus.by_slug(slug), start, k)
        for k, (slug, start) in enumerate(e.places[:MAX_PLACES], 1)
    ]
    more = f" 等 {len(e.places)} 处" if len(e.places) > MAX_PLACES else ""
    return "出处：" + "；".join(links) + more if links else "语料中没有用到。"


def _entry_html(corpus: Corpus, site: Site, page: str, e: Entry) -> list[str]:
    speeches = "、".join(
        f'<a href="{h(site.url(page, site.speech_path(slug)))}">{h(display_title(corpus.by_slug(slug)))}</a>'
        for slug in e.speeches[:MAX_SPEECHES]
    )
    if len(e.speeches) > MAX_SPEECHES:
        speeches += f" 等 {len(e.speeches)} 篇"
    badge = '<span class="sg-badge sg-badge-mined">挖掘</span> ' if e.source == "mined" else ""
    shape = f"（{h(e.shape)}）" if e.shape else ""
    if e.source == "mined" and e.kind:
        # How it was found, and why it is in its category.
        why = f"，因含“{e.why}”" if e.why else ""
        shape += f"（{h(KIND_ZH.get(e.kind, e.kind))}{h(why)}）"
    also = f"<br>也写作：{h('、'.join(e.variants))}" if e.variants else ""
    return raw_html(
        f'<p class="sg-formula-stats" data-search-exclude>{badge}{h(e.category)}{shape} · {len(e.speeches)}/{corpus.size} 篇讲话，共 {e.occurrences} 处'
        + (f"：{speeches}" if speeches else "")
        + also
        + "</p>",
        f'<p class="sg-places" data-search-exclude>{_places(corpus, site, page, e)}</p>',
        f'<div class="sg-copy" data-search-exclude><pre><code id="text-{e.anchor}">{h_block(e.text)}</code></pre></div>',
    )


def render_library(corpus: Corpus, site: Site) -> dict[str, str]:
    page = f"{site.prefix}/formulas.md"
    all_entries = entries(corpus)
    lex = [e for e in all_entries if e.source == "lexicon"]
    mined = [e for e in all_entries if e.source == "mined"]
    lines = ["---", 'title: "固定表述库"', "---", "", "# 固定表述库", ""]
    lines.append(
        f"<p>人工整理的固定表述 {len(lex)} 条，按类别排列；另有从语料 {corpus.size} 篇讲话中自动发现、尚未收录的表述 {len(mined)} 条，标为“挖掘”。"
        '每条都可以一键复制，并链接到它在讲话中出现的段落。也可以看<a href="'
        + h(site.url(page, f"{site.prefix}/formulas-by-frequency.md"))
        + '">按使用频率排列</a>。</p>'
    )
    lines.append("")
    by_cat: dict[str, list[Entry]] = defaultdict(list)
    for e in lex:
        by_cat[e.category].append(e)
    formulas = {u.formula.id: u.formula for u in corpus.uses.values()}
    for cat in sorted(by_cat, key=lambda c: (-sum(e.occurrences for e in by_cat[c]), c)):
        lines += [f"## {md_escape(cat)}", ""]
        for e in sorted(by_cat[cat], key=lambda x: (-len(x.speeches), -x.occurrences, x.anchor)):
            f = formulas[e.anchor[2:]]
            lines += [f"### {md_escape(f.text)} {{ #{e.anchor} }}", ""]
            lines += _entry_html(corpus, site, page, e)
            if f.variants:
                lines += [f"<p>也写作：{h('；'.join(f.variants))}</p>", ""]
            for t, reason in f.outdated:
                lines += [f'<p class="sg-outdated-note">不要写成“{h(t)}”：{h(reason)}</p>', ""]
            if f.note:
                lines += [f"<p>{h(f.note)}</p>", ""]
    if mined:
        lines += ["## 语料中发现的表述（未收录） { #mined }", ""]
        lines.append(
            "<p>这些表述在两篇以上讲话中出现过，由程序自动找出（多篇共用的长句段、引号里的口号、并列短语、排比句式、对句标题），"
            "没有经过人工审核；确认规范后可以收进 <code>seeds/formulas.yml</code>。</p>"
        )
        lines.append("")
        for e in mined:
            lines += [f"### {md_escape(e.text)} {{ #{e.anchor} }}", ""]
            lines += _entry_html(corpus, site, page, e)
    pages = {page: join_lines(lines)}

    freq_page = f"{site.prefix}/formulas-by-frequency.md"
    rows = []
    for e in sorted(
        all_entries, key=lambda x: (-len(x.speeches), -x.occurrences, x.source != "lexicon", x.text)
    ):
        href = site.url(freq_page, page, e.anchor)
        src = "收录" if e.source == "lexicon" else "挖掘"
        rows.append(
            f'<tr><td><a href="{h(href)}">{h(e.text)}</a></td><td>{h(e.category)}</td><td>{src}</td><td>{len(e.speeches)}</td><td>{e.occurrences}</td></tr>'
        )
    pages[freq_page] = join_lines(
        [
            "---",
            'title: "按使用频率"',
            "---",
            "",
            "# 固定表述：按使用频率",
            "",
            *raw_html(
                f"<p>按用到它的讲话篇数排列（共 {corpus.size} 篇），篇数相同时按出现次数。</p>",
                '<div class="sg-table-wrap" data-search-exclude><table><thead><tr><th>表述</th><th>类别</th><th>来源</th><th>篇数</th><th>次数</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>",
            ),
        ]
    )
    return pages
