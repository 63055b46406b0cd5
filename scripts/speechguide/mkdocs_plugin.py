"""The MkDocs side: a plugin that runs `speechguide build` before MkDocs reads `docs/`, expands
the navigation, feeds the formulas to jieba, and hooks `publish` into the page events (HTML fast
path, cached search entries, whitespace, what `serve` watches).

Options live in mkdocs.yml (`plugins: - speechguide: {...}`). Problems with input files are
logged as warnings naming the file; a plain build still publishes every other page, and
`mkdocs build --strict` (with or without `-q`) stops with an error listing them.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from .build import BuildOptions, BuildResult, build
from .progress import Progress
from .publish import (
    PAGE_ENTRIES,
    lift_html,
    put_back_html,
    search_entries,
    slim_page,
    watch_all_but,
)
from .render import CORPUS_MARK, corpus_summary

log = logging.getLogger("mkdocs.plugins.speechguide")


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
        self._summary = ""
        self._index_started: float | None = None
        self._index_pages = 0

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
                search_body_max=self.config.search_body_max,
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
        self._jieba_dict(config, root, result)
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
        if self._index_started is None:
            self._index_started = time.perf_counter()
        entries = search_entries(page, search.config.separator, self._jieba_words)
        PAGE_ENTRIES[(config.site_dir, page.file.src_uri)] = entries
        self._index_pages += 1
        page.meta["search"] = {**meta, "exclude": True}
        return context

    @event_priority(-100)  # last: the page as every other plugin left it
    def on_post_page(self, output, page, config):
        return slim_page(output)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config) -> None:
        """Write the search index from the entries of `on_page_context`, in page order, keeping
        Material's search settings. As UTF-8: Material writes `\\uXXXX` escapes (6 bytes a
        Chinese character), this is about half the size, and the browser reads it the same."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        mine = [e for src in self._doc_pages for e in PAGE_ENTRIES.get((config.site_dir, src), ())]
        data["docs"] = mine + data["docs"]  # Material's own: none, unless another plugin adds some
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        took = time.perf_counter() - self._index_started if self._index_started is not None else 0.0
        log.info(
            "speechguide：搜索索引 %d 页、%d 条，%.1f 秒（含页面生成）",
            self._index_pages,
            len(mine),
            took,
        )
        self._index_started, self._index_pages = None, 0

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


def _parts(form: str) -> list[str]:
    """`党政同责、一岗双责` → the whole form and each enumerated phrase."""

    parts = [p for p in re.split(r"[、，,；;]", form) if p]
    return [form, *parts] if len(parts) > 1 else [form]
