"""What the MkDocs plugin does to pages and the search index, kept apart from the event wiring:

- the generated pages' fenced raw HTML is lifted out before Markdown and put back after
  (`lift_html`, `put_back_html`; see `render.HTML_OPEN`);
- search entries are made with Material's own indexer, cached by page content across
  `mkdocs serve` rebuilds, with redundant zero-width spaces dropped (`search_entries`);
- the finished page loses its indentation and search markers (`slim_page`);
- `docs/` is watched except the generated folder (`watch_all_but`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from .render import HTML_CLOSE, HTML_OPEN

FENCED_RE = re.compile(re.escape(HTML_OPEN) + r"\n(.*?)\n" + re.escape(HTML_CLOSE), re.DOTALL)
STASH_RE = re.compile(r'<div data-sg-stash="(\d+)"></div>')

# Search entries by page content (see `on_page_context`). Module-level: `mkdocs serve` keeps the
# process across rebuilds, so an unchanged page is not parsed and segmented again.
_SEARCH_CACHE: dict[str, list[dict]] = {}
_SEARCH_CACHE_MAX = 20_000
# The entries each page had in its latest build (`serve --dirty` only rebuilds changed pages).
PAGE_ENTRIES: dict[tuple[str, str], list[dict]] = {}


def lift_html(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each fenced run replaced by a one-tag placeholder, and the runs."""
    stash: list[str] = []

    def lift(m: re.Match) -> str:
        stash.append(m.group(1))
        return f'<div data-sg-stash="{len(stash) - 1}"></div>'

    return FENCED_RE.sub(lift, markdown), stash


def put_back_html(page_html: str, stash: list[str]) -> tuple[str, int]:
    """Placeholders replaced by their runs (each once); the number of runs not put back."""
    seen: set[int] = set()

    def put_back(m: re.Match) -> str:
        k = int(m.group(1))
        if k >= len(stash) or k in seen:
            return m.group(0)
        seen.add(k)
        return stash[k]

    return STASH_RE.sub(put_back, page_html), len(stash) - len(seen)


def search_entries(page, separator: str, jieba_words: str) -> list[dict]:
    """The page's search entries as Material's indexer makes them (squeezed), from the cache
    when the page is unchanged."""
    key = _entries_key(page, jieba_words)
    entries = _SEARCH_CACHE.get(key)
    if entries is None:
        from material.plugins.search.plugin import SearchIndex

        index = SearchIndex()
        index.add_entry_from_context(page)
        squeeze = zw_squeezer(separator)
        entries = [{**e, "title": squeeze(e["title"]), "text": squeeze(e["text"])} for e in index.entries]
        if len(_SEARCH_CACHE) >= _SEARCH_CACHE_MAX:
            _SEARCH_CACHE.clear()
        _SEARCH_CACHE[key] = entries
    return entries


def _entries_key(page, jieba_words: str) -> str:
    """Everything Material's indexer reads from a page (and the segmentation's user words)."""

    def toc(items) -> list:
        return [(i.id, i.url, i.title, toc(i.children)) for i in items]

    parts = [
        page.content or "",
        page.url,
        repr(toc(page.toc)),
        repr(page.meta.get("title")),
        repr(page.title),
        repr(page.meta.get("tags")),
        repr(page.meta.get("search")),
        jieba_words,
    ]
    return hashlib.sha1("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def watch_all_but(server, root: Path, skip: Path) -> None:
    """Watch `root` recursively, leaving out the folder `skip` inside it. A folder on the way to
    `skip` is watched on its own (new files in it), its other subfolders recursively."""
    server.watch(str(root), recursive=False)
    for child in sorted(root.iterdir()):
        if not child.is_dir() or child == skip:
            continue
        if skip.is_relative_to(child):
            watch_all_but(server, child, skip)
        else:
            server.watch(str(child))


# Elements whose whitespace is content (or code) are kept as they are.
VERBATIM_RE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
WS_LINES_RE = re.compile(r"[ \t\r]*\n\s*")


# `data-search-exclude` has done its work once the page is indexed (Material strips only the
# attribute with a value). Only inside a tag: escaped text cannot hold `<`.
SEARCH_ATTR_RE = re.compile(r'(<[A-Za-z][^<>]*?)\s+data-search-exclude(?:="")?(?=[\s/>])')


def slim_page(page_html: str) -> str:
    """The finished page, lighter: whitespace runs holding a line break become one line break
    (the theme's templates indent every line; outside `pre`-like elements HTML shows any run as
    one space), and the search markers go."""
    parts = VERBATIM_RE.split(page_html)
    # split() yields text, whole element, tag name, text, …: change the text parts only.
    return "".join(
        SEARCH_ATTR_RE.sub(r"\1", WS_LINES_RE.sub("\n", p)) if k % 3 == 0 else p
        for k, p in enumerate(parts)
        if k % 3 != 2
    )


ZW_RUN_RE = re.compile("\u200b+")


@functools.lru_cache(maxsize=8)
def zw_squeezer(separator: str):
    """Material puts a zero-width space (3 bytes in UTF-8) on both sides of every jieba word,
    also where punctuation already separates words: `工作\u200b，\u200b关键`. One next to a
    character of the search separator (or at either end) changes no token, so it goes: about an
    eighth of the index. What remains is what splits words that touch."""
    sep = re.compile(separator)

    @functools.lru_cache(maxsize=4096)
    def is_sep(ch: str) -> bool:
        return ch == "" or sep.fullmatch(ch) is not None  # (not `<`/`>`: tags stay apart from words)

    def squeeze(text: str) -> str:
        def one(m: re.Match) -> str:
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            return "" if is_sep(before) or is_sep(after) else "\u200b"

        return ZW_RUN_RE.sub(one, text) if "\u200b" in text else text

    return squeeze
