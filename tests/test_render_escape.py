"""Escaping speech text for the few places that must be Markdown (headings, table cells): the
rendered text is the original text, character for character, and never markup."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from speechguide.render import h, inline_html, md_escape

from .conftest import ROOT

EXTENSIONS = [
    "toc",
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.details",
    "pymdownx.blocks.tab",
]
PIECES = list("安全*_#`[]()<>&{}|!.-+:=~^\\/\"' 　") + [
    "{{",
    "}}",
    "<script>",
    "**",
    "{: #x }",
    "&amp;",
    "1. ",
    "> ",
]
NASTY = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)


def _heading_text(s: str) -> str:
    out = markdown.markdown(f"## {md_escape(s)}", extensions=EXTENSIONS)
    m = re.fullmatch(r'<h2 id="[^"]*">(.*)</h2>', out, re.S)
    assert m, out
    assert "<" not in m.group(1).replace("&lt;", ""), out  # no element made from the text
    return html.unescape(m.group(1))


def test_extensions_match_mkdocs_yml() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for ext in EXTENSIONS:
        assert f"- {ext}" in text, ext


@settings(max_examples=300, deadline=None)
@given(NASTY)
def test_heading_roundtrip(s: str) -> None:
    s = s.strip().strip("#").strip()
    if not s:
        return
    assert _heading_text(s) == s


def test_known_traps() -> None:
    for s in [
        "一、<b>提高</b>认识 {: #x .y }",
        "**首次** 3*4 a*b*c",
        "## 标题",
        "[x](javascript:alert(1))",
        "1. 列表",
        "x | y",
    ]:
        assert _heading_text(s) == s


def test_inline_html_escapes_everything() -> None:
    text = "<script>alert(1)</script>&{{ config }}"
    assert inline_html(text, 0, len(text), []) == h(text)
