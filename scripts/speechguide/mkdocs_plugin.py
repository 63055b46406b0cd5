"""The MkDocs side: a thin plugin that runs `speechguide build` before MkDocs reads `docs/`.

Options live in mkdocs.yml (`plugins: - speechguide: {...}`). Problems with input files are
logged as warnings naming the file, so `mkdocs build --strict` fails on them while a plain
build still publishes every other page.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority

from .build import BuildOptions, BuildResult, build

log = logging.getLogger("mkdocs.plugins.speechguide")


class SpeechguideConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    lexicon = c.Type(str, default="seeds/formulas.yml")
    output = c.Type(str, default="corpus")
    max_bytes = c.Type(int, default=2_000_000)
    nav_speeches_max = c.Type(int, default=60)  # above this, the nav lists meeting-type pages only
    search_body_max = c.Type(int, default=200)  # above this, body paragraphs stay out of search


class SpeechguidePlugin(BasePlugin[SpeechguideConfig]):
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

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config) -> None:
        """Material writes the search index with `\\uXXXX` escapes (6 bytes a Chinese character);
        written as UTF-8 it is about half the size, and the browser reads it the same."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
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
        search = config.plugins.get("material/search") or config.plugins.get("search")
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
        if not path.exists() or path.read_text(encoding="utf-8") != data:
            path.write_text(data, encoding="utf-8")
        search.config.jieba_dict_user = str(path)


def _parts(form: str) -> list[str]:
    """`党政同责、一岗双责` → the whole form and each enumerated phrase."""
    import re

    parts = [p for p in re.split(r"[、，,；;]", form) if p]
    return [form, *parts] if len(parts) > 1 else [form]
