"""The bad-input suite: every kind in tests/bad_inputs/ gives a tree or one clear error naming
the file; built together with the seeds, every other page still builds, `--strict` fails
naming each unreadable file, and every readable file's text appears on its page, all of it."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from speechguide.analyze import analyze_file
from speechguide.clean import clean, restore
from speechguide.ingest import IngestError, read_source
from speechguide.render import visible

from .sitebuild import make_project, mkdocs_build

HERE = Path(__file__).parent / "bad_inputs"
EXPECTED: dict[str, dict] = yaml.safe_load((HERE / "expected.yml").read_text(encoding="utf-8"))
BIG = 5 * 1024 * 1024


def _path(name: str, tmp: Path) -> Path:
    if name == "five-mb.txt":
        p = tmp / name
        line = "同志们：下面，我讲三点意见。一、提高认识。要高度重视安全生产工作。\n".encode()
        p.write_bytes(line * (BIG // len(line) + 1))
        return p
    return HERE / name


def test_at_least_twenty_kinds() -> None:
    assert len(EXPECTED) >= 20
    on_disk = {p.name for p in HERE.iterdir() if p.suffix in (".txt", ".docx")}
    assert on_disk | {"five-mb.txt"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outcome(name: str, tmp_path: Path) -> None:
    exp = EXPECTED[name]
    path = _path(name, tmp_path)
    if "error" in exp:
        with pytest.raises(IngestError) as ei:
            analyze_file(path)
        msg = str(ei.value)
        assert ei.value.code == exp["error"] and name in msg and "\n" not in msg
        return
    a = analyze_file(path)
    sp = a.speech
    assert len(sp.sections) == exp["sections"]
    assert restore(a.cleaned.text, a.cleaned.edits) == read_source(path).raw  # nothing lost
    assert "".join(sp.text[lf.start : lf.end] for lf in sp.leaves) == sp.text
    codes = {d.code for d in sp.diagnostics}
    assert set(exp.get("diagnostics", [])) <= codes, codes
    if "encoding" in exp:
        assert a.source.encoding == exp["encoding"]
    if "contains" in exp:
        assert exp["contains"] in a.cleaned.raw
    if "edit" in exp:
        assert any(exp["edit"] in e.kind for e in a.cleaned.edits)
    if "announced" in exp:
        assert sp.roadmap is not None and sp.roadmap.count == exp["announced"]
    if "title" in exp:
        assert sp.slice(sp.title) == exp["title"]


def test_site_with_every_bad_input(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    for name in EXPECTED:
        shutil.copy(_path(name, tmp_path), project / "seeds" / name)
    strict = mkdocs_build(project, strict=True)
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    errors = [n for n, e in EXPECTED.items() if "error" in e]
    for name in errors:
        assert name in strict.stderr, name
    assert "slug-collision" in strict.stderr  # the two colliding names are reported too

    loose = mkdocs_build(project, strict=False)
    assert loose.returncode == 0, loose.stderr[-2000:]
    site = project / "site"
    report = (site / "corpus" / "report" / "index.html").read_text(encoding="utf-8")
    for name in errors:
        assert html.escape(name) in report
    pages = {
        p.parent.name: p.read_text(encoding="utf-8")
        for p in (site / "corpus" / "speeches").glob("*/index.html")
    }
    assert {"slug-collision", "slug-collision-2"} <= set(pages)
    for name, exp in EXPECTED.items():
        if "error" in exp:
            continue
        raw = read_source(_path(name, tmp_path)).raw
        # The 原文 tab loads the raw text from its file, exactly (BOM aside) …
        files = {p.stem: p.read_bytes() for p in (site / "corpus" / "raw").glob("*.txt")}
        assert any(data == b"\xef\xbb\xbf" + raw.encode("utf-8") for data in files.values()), name
        # … and the page itself holds every character: the cleaned text and each edit in full.
        cleaned = clean(raw)
        page = next(
            (pg for slug, pg in pages.items() if files.get(slug, b"")[3:] == raw.encode("utf-8")), None
        )
        assert page is not None, name
        for e in cleaned.edits:
            assert html.escape(visible(e.before), quote=True) in page, (name, e)
    for page in pages.values():
        body = page[page.index("<article") : page.index("</article>")]
        assert not re.search(r"<(?:script|img|iframe|style|object|embed)\b", body), (
            "markup from a speech became an element"
        )
