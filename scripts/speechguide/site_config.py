"""The speechguide options from mkdocs.yml, read without MkDocs (for `speechguide build`).

The plugin block in mkdocs.yml is the one place for site options; this reads the same keys
with the same defaults as `mkdocs_plugin.SpeechguideConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULTS = {
    "seeds": "seeds",
    "lexicon": "seeds/formulas.yml",
    "output": "corpus",
    "max_bytes": 2_000_000,
}


class _Loader(yaml.SafeLoader):
    """Safe YAML that tolerates MkDocs' `!!python/name:` and `!ENV` tags (values become None)."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    root: Path
    docs_dir: Path
    seeds_dir: Path
    lexicon_path: Path
    output: str
    max_bytes: int
    use_directory_urls: bool


def read_site_config(path: Path) -> SiteConfig:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    opts = dict(DEFAULTS)
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "speechguide" in entry:
            opts.update(entry["speechguide"] or {})
    root = path.resolve().parent
    return SiteConfig(
        root=root,
        docs_dir=root / data.get("docs_dir", "docs"),
        seeds_dir=root / opts["seeds"],
        lexicon_path=root / opts["lexicon"],
        output=opts["output"],
        max_bytes=int(opts["max_bytes"]),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
    )
