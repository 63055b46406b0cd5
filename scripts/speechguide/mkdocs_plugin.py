"""The MkDocs side: a thin plugin that runs `speechguide build` before MkDocs reads `docs/`.

Options live in mkdocs.yml (`plugins: - speechguide: {...}`). Problems with input files are
logged as warnings naming the file, so `mkdocs build --strict` fails on them while a plain
build still publishes every other page.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority

from .build import BuildOptions, BuildResult, build
from .render import HTML_CLOSE, HTML_OPEN

log = logging.getLogger("mkdocs.plugins.speechguide")

FENCED_RE = re.compile(re.escape(HTML_OPEN) + r"\n(.*?)\n" + re.escape(HTML_CLOSE), re.DOTALL)
STASH_RE = re.compile(r'<div data-sg-stash="(\d+)"></div>')

# Search entries by page content (see `on_page_context`). Module-level: `mkdocs serve` keeps the
# process across rebuilds, so an unchanged page is not parsed and segmented again.
_SEARCH_CACHE: dict[str, list[dict]] = {}
_SEARCH_CACHE_MAX = 20_000
# The entries each page had in its latest build (`serve --dirty` only rebuilds changed pages).
_PAGE_ENTRIES: dict[tuple[str, str], list[dict]] = {}


class SpeechguideConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    lexicon = c.Type(str, default="seeds/formulas.yml")
    output = c.Type(str, default="corpus")
    max_bytes = c.Type(int, default=2_000_000)
    nav_speeches_max = c.Type(int, default=60)  # above this, the nav lists meeting-type pages only
    search_body_max = c.Type(int, default=200)  # above this, body paragraphs stay out of search


class SpeechguidePlugin(BasePlugin[SpeechguideConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._stash: dict[str, list[str]] = {}
        self._doc_pages: list[str] = []
        self._jieba_words = ""

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        seeds = root / self.config.seeds
        result = build(
            BuildOptions(
                seeds_dir=seeds,
                docs_dir=Path(config.docs_dir),
                prefix=self.config.output,
                lexicon_path=root / self.config.lexicon,
                max_bytes=self.config.max_bytes,
                use_directory_urls=config.use_directory_urls,
                search_body_max=self.config.search_body_max,
            )
        )
        for _name, message in result.problems:
            log.warning(message)
        if str(seeds) not in config.watch:
            config.watch.append(str(seeds))
        self._nav(config, result)
        self._jieba_dict(config, root, result)
        return config

    def on_page_markdown(self, markdown, page, config, files):
        """Lift the generated pages' fenced raw HTML out of Markdown's way (see render.HTML_OPEN):
        a one-tag placeholder goes through Markdown, the HTML comes back in `on_page_content`."""
        if not page.file.src_uri.startswith(self.config.output + "/"):
            return markdown
        stash: list[str] = []

        def lift(m: re.Match) -> str:
            stash.append(m.group(1))
            return f'<div data-sg-stash="{len(stash) - 1}"></div>'

        markdown = FENCED_RE.sub(lift, markdown)
        self._stash[page.file.src_uri] = stash
        return markdown

    @event_priority(100)  # before anything else reads the page's HTML
    def on_page_content(self, html_out, page, config, files):
        stash = self._stash.pop(page.file.src_uri, None)
        if not stash:
            return html_out
        seen: set[int] = set()

        def put_back(m: re.Match) -> str:
            k = int(m.group(1))
            if k >= len(stash) or k in seen:
                return m.group(0)
            seen.add(k)
            return stash[k]

        html_out = STASH_RE.sub(put_back, html_out)
        if len(seen) != len(stash):  # a Markdown extension swallowed a placeholder
            log.warning("%s：有 %d 段生成的 HTML 没能放回页面。", page.file.src_uri, len(stash) - len(seen))
        return html_out

    def on_serve(self, server, config, builder):
        """Watch `docs/` except the generated folder. The build rewrites pages there; watched,
        every seed edit would be built twice (once for the seed, once for the build's own
        output). The seeds folder is watched instead (added in `on_config`)."""
        docs = Path(config.docs_dir).resolve()
        owned = (docs / self.config.output).resolve()
        if not owned.is_relative_to(docs) or owned == docs:
            return server
        try:
            server.unwatch(str(docs))
        except KeyError:  # not watched (livereload off): nothing to narrow
            return server
        _watch_all_but(server, docs, owned)
        return server

    def on_files(self, files, config):
        self._doc_pages = [f.src_uri for f in files.documentation_pages()]
        return files

    @event_priority(50)  # before Material's search plugin (priority 0) indexes the page
    def on_page_context(self, context, page, config, nav):
        """Index the page here, with Material's own indexer, cached by content.

        Parsing each page's HTML and segmenting it with jieba is over half of a rebuild; under
        `mkdocs serve` an unchanged page gets its entries from the cache. Material is then told
        to skip the page, and `on_post_build` writes the index from these entries."""
        search = _search_plugin(config)
        if search is None or not search.config.enabled:
            return context
        meta = page.meta.get("search") or {}
        if meta.get("exclude"):
            return context
        key = _entries_key(page, self._jieba_words)
        entries = _SEARCH_CACHE.get(key)
        if entries is None:
            from material.plugins.search.plugin import SearchIndex

            index = SearchIndex()
            index.add_entry_from_context(page)
            squeeze = _zw_squeezer(search.config.separator)
            entries = [{**e, "title": squeeze(e["title"]), "text": squeeze(e["text"])} for e in index.entries]
            if len(_SEARCH_CACHE) >= _SEARCH_CACHE_MAX:
                _SEARCH_CACHE.clear()
            _SEARCH_CACHE[key] = entries
        _PAGE_ENTRIES[(config.site_dir, page.file.src_uri)] = entries
        page.meta["search"] = {**meta, "exclude": True}
        return context

    @event_priority(-100)  # last: the page as every other plugin left it
    def on_post_page(self, output, page, config):
        return collapse_whitespace(output)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config) -> None:
        """Write the search index from the entries of `on_page_context`, in page order, keeping
        Material's search settings. As UTF-8: Material writes `\\uXXXX` escapes (6 bytes a
        Chinese character), this is about half the size, and the browser reads it the same."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        mine = [e for src in self._doc_pages for e in _PAGE_ENTRIES.get((config.site_dir, src), ())]
        data["docs"] = mine + data["docs"]  # Material's own: none, unless another plugin adds some
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def _nav(self, config, result: BuildResult) -> None:
        """Expand each generated index entry of `nav` into the pages under it (speeches by
        meeting type, the pattern pages)."""
        if not config.nav:
            return
        sections = result.nav_sections(self.config.nav_speeches_max)

        def esc(entry):
            # Nav titles reach the HTML unescaped: escape the speech-derived ones.
            if isinstance(entry, dict):
                return {
                    html.escape(k): [esc(x) for x in v] if isinstance(v, list) else v
                    for k, v in entry.items()
                }
            return entry

        def expand(items):
            out = []
            for item in items:
                if isinstance(item, dict):
                    ((k, v),) = item.items()
                    if isinstance(v, str) and v in sections:
                        out.append({k: [v, *(esc(e) for e in sections[v])]})
                    elif isinstance(v, list):
                        out.append({k: expand(v)})
                    else:
                        out.append(item)
                else:
                    out.append(item)
            return out

        config.nav = expand(config.nav)

    def _jieba_dict(self, config, root: Path, result: BuildResult) -> None:
        """Every formula (and its variants) as a jieba user word, so `党政同责` is one search term."""
        search = _search_plugin(config)
        lex = result.corpus.lexicon
        if search is None or lex is None:
            return
        from .library import entries

        words: list[str] = []
        for f in lex.formulas:
            for form in (f.text, *f.variants):
                words.extend(p for p in _parts(form) if len(p) >= 2)
        for e in entries(result.corpus):
            if e.source == "mined" and len(e.text) <= 12:
                words.extend(p for p in _parts(e.text) if 2 <= len(p) <= 12)
        cache = root / ".cache" / "speechguide"
        cache.mkdir(parents=True, exist_ok=True)
        path = cache / "jieba_user_dict.txt"
        data = "".join(f"{w} 100000 n\n" for w in dict.fromkeys(words))
        self._jieba_words = data  # segmentation depends on it: part of the search cache key
        if not path.exists() or path.read_text(encoding="utf-8") != data:
            path.write_text(data, encoding="utf-8")
        search.config.jieba_dict_user = str(path)


def _watch_all_but(server, root: Path, skip: Path) -> None:
    """Watch `root` recursively, leaving out the folder `skip` inside it. A folder on the way to
    `skip` is watched on its own (new files in it), its other subfolders recursively."""
    server.watch(str(root), recursive=False)
    for child in sorted(root.iterdir()):
        if not child.is_dir() or child == skip:
            continue
        if skip.is_relative_to(child):
            _watch_all_but(server, child, skip)
        else:
            server.watch(str(child))


# Elements whose whitespace is content (or code) are kept as they are.
VERBATIM_RE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
WS_LINES_RE = re.compile(r"[ \t\r]*\n\s*")


def collapse_whitespace(page_html: str) -> str:
    """Whitespace runs holding a line break become one line break: the theme's templates indent
    every line (a few KB a page), and outside `pre`-like elements HTML shows any run as one space."""
    parts = VERBATIM_RE.split(page_html)
    # split() yields text, whole element, tag name, text, …: collapse the text parts only.
    return "".join(WS_LINES_RE.sub("\n", p) if k % 3 == 0 else p for k, p in enumerate(parts) if k % 3 != 2)


ZW_RUN_RE = re.compile("\u200b+")


@functools.lru_cache(maxsize=8)
def _zw_squeezer(separator: str):
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


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


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


def _parts(form: str) -> list[str]:
    """`党政同责、一岗双责` → the whole form and each enumerated phrase."""
    import re

    parts = [p for p in re.split(r"[、，,；;]", form) if p]
    return [form, *parts] if len(parts) > 1 else [form]
