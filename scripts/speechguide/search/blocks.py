"""What search indexes: each page as blocks (a paragraph, a heading, a list item), each with the
anchor a hit links to and the part of the page it sits in.

Speech pages come from the analysis (every character of the cleaned text, the units and ids the
page shows); the other pages from their HTML, leaving out what is marked `data-search-exclude`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Page kinds in the order their hits are listed: the formula library and the pattern pages
# answer "how is this said" before any one speech does.
KINDS = ("固定表述库", "结构范式", "模板", "检查规则", "说明", "讲话")


@dataclass(frozen=True, slots=True)
class Block:
    anchor: str  # id of the element on the page ("" = the top of the page)
    section: str  # heading of the part the block sits in ("" = none)
    text: str


@dataclass(frozen=True, slots=True)
class SearchPage:
    url: str  # site-relative URL, as MkDocs writes it
    title: str
    kind: str  # one of KINDS
    blocks: tuple[Block, ...]
    meeting_type: str | None = None
    year: int | None = None

    @property
    def order(self) -> tuple:
        """Listing order: by kind, then the newest speeches first."""
        return (KINDS.index(self.kind), -(self.year or 0), self.title, self.url)


def page_kind(src_uri: str, prefix: str) -> str | None:
    """The kind of a documentation page, or None for pages search leaves out: lists of other
    pages (speech lists, tags, frequency table), the statistics and the build report."""
    if src_uri == "tags.md":
        return None
    if not src_uri.startswith(prefix + "/"):
        return "说明"
    rest = src_uri[len(prefix) + 1 :]
    if rest == "formulas.md":
        return "固定表述库"
    if rest.startswith("patterns/"):
        return "结构范式"
    if rest.startswith("templates"):
        return "模板"
    if rest == "check-rules.md":
        return "检查规则"
    if rest.startswith("speeches/") and rest.count("/") == 1 and rest != "speeches/index.md":
        return "讲话"
    return None


def speech_page(url: str, title: str, meeting_type: str | None, year: int | None, units) -> SearchPage:
    """A speech page from `render.speech_blocks` (anchor, part, text) units; the title first."""
    blocks = [Block("", "", title)]
    blocks += [Block(anchor, section, text) for anchor, section, text in units if text.strip()]
    return SearchPage(url, title, "讲话", tuple(blocks), meeting_type, year)


BLOCK_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "pre", "td", "th", "summary"}
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SKIP_TAGS = frozenset({"script", "style", "template", "svg", "button"})
VOID_TAGS = frozenset({"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col"})
_WS_RE = re.compile(r"\s+")


class _Blocks(HTMLParser):
    """Text of the innermost block element, with the last id seen above it and the last heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Block] = []
        self.stack: list[tuple[str, bool, list[str]]] = []  # (tag, skipped, text pieces)
        self.skip_depth = 0
        self.anchor = ""
        self.section = ""

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        a = dict(attrs)
        skip = self.skip_depth > 0 or tag in SKIP_TAGS or "data-search-exclude" in a
        if a.get("id") and not skip:
            self.anchor = a["id"]
        self.stack.append((tag, skip, []))
        if skip:
            self.skip_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        # Close up to the matching tag (HTML lets some end tags be left out).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                break
        else:
            return
        while len(self.stack) > i:
            t, skip, pieces = self.stack.pop()
            if skip:
                self.skip_depth -= 1
                continue
            text = _WS_RE.sub(" ", "".join(pieces)).strip()
            if t in BLOCK_TAGS:
                if text:
                    if t in HEADINGS:
                        self.section = text
                    self.out.append(Block(self.anchor, self.section, text))
            elif self.stack and not self.stack[-1][1]:
                self.stack[-1][2].append(text and f" {text} " if _is_spaced(t) else "".join(pieces))

    def handle_data(self, data):
        if self.skip_depth or not self.stack:
            return
        self.stack[-1][2].append(data)


def _is_spaced(tag: str) -> bool:
    """Container elements whose text stands apart from its neighbours."""
    return tag in (
        "div",
        "section",
        "article",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "blockquote",
        "details",
        "figure",
    )


def html_blocks(page_html: str) -> tuple[Block, ...]:
    parser = _Blocks()
    parser.feed(page_html)
    parser.close()
    while parser.stack:  # unclosed elements at the end
        parser.handle_endtag(parser.stack[0][0])
    return tuple(parser.out)
