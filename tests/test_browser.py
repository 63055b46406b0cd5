"""The built site driven in headless Chromium (Debian's package, via Playwright's
`executable_path`; Playwright's own browser download is not used)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .sitebuild import CHROMIUM, chromium_browser, served

pytestmark = pytest.mark.browser

SLUGS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (bash scripts/test.sh installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def base(built_site: Path) -> Iterator[str]:
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


@pytest.fixture
def page(browser, base: str):
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    pg = ctx.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.console = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.console.append(f"{m.type}: {m.text}"))
    pg.on("pageerror", lambda e: pg.console.append(f"pageerror: {e}"))
    pg.on("requestfailed", lambda r: pg.console.append(f"failed: {r.url} {r.failure}"))
    yield pg
    ctx.close()


def test_search_finds_formula_in_every_speech(page, base: str) -> None:
    page.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    # The index loads in a web worker; a query typed before it is ready is not run again,
    # so type it again until results come (bounded).
    found = False
    for _attempt in range(10):
        box.fill("")
        page.keyboard.type("党政同责", delay=30)
        # Chinese arrives as text input without key events (as from an IME); Material runs the
        # query on keyup, which a real IME's confirming key gives: press one.
        page.keyboard.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=5000)
            found = True
            break
        except Exception:
            continue
    if not found:
        meta = page.evaluate("() => (document.querySelector('.md-search-result__meta') || {}).innerText")
        pytest.fail(
            f"no search results after 10 tries: meta={meta!r} console={page.console} requests={page.requests}"
        )
    # Material renders results in batches as the list scrolls: scroll until no more appear.
    count, still = -1, 0
    for _ in range(40):
        n = page.locator(".md-search-result__item").count()
        still = still + 1 if n == count else 0
        if still >= 2:  # no new batch after two scrolls
            break
        count = n
        page.locator(".md-search-result__item").last.scroll_into_view_if_needed()
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(400)
    hrefs = page.evaluate(
        "() => Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)"
    )
    # Material renders the first ten results and more on scroll; with other speeches in the
    # corpus ranked around them, most of the seeds (all contain the formula) are among them.
    found_seeds = [slug for slug in SLUGS if any(f"/speeches/{slug}/" in h for h in hrefs)]
    assert len(found_seeds) >= 3, (found_seeds, hrefs)
    assert any("/formulas/" in h for h in hrefs)


def test_formula_tooltip(page, base: str) -> None:
    page.goto(base + "corpus/speeches/safety-rectification-mobilization/")
    f = page.locator("a.sg-formula", has_text="党政同责").first
    f.hover()
    tip = page.locator(".md-tooltip2--active")
    tip.wait_for(timeout=5000)
    assert "篇讲话使用" in tip.inner_text() and "责任体系" in tip.inner_text()
    size = tip.evaluate(
        "t => Math.min(...[t, ...t.querySelectorAll('*')].filter(e => e.textContent.trim())"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert size >= MIN_TEXT_PX, size  # Material's default is 10 px
    href = f.get_attribute("href")
    assert href and href.endswith("#f-dangzheng-tongze")
    f.click()
    page.wait_for_url("**/formulas/**")
    assert page.locator("#f-dangzheng-tongze").is_visible()


def test_inferred_metadata_shows_its_evidence(page, base: str) -> None:
    """A value read from the text (not from a .yml) is marked 推断; hovering shows where it came
    from, and the evidence table opens with a tap (no hover on a phone)."""
    page.goto(base + "corpus/speeches/dropped-in/")
    chip = page.locator(".sg-fact--inferred", has_text="讲话人").first
    assert "推断" in chip.inner_text() and "赵文博" in chip.inner_text()
    chip.hover()
    tip = page.locator(".md-tooltip2--active")
    tip.wait_for(timeout=5000)
    assert "从原文推断" in tip.inner_text() and "赵文博" in tip.inner_text()
    page.locator(".sg-meta-evidence summary").click()
    table = page.locator(".sg-meta-evidence table")
    table.wait_for(state="visible", timeout=5000)
    assert "全市基层党建工作座谈会" in table.inner_text()
    # a seed's .yml values are not marked
    page.goto(base + "corpus/speeches/2022-county-safety-q1-meeting/")
    assert page.locator(".sg-fact", has_text="会议类型").first.get_attribute("title") is None


def test_skeleton_copy_button(page, base: str) -> None:
    page.goto(base + "corpus/speeches/county-safety-committee-q4-meeting/")
    page.locator(".tabbed-labels > label", has_text="骨架").click()
    block = page.locator(".sg-skeleton pre")
    block.hover()
    page.locator(".sg-skeleton button[data-clipboard-target]").click()
    clip = page.evaluate("navigator.clipboard.readText()")
    expected = page.locator(".sg-skeleton code").inner_text()
    assert clip.strip() == expected.strip()
    assert clip.startswith("同志们：") and "【N】点意见" in clip and "【姓名职务】" not in clip.split("\n")[0]
    # Wrapped, never scrolling sideways.
    assert page.evaluate(
        "() => { const p = document.querySelector('.sg-skeleton pre code'); return p.scrollWidth <= p.clientWidth + 1; }"
    )


def test_every_request_stays_on_the_site(page, base: str) -> None:
    for path in [
        "",
        "corpus/speeches/",
        f"corpus/speeches/{SLUGS[0]}/",
        "corpus/formulas/",
        "tags/",
        "corpus/report/",
    ]:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert page.requests
    outside = [u for u in page.requests if not u.startswith(base) and not u.startswith(("data:", "blob:"))]
    assert outside == []


@pytest.mark.parametrize("slug", ["hostile-input", "markup-everywhere"])
def test_hostile_page_runs_nothing(page, base: str, slug: str) -> None:
    page.goto(base + f"corpus/speeches/{SLUGS[0]}/")
    normal_scripts = page.evaluate("() => document.scripts.length")
    page.goto(base + f"corpus/speeches/{slug}/")
    page.wait_for_load_state("networkidle")
    for tab in ("原文", "骨架", "批注版"):
        page.locator(".tabbed-labels > label", has_text=tab).click()
    page.locator(".sg-p").first.hover()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("() => document.scripts.length") == normal_scripts
    assert page.evaluate("() => Array.from(document.scripts).every(s => !s.textContent.includes('alert(1)'))")
    assert (
        page.evaluate("() => document.querySelectorAll('article img, article iframe, article style').length")
        == 0
    )
    assert "<script>alert(1)</script>" in page.locator("article").inner_text()
    raw = page.locator("pre[data-sg-raw]")
    page.wait_for_function("() => document.querySelector('pre[data-sg-raw]').dataset.sgState === 'loaded'")
    assert "<script>alert(1)</script>" in raw.inner_text()  # the raw text, as text
    outside = [u for u in page.requests if not u.startswith(base) and not u.startswith(("data:", "blob:"))]
    assert outside == []


def test_raw_tab_loads_the_exact_text_when_opened(page, base: str, built_site: Path) -> None:
    """The 原文 tab's text is a file loaded the first time the tab is shown: not before (the
    page stays light), exactly the file's text after."""
    slug = SLUGS[0]
    page.goto(base + f"corpus/speeches/{slug}/")
    page.wait_for_load_state("networkidle")
    raw_url = f"corpus/raw/{slug}.txt"
    assert not any(u.endswith(raw_url) for u in page.requests)
    page.locator(".tabbed-labels > label", has_text="原文").click()
    page.wait_for_function("() => document.querySelector('pre[data-sg-raw]').dataset.sgState === 'loaded'")
    assert any(u.endswith(raw_url) for u in page.requests)
    shown = page.evaluate("() => document.querySelector('pre[data-sg-raw]').textContent")
    expected = (built_site / raw_url).read_bytes().decode("utf-8-sig")
    assert shown == expected and len(shown) > 1000
    assert page.locator(".sg-edits").is_visible()  # the cleaning edits under it


def test_navigation_by_meeting_type(page, base: str) -> None:
    page.goto(base + "corpus/speeches/")
    nav = page.locator("nav.md-nav--primary")
    nav.get_by_text("推进会", exact=True).click()
    nav.get_by_role("link", name="在应急管理系统安全生产专题部署推进会上的讲话").click()
    page.wait_for_url("**/city-emergency-management-deployment-meeting/")
    assert page.locator("h1").inner_text().startswith("在应急管理系统")
    assert page.locator(".md-nav--secondary").get_by_text("第一，要提高思想认识").count() >= 1


def test_template_download_opens_in_python_docx(browser, base: str, tmp_path) -> None:
    from docx import Document

    ctx = browser.new_context(accept_downloads=True)
    pg = ctx.new_page()
    pg.goto(base + "corpus/templates/")
    with pg.expect_download() as info:
        pg.locator("a[download]", has_text="下载 Word 模板").first.click()
    dl = info.value
    assert dl.suggested_filename.endswith("讲话模板.docx")
    path = tmp_path / "t.docx"
    dl.save_as(path)
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "在【会议名称】上的讲话" and texts[1] == "同志们："
    ctx.close()


def test_pattern_and_stats_pages_render(page, base: str) -> None:
    page.goto(base + "corpus/patterns/roadmap/")
    assert page.locator("h1").inner_text() == "提纲句"
    assert page.locator(".sg-table-wrap tbody tr").count() >= 5
    page.goto(base + "corpus/stats/")
    boxes = page.evaluate(
        "() => Array.from(document.querySelectorAll('.sg-bars')).map(s => s.getBoundingClientRect().width)"
    )
    assert len(boxes) >= 8 and min(boxes) > 300  # charts are drawn at a readable size


# Text smaller than this is hard to read on a phone (the site's floor).
MIN_TEXT_PX = 12
SMALLEST_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (el.closest('.md-sidebar, .md-search, .md-header__topic, [hidden], .md-skip')) continue;
    out.push([parseFloat(cs.fontSize), el.className || el.tagName, node.textContent.trim().slice(0, 12)]);
  }
  return out.sort((a, b) => a[0] - b[0]).slice(0, 3);
}"""


@pytest.mark.parametrize("width", [390, 1366])
def test_text_readable_and_values_visible_on_phone_and_desktop(browser, base: str, width: int) -> None:
    """No text below 12 px on the pages a writer reads; stats values are text, not hover titles;
    出处 links say which speech and which part (a phone has no hover)."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    for path in ("corpus/stats/", "corpus/formulas/", "corpus/speeches/2022-county-safety-q1-meeting/"):
        pg.goto(base + path)
        smallest = pg.evaluate(SMALLEST_TEXT)
        assert smallest[0][0] >= MIN_TEXT_PX, (path, smallest)
    pg.goto(base + "corpus/stats/")
    value = pg.locator(".sg-bar-value").first
    assert value.is_visible() and value.inner_text().strip()[0].isdigit()
    label = pg.locator(".sg-bar-label").first
    assert float(label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= MIN_TEXT_PX
    pg.goto(base + "corpus/formulas/")
    place = pg.locator("a.sg-place").first
    text = place.inner_text()
    assert " · " in text and not text.strip().isdigit(), text
    place.click()
    pg.wait_for_url("**/speeches/**")
    target = pg.evaluate("() => location.hash.slice(1)")
    bg = pg.evaluate(f"() => getComputedStyle(document.getElementById('{target}')).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), bg  # the arrived-at paragraph is marked
    ctx.close()


def test_template_assembler_copies_the_assembled_skeleton(browser, base: str) -> None:
    """Pick a meeting type, a number of parts and the moves; the copied text is the skeleton as
    plain paragraphs (no ASCII indentation) with that many parts."""
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    pg = ctx.new_page()
    pg.goto(base + "corpus/templates/")
    pg.select_option("#sg-asm-type", label="工作会议")
    pg.select_option("#sg-asm-parts", "4")
    box = pg.locator("#sg-asm-moves input[value=call]")
    if box.count() and box.is_checked():
        box.uncheck()
    pg.locator("#sg-asm-copy").click()
    pg.wait_for_function("() => document.getElementById('sg-asm-status').textContent.includes('已复制')")
    copied = pg.evaluate("() => navigator.clipboard.readText()")
    assert (
        copied == pg.locator("#sg-asm-out").inner_text()
        or copied.strip() == pg.locator("#sg-asm-out").inner_text().strip()
    )
    lines = copied.split("\n")
    assert lines[0] == "在【会议名称】上的讲话" and "下面，" in copied and "四点" in copied
    assert [ln[:2] for ln in lines if re.match(r"^[一二三四五六七八九十]、", ln)] == [
        "一、",
        "二、",
        "三、",
        "四、",
    ]
    assert not any(ln.startswith(" ") for ln in lines)
    assert "让我们" not in copied  # the call was left out
    with pg.expect_download() as dl:
        pg.locator("#sg-asm-word").click()
    assert dl.value.suggested_filename == "工作会议讲话骨架.doc"
    ctx.close()
