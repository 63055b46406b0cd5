"""Search driven in headless Chromium: Material's search box, our worker and index, on a site
built from the seeds plus planted speeches (tests/searchtext): a phrase in one speech, a decoy
with the same words apart, a speech in traditional script, and hostile text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from .sitebuild import CHROMIUM, HOSTILE, chromium_browser, make_project, mkdocs_build, served

pytestmark = pytest.mark.browser

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (bash scripts/test.sh installs it)", allow_module_level=True)

SEARCHTEXT = Path(__file__).parent / "searchtext"
PHRASE = "要把隐患消除在萌芽状态"
FLOOD = "flood-deployment-county-2024"
FIRE = "fire-promotion-city-2023"
TRAD = "traditional-safety-county-2022"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    extra = {p.name: p.read_bytes() for p in SEARCHTEXT.iterdir()}
    extra["hostile-input.txt"] = HOSTILE.encode()
    project = make_project(tmp_path_factory.mktemp("search-site"), extra)
    r = mkdocs_build(project, strict=True)
    assert r.returncode == 0, r.stderr[-3000:]
    with served(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


def _page(browser, base: str, width: int = 1280, height: int = 900):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.requests, pg.dialogs, pg.errors = [], [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return ctx, pg


@pytest.fixture
def page(browser, base: str):
    ctx, pg = _page(browser, base)
    yield pg
    ctx.close()


def search(pg, base: str, query: str, open_box=None) -> dict:
    """Type `query` into Material's search box; the worker's status for it once results show."""
    if not pg.url.startswith(base):
        pg.goto(base)
    pg.wait_for_function("() => !!window.__sgSearchWorker")
    pg.evaluate(
        """() => { if (window.__sgStatus) return; window.__sgStatus = {};
        window.__sgSearchWorker.addEventListener('message', e => {
          if (e.data && e.data.type === 'sg-status') window.__sgStatus[e.data.query] = e.data; }); }"""
    )
    (open_box or (lambda: pg.locator("input.md-search__input").click()))()
    box = pg.locator("input.md-search__input")
    box.fill("")
    pg.keyboard.type(query)
    pg.keyboard.press("End")  # Material runs the query on keyup (typed Chinese comes without one)
    pg.wait_for_function("(q) => window.__sgStatus && window.__sgStatus[q]", arg=query.strip(), timeout=20000)
    return pg.evaluate("(q) => window.__sgStatus[q]", query.strip())


def result_urls(pg) -> list[str]:
    """The page link of each result group, in order."""
    return pg.evaluate(
        "() => Array.from(document.querySelectorAll('.md-search-result__item > a:first-child')).map(a => a.href)"
    )


def speech_slugs(pg) -> list[str]:
    return [u.split("/speeches/")[1].split("/")[0] for u in result_urls(pg) if "/speeches/" in u]


def test_exact_phrase_found_only_where_it_is_contiguous(page, base: str) -> None:
    status = search(page, base, PHRASE)
    assert status["pages"] == 1 and status["hits"] == 1 and not status["more"], (status, result_urls(page))
    assert speech_slugs(page) == [FLOOD]  # not the decoy, which has every word of it apart
    mark = page.locator(".md-search-result__item mark").first.inner_text()
    assert mark == PHRASE
    meta = page.inner_text(".md-search-result__meta")
    assert "1 篇" in meta and "1 处" in meta
    # The hit names the part of the speech it sits in.
    assert "扎实做好汛前各项准备" in page.locator(".md-search-result__item").first.inner_text()


def test_and_punctuation_and_traditional_script(page, base: str) -> None:
    search(page, base, "萌芽状态 汛期")
    assert speech_slugs(page) == [FLOOD]
    search(page, base, "党政同责 消防站")
    assert speech_slugs(page) == [FIRE]
    # Punctuation and spaces inside a phrase do not matter; traditional matches simplified.
    search(page, base, "党政同责，一岗双责")
    with_punct = set(speech_slugs(page))
    assert TRAD in with_punct and FIRE in with_punct
    search(page, base, "黨政同責")
    assert set(speech_slugs(page)) >= {TRAD, FIRE}
    # Digits too, full width or half width.
    search(page, base, "２０２４年防汛")
    assert speech_slugs(page) == [FLOOD]
    # Formula-library and pattern-page hits come first.
    search(page, base, "一岗双责")
    assert "/formulas/" in result_urls(page)[0]


def test_filters_by_meeting_type_and_year(page, base: str) -> None:
    everything = search(page, base, "党政同责")
    assert everything["pages"] >= 4
    page.select_option(".sg-search-filters select[name=meetingType]", "推进会")
    page.wait_for_function(
        "() => Object.values(window.__sgStatus).some(s => s.filters.meetingType === '推进会')"
    )
    slugs = speech_slugs(page)
    assert FIRE in slugs and TRAD not in slugs and FLOOD not in slugs
    assert not any("/formulas/" in u for u in result_urls(page))  # filters select speeches
    page.select_option(".sg-search-filters select[name=meetingType]", "")
    page.select_option(".sg-search-filters select[name=year]", "2022")
    page.wait_for_function(
        "() => Object.values(window.__sgStatus).some(s => s.filters.year === '2022' && !s.filters.meetingType)"
    )
    page.wait_for_timeout(300)
    assert TRAD in speech_slugs(page) and FIRE not in speech_slugs(page)


def test_hit_opens_the_paragraph_with_the_phrase_marked(page, base: str) -> None:
    search(page, base, "消除在萌芽状态")
    link = page.locator(".md-search-result__item a[href*='#p']").first
    href = link.get_attribute("href")
    assert f"/speeches/{FLOOD}/" in href and "sg=" in href
    link.click()
    page.wait_for_url(f"**/speeches/{FLOOD}/**")
    page.wait_for_selector(".sg-hit-block mark.sg-hit")
    marks = page.locator(".sg-hit-block mark.sg-hit")
    assert "".join(marks.nth(i).inner_text() for i in range(marks.count())) == "消除在萌芽状态"
    target = page.locator(".sg-hit-block")
    assert target.count() == 1
    assert target.get_attribute("id") == unquote(href.split("#")[1])
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 900, box  # scrolled into view
    assert PHRASE in target.inner_text()


def test_traditional_text_marked_from_a_simplified_query(page, base: str) -> None:
    search(page, base, "压紧压实安全责任")
    page.locator(".md-search-result__item a[href*='#']").nth(1).click()
    page.wait_for_url(f"**/speeches/{TRAD}/**")
    page.wait_for_selector(".sg-hit-block mark.sg-hit")
    assert page.locator(".sg-hit-block mark.sg-hit").first.inner_text() == "壓緊壓實安全責任"


def test_more_results_on_scroll(page, base: str) -> None:
    first = search(page, base, "同志们")
    assert first["more"] and first["pages"] == 10
    assert page.locator(".md-search-result__item").count() == 10
    assert "向下滚动看更多" in page.inner_text(".md-search-result__meta")
    wrap = page.locator(".md-search__scrollwrap")
    for _ in range(20):
        wrap.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(200)
        if page.locator(".md-search-result__item").count() > 10:
            break
    assert page.locator(".md-search-result__item").count() > 10
    # The added groups are Material's markup: a link per hit, the phrase marked.
    last = page.locator(".md-search-result__item").last
    assert last.locator("a.md-search-result__link").count() >= 1 and last.locator("mark").count() >= 1


def test_mobile_search_and_hostile_queries(browser, base: str) -> None:
    ctx, pg = _page(browser, base, 390, 844)
    try:
        pg.goto(base)
        status = search(
            pg, base, PHRASE, open_box=lambda: pg.locator("label.md-header__button[for=__search]").click()
        )
        assert status["pages"] == 1
        item = pg.locator(".md-search-result__item").first
        pg.wait_for_timeout(400)  # the search panel slides in
        box = item.bounding_box() or {}
        assert item.is_visible() and box["x"] + box["width"] <= 391, box
        assert pg.evaluate("() => document.documentElement.scrollWidth") <= 391
        for q in ("<img src=x onerror=alert(1)>", "首次 会议", "{{ config }}"):
            search(pg, base, q)
        assert pg.dialogs == [] and pg.errors == []
        assert all(u.startswith(base) for u in pg.requests), [
            u for u in pg.requests if not u.startswith(base)
        ]
        # Hostile speech text shows as text inside the result, never as markup.
        assert pg.locator(".md-search-result img, .md-search-result script").count() == 0
    finally:
        ctx.close()


def test_keyboard_shortcut_opens_search(page, base: str) -> None:
    page.goto(base + "corpus/templates/")
    page.wait_for_function("() => !!window.__sgSearchWorker")
    page.keyboard.press("/")
    assert page.evaluate(
        "() => document.activeElement && document.activeElement.matches('input.md-search__input')"
    )
    status = search(page, base + "corpus/templates/", PHRASE, open_box=lambda: None)
    assert status["pages"] == 1
    page.keyboard.press("ArrowDown")  # Material's own result navigation reaches our results
    assert page.evaluate("() => document.activeElement.classList.contains('md-search-result__link')")


def test_one_character_terms_are_explained(page, base: str) -> None:
    status = search(page, base, "责")
    assert status["pages"] == 0 and status["short"] == ["责"]
    assert "至少两个字" in page.inner_text(".md-search-result__meta")
