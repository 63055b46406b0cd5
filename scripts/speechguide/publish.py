"""What the MkDocs plugin does to pages and the search index, kept apart from the event wiring:

- the generated pages' fenced raw HTML is lifted out before Markdown and put back after
  (`lift_html`, `put_back_html`; see `render.HTML_OPEN`);
- the finished page loses its indentation and search markers (`slim_page`);
- `docs/` is watched except the generated folder (`watch_all_but`).
"""

from __future__ import annotations

import re
from pathlib import Path

from .render import HTML_CLOSE, HTML_OPEN

FENCED_RE = re.compile(re.escape(HTML_OPEN) + r"\n(.*?)\n" + re.escape(HTML_CLOSE), re.DOTALL)
STASH_RE = re.compile(r'<div data-sg-stash="(\d+)"></div>')


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
