"""The site, built for real with MkDocs (`--strict`), checked in its HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from speechguide.build import build

from .sitebuild import ROOT, make_project, mkdocs_build, seed_options

SLUGS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def _page(site: Path, slug: str) -> str:
    return (site / "corpus" / "speeches" / slug / "index.html").read_text(encoding="utf-8")


class _Loads(HTMLParser):
    """Every URL the browser would load: scripts, styles, images, frames, media, CSS url()."""

    LOAD = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "video": "src",
        "audio": "src",
        "embed": "src",
        "object": "data",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.LOAD and a.get(self.LOAD[tag]):
            self.urls.append(a[self.LOAD[tag]])
        if (
            tag == "link"
            and a.get("href")
            and any(
                r in (a.get("rel") or "")
                for r in (
                    "stylesheet",
                    "preload",
                    "prefetch",
                    "icon",
                    "modulepreload",
                    "preconnect",
                    "dns-prefetch",
                )
            )
        ):
            self.urls.append(a["href"])
        if a.get("style"):
            self.urls += re.findall(r"url\(([^)]*)\)", a["style"])


def _external(url: str) -> bool:
    u = url.strip("'\" ")
    return bool(re.match(r"^(?:[a-z]+:)?//", u, re.I)) and not u.startswith(("data:", "blob:"))


def test_every_speech_page_has_its_anatomy(site: Path) -> None:
    for slug in SLUGS:
        html = _page(site, slug)
        for role in ("称谓", "开场", "提纲句", "一级标题", "结语"):
            assert f'data-role="{role}"' in html, (slug, role)
        for tab in ("批注版", "原文", "骨架"):
            assert f">{tab}</label>" in html, (slug, tab)
        assert 'class="sg-formula"' in html and "篇讲话使用" in html, slug
        assert 'class="sg-skeleton"' in html and f'id="skeleton-{slug}"' in html


def test_points_slots_and_edits_shown(site: Path) -> None:
    html = _page(site, "city-emergency-management-deployment-meeting")
    assert html.count('class="sg-slot') >= 8 and "【数字】" in html and "原文：****" in html
    assert html.count('class="sg-marker"') == 14  # 0/2/3/3/3/3/0 points, each marker shown
    mob = _page(site, "safety-rectification-mobilization")
    assert "##paidbegin##" in mob  # in the 原文 tab and the edit list, as text
    assert "标题后缀" in mob and "网站标记" in mob


def test_no_external_loads(site: Path) -> None:
    bad: list[tuple[str, str]] = []
    for f in site.rglob("*.html"):
        p = _Loads()
        p.feed(f.read_text(encoding="utf-8"))
        bad += [(str(f.relative_to(site)), u) for u in p.urls if _external(u)]
    for f in site.rglob("*.css"):
        for u in re.findall(r"url\(([^)]*)\)|@import\s+['\"]([^'\"]+)", f.read_text(encoding="utf-8")):
            u = "".join(u)
            if _external(u):
                bad.append((str(f.relative_to(site)), u))
    assert not bad, bad[:10]
    assert not any("fonts.googleapis" in f.read_text(encoding="utf-8") for f in site.rglob("*.html"))


def test_hostile_text_shows_as_text(site: Path) -> None:
    html = _page(site, "hostile-input")
    body = html[html.index("<article") : html.index("</article>")]
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body and "<iframe" not in body and "<style>" not in body
    assert 'href="javascript' not in body and 'href="http://example.com"' not in body
    assert "{{ config }}" in body and "--8&lt;--" in body and "**首次**" in body or "**" in body
    assert 'id="evil"' not in body
    # The plugin's fences and placeholders in the text stay text (see render.HTML_OPEN).
    assert "&lt;!--sg-html--&gt;" in body and "&lt;div data-sg-stash=&quot;0&quot;&gt;" in body
    normal = _page(site, SLUGS[0])
    assert html.count("<script") == normal.count("<script")


def test_generated_html_put_back_whole(site: Path) -> None:
    """Every fenced HTML run came back in place of its placeholder, and none is left over."""
    for f in site.rglob("*.html"):
        html = f.read_text(encoding="utf-8")
        assert "data-sg-stash" not in html.replace("data-sg-stash=&quot;", ""), f
        assert "<!--sg-html-->" not in html and "<!--/sg-html-->" not in html, f
    html = _page(site, SLUGS[0])
    assert html.count('class="sg-p"') > 5 and "sg-skeleton" in html and "sg-outline" in html


def test_bad_file_fails_strict_but_site_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"empty-file.txt": b"", "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00"})
    for quiet in (False, True):  # `-q` hides warnings from MkDocs' counter: strict still fails
        strict = mkdocs_build(project, strict=True, quiet=quiet)
        assert strict.returncode != 0, quiet
        assert "empty-file.txt" in strict.stderr and "picture.txt" in strict.stderr, quiet
    assert (
        "empty-file.txt" in strict.stderr
        and "picture.txt" in strict.stderr
        and "Traceback" not in strict.stderr
    )
    loose = mkdocs_build(project, strict=False)
    assert loose.returncode == 0, loose.stderr[-2000:]
    report = (project / "site" / "corpus" / "report" / "index.html").read_text(encoding="utf-8")
    assert "empty-file.txt" in report and "picture.txt" in report
    for slug in SLUGS:
        assert (project / "site" / "corpus" / "speeches" / slug / "index.html").exists()


def test_build_is_deterministic_and_owns_only_its_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    opts = seed_options(project)
    first = build(opts)
    again = build(opts)
    assert first.pages == again.pages and again.written == []
    hand = (project / "docs" / "index.md").read_bytes()
    (project / "seeds" / "county-safety-committee-q4-meeting.txt").unlink()
    third = build(opts)
    assert "corpus/speeches/county-safety-committee-q4-meeting.md" in third.removed
    assert not (project / "docs" / "corpus" / "speeches" / "county-safety-committee-q4-meeting.md").exists()
    assert (project / "docs" / "index.md").read_bytes() == hand


def test_nav_lists_speeches_by_meeting_type(site: Path) -> None:
    html = (site / "corpus" / "speeches" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary") : html.index("md-content")]
    for mtype in ("动员会", "培训班", "季度工作会", "推进会"):
        assert mtype in nav


def test_nav_lists_type_pages_for_a_large_corpus(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    r = build(seed_options(project))
    small = r.nav_sections(speeches_max=60)["corpus/speeches/index.md"]
    assert any(isinstance(v, list) for g in small for v in g.values())
    large = r.nav_sections(speeches_max=2)["corpus/speeches/index.md"]
    assert all(
        isinstance(v, str) and v.startswith("corpus/speeches/types/") for g in large for v in g.values()
    )
    assert (
        "corpus/speeches/types/quarterly.md" in r.pages
        and "2 篇讲话" in r.pages["corpus/speeches/types/quarterly.md"]
    )


def test_slim_page_keeps_text_and_verbatim_elements() -> None:
    from speechguide.publish import slim_page

    page = (
        '<div data-search-exclude>\n    <p class="x" data-search-exclude="">a  data-search-exclude</p>\n'
        "  <pre>x\n   y</pre>\n  <script>var a = 1;\n   b()</script>\n\n<span>z</span>\n"
    )
    assert slim_page(page) == (
        '<div>\n<p class="x">a  data-search-exclude</p>\n<pre>x\n   y</pre>\n'
        "<script>var a = 1;\n   b()</script>\n<span>z</span>\n"
    )


def test_dropped_in_speeches_are_classified_from_their_text(tmp_path: Path) -> None:
    """Speeches without a .yml: grouped by the meeting type read from their text, listed under a
    title built from the opening when they have none, inferred values marked with their evidence,
    and offered for confirmation in the build report; no template from speeches of unknown type."""
    meta_dir = Path(__file__).parent / "metatext"
    extra = {
        name: (meta_dir / name).read_bytes()
        for name in ("no-title-fire-county.txt", "glued-title-block-tech-province.txt")
    }
    extra["no-meeting-named.txt"] = "同志们：\n刚才几位同志讲得很好，我都同意。\n谢谢大家。\n".encode()
    project = make_project(tmp_path, extra)
    r = mkdocs_build(project, strict=True)
    assert r.returncode == 0, r.stderr[-3000:]
    # A clean build says nothing but that it built: no nav notices, no jieba chatter.
    noise = [
        ln
        for ln in r.stderr.splitlines()
        if ln.strip()
        and not re.match(
            r"INFO\s+-\s+(Cleaning site|Building documentation|Documentation built|speechguide：)", ln
        )
    ]
    assert noise == [], noise
    site = project / "site"
    index = (site / "corpus" / "speeches" / "index.html").read_text(encoding="utf-8")
    assert "在全县消防安全工作部署会上的讲话" in index and "（推断标题）" in index
    page = _page(site, "no-title-fire-county")
    nav = page[page.index("md-nav--primary") : page.index("md-content")]
    assert "在全县消防安全工作部署会上的讲话" in nav and "no-title-fire-county" not in nav and "部署会" in nav
    assert "<title>在全县消防安全工作部署会上的讲话" in page
    other = _page(site, "no-meeting-named")
    assert "no-meeting-named" not in other[other.index("md-nav--primary") : other.index("md-content")]
    assert "原文没有标题" in page and "sg-fact--inferred" in page
    assert re.search(r'class="sg-fact sg-fact--inferred" title="从原文推断：“全县”', page)
    assert "标“推断”的信息从哪里来" in page
    glued = _page(site, "glued-title-block-tech-province")
    assert "2022-05-30" in glued and "周海燕" in glued and "省级" in glued
    report = (site / "corpus" / "report" / "index.html").read_text(encoding="utf-8")
    assert (
        "推断的元数据" in report
        and "meeting_type: 部署会" in report
        and "存为 no-title-fire-county.yml" in report
    )
    templates = (site / "corpus" / "templates" / "index.html").read_text(encoding="utf-8")
    assert 'id="tpl-deployment"' in templates and 'id="tpl-other"' not in templates
    assert "看不出会议类型" in templates
    stats = (site / "corpus" / "stats" / "index.html").read_text(encoding="utf-8")
    assert "按层级" in stats and "按主题" in stats


def test_home_page_names_the_meeting_types_the_corpus_has(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    intro = home[home.index("这里收集了真实的讲话稿") :][:300]
    assert "季度工作会 2 篇" in intro and "推进会 1 篇" in intro
    assert "部署会" not in intro  # no seed is one
    assert "speechguide:corpus" not in home
