"""The MkDocs side: a plugin that runs `speechguide build` before MkDocs reads `docs/`, expands
the navigation, collects each page's searchable blocks and writes the search index
(`speechguide.search`), and hooks `publish` into the page events (HTML fast path, whitespace,
what `serve` watches).

Options live in mkdocs.yml (`plugins: - speechguide: {...}`). Problems with input files are
logged as warnings naming the file; a plain build still publishes every other page, and
`mkdocs build --strict` (with or without `-q`) stops with an error listing them.
"""

from __future__ import annotations

import html
import json
import logging
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from .build import BuildOptions, BuildResult, build
from .progress import Progress
from .publish import lift_html, put_back_html, slim_page, watch_all_but
from .render import CORPUS_MARK, corpus_summary, display_title, speech_blocks
from .search.blocks import SearchPage, html_blocks, page_kind, speech_page
from .search.index import build_index

log = logging.getLogger("mkdocs.plugins.speechguide")


class SpeechguideConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    lexicon = c.Type(str, default="seeds/formulas.yml")
    output = c.Type(str, default="corpus")
    max_bytes = c.Type(int, default=2_000_000)
    nav_speeches_max = c.Type(int, default=60)  # above this, the nav lists meeting-type pages only


# Each page's search blocks from its latest build, by (site dir, page): module-level because
# `mkdocs serve` makes a new plugin per rebuild, and `--dirty` only renders changed pages.
SEARCH_PAGES: dict[tuple[str, str], SearchPage] = {}
# Blocks of hand-written and generated non-speech pages by their HTML.
_HTML_BLOCKS: dict[str, tuple] = {}
_HTML_BLOCKS_MAX = 20_000


class SpeechguidePlugin(BasePlugin[SpeechguideConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._stash: dict[str, list[str]] = {}
        self._doc_pages: list[str] = []
        self._summary = ""
        self._speeches: dict = {}
        self._index_started: float | None = None

    def on_config(self, config):
        # jieba announces its dictionary on every build; only real problems belong in the log.
        import jieba

        jieba.setLogLevel(logging.WARNING)
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
            ),
            progress=Progress(),
        )
        for _name, message in result.problems:
            log.warning(message)
        if result.problems and config.strict:
            # Strict fails whatever the log level (`-q` hides warnings from MkDocs' counter).
            raise PluginError(
                f"seeds/ 里有 {len(result.problems)} 个文件没能读入（--strict）：\n"
                + "\n".join(message for _name, message in result.problems)
            )
        if str(seeds) not in config.watch:
            config.watch.append(str(seeds))
        self._summary = corpus_summary(result.corpus)
        self._nav(config, result)
        self._speeches = {
            f"{self.config.output}/speeches/{a.source.slug}.md": a for a in result.corpus.analyses
        }
        return config

    def on_page_markdown(self, markdown, page, config, files):
        """Lift the generated pages' fenced raw HTML out of Markdown's way (see render.HTML_OPEN):
        a one-tag placeholder goes through Markdown, the HTML comes back in `on_page_content`.
        A hand-written page's `<!-- speechguide:corpus -->` becomes what the corpus holds."""
        if not page.file.src_uri.startswith(self.config.output + "/"):
            return markdown.replace(CORPUS_MARK, self._summary) if CORPUS_MARK in markdown else markdown
        markdown, self._stash[page.file.src_uri] = lift_html(markdown)
        return markdown

    @event_priority(100)  # before anything else reads the page's HTML
    def on_page_content(self, html_out, page, config, files):
        stash = self._stash.pop(page.file.src_uri, None)
        if not stash:
            return html_out
        html_out, missing = put_back_html(html_out, stash)
        if missing:  # a Markdown extension swallowed a placeholder
            log.warning("%s：有 %d 段生成的 HTML 没能放回页面。", page.file.src_uri, missing)
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
        watch_all_but(server, docs, owned)
        return server

    def on_files(self, files, config):
        self._doc_pages = [f.src_uri for f in files.documentation_pages()]
        # Generated pages the nav leaves out on purpose (the meeting-type pages of a small
        # corpus, reached from the speech index): no "not included in the nav" notice for them.
        in_nav = set(_nav_paths(config.nav or []))
        if in_nav:
            for f in files.documentation_pages():
                if f.src_uri.startswith(self.config.output + "/") and f.src_uri not in in_nav:
                    f.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    @event_priority(50)  # before Material's search plugin (priority 0) indexes the page
    def on_page_context(self, context, page, config, nav):
        """Collect the page's search blocks (speech pages from their analysis, the others from
        their HTML) and tell Material's indexer to skip it: `on_post_build` writes our index."""
        search = _search_plugin(config)
        if search is None or not search.config.enabled:
            return context
        meta = page.meta.get("search") or {}
        page.meta["search"] = {**meta, "exclude": True}
        key = (config.site_dir, page.file.src_uri)
        SEARCH_PAGES.pop(key, None)
        if meta.get("exclude"):
            return context
        if self._index_started is None:
            self._index_started = time.perf_counter()
        found = self._search_page(page)
        if found is not None:
            SEARCH_PAGES[key] = found
        return context

    def _search_page(self, page) -> SearchPage | None:
        src = page.file.src_uri
        kind = page_kind(src, self.config.output)
        if kind is None:
            return None
        a = self._speeches.get(src)
        if kind == "讲话":
            if a is None:
                return None
            year = a.meta.year.value
            return speech_page(
                page.url,
                display_title(a),
                a.meta.meeting_type.value,
                int(year) if isinstance(year, int) or str(year).isdigit() else None,
                speech_blocks(a),
            )
        content = page.content or ""
        blocks = _HTML_BLOCKS.get(content)
        if blocks is None:
            blocks = html_blocks(content)
            if len(_HTML_BLOCKS) >= _HTML_BLOCKS_MAX:
                _HTML_BLOCKS.clear()
            _HTML_BLOCKS[content] = blocks
        title = html.unescape(page.title or "")
        return SearchPage(page.url, title, kind, blocks)

    @event_priority(-100)  # last: the page as every other plugin left it
    def on_post_page(self, output, page, config):
        return slim_page(output)

    @event_priority(-100)  # after the search plugin has written its (empty) index
    def on_post_build(self, config) -> None:
        """Write our search index into `search/sg/`. Material's `search_index.json` keeps only
        its settings: its worker is replaced by ours (overrides/main.html)."""
        site = Path(config.site_dir)
        path = site / "search" / "search_index.json"
        if not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        data["docs"] = []
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        pages = [
            SEARCH_PAGES[(config.site_dir, src)]
            for src in self._doc_pages
            if (config.site_dir, src) in SEARCH_PAGES
        ]
        t = time.perf_counter()
        stats = build_index(pages, site / "search" / "sg")
        took = time.perf_counter() - (self._index_started if self._index_started is not None else t)
        log.info(
            "speechguide：搜索索引 %d 页、%d 段、%d 个二字组，%d 个文件 %.1f MB，%.1f 秒（含页面生成）",
            stats.pages,
            stats.blocks,
            stats.keys,
            stats.files,
            stats.bytes / 1e6,
            took,
        )
        self._index_started = None

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


def _nav_paths(items):
    """Every page path in a `nav` config (nested lists and dicts)."""
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for v in item.values():
                yield from _nav_paths(v if isinstance(v, list) else [v])
        elif isinstance(item, list):
            yield from _nav_paths(item)


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")
