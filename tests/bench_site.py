"""Benchmark at corpus scale (run by hand, not by pytest):

    .venv/bin/python tests/bench_site.py [--sizes 10,100,1000] [--repeat 3] [--no-browser]

Makes synthetic corpora of N speeches (~5,000 characters each) by recombining and lightly varying
the seed speeches' paragraphs and headings (deterministic from --seed), then measures in one run
and prints a table: analysis (ingest+clean+parse) characters/second; mining time; render time;
full `mkdocs build` time; a plain `mkdocs build` of the same speeches as unannotated Markdown in
the same theme (the floor) and the ratio; search_index.json size vs corpus bytes; median
speech-page HTML size vs its text; peak memory; first search results in Chromium; the
incremental `mkdocs serve` rebuild after editing one speech (largest N ≤ 100).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sitebuild import make_project  # noqa: E402
from speechguide.analyze import analyze_source  # noqa: E402
from speechguide.build import BuildOptions, build  # noqa: E402
from speechguide.clean import clean  # noqa: E402
from speechguide.ingest import discover, read_source  # noqa: E402
from speechguide.lexicon import Matcher, load_lexicon  # noqa: E402
from speechguide.mine import mine  # noqa: E402
from speechguide.structure import parse  # noqa: E402

CN = "一二三四五六七八九十"
TYPES = ["部署会", "动员会", "季度工作会", "培训班", "推进会"]
PLACES = ["全县", "全市", "全区", "全镇", "全省"]
PLANTED = "务必把防汛隐患消除在萌芽状态之中"
DECOY = "务必把防汛工作抓细，把防汛隐患消除在基层，把风险化解在萌芽状态之中。"


def _material() -> tuple[list[str], list[str], list[str], list[str]]:
    """Headings, body paragraphs, openings and closings from the seeds (cleaned, parsed)."""
    heads, bodies, openings, closings = [], [], [], []
    for p in discover(ROOT / "seeds"):
        text = clean(read_source(p).raw).text
        sp = parse(text)
        for s in sp.sections:
            if not s.inline:
                heads.append(text[s.marker_end : s.heading_end])
        for par in sp.paragraphs:
            t = text[par.start : par.end]
            if par.role.value in ("正文", "要点") and len(t) > 40:
                bodies.append(t)
            elif par.role.value == "开场" and len(t) > 40:
                openings.append(re.sub(r"[^。]*意见[。：:]$", "", t))
            elif par.role.value == "结语":
                closings.append(t)
    return heads, bodies, openings, closings


def make_corpus(folder: Path, n: int, seed: int) -> int:
    """N speeches of about 5,000 characters; returns the total number of characters."""
    rng = random.Random(seed)
    heads, bodies, openings, closings = _material()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "seeds" / "formulas.yml", folder / "formulas.yml")
    total = 0
    for k in range(n):
        sections = rng.randint(3, 6)
        place = rng.choice(PLACES)
        parts = [
            f"在{place}安全生产工作会议上的讲话（{k}）",
            "",
            "同志们：",
            rng.choice(openings) + f"下面，我讲{CN[sections - 1]}点意见。",
        ]
        size = 0
        for s in range(sections):
            parts.append(f"{CN[s]}、{rng.choice(heads)}")
            for _ in range(rng.randint(2, 4)):
                parts.append(rng.choice(bodies).replace("全县", place))
        parts.append(rng.choice(closings))
        text = "\n".join(parts) + "\n"
        while len(text) < 4500:  # top up to ~5,000 characters inside the last section
            parts.insert(-1, rng.choice(bodies))
            text = "\n".join(parts) + "\n"
        if k == n // 2:  # the planted sentence, in this speech only
            text = text.replace("同志们：\n", f"同志们：\n{PLANTED}。\n", 1)
        elif k == n // 3:  # the decoy: every word of it, apart
            text = text.replace("同志们：\n", f"同志们：\n{DECOY}\n", 1)
        size = len(text)
        total += size
        name = f"speech-{k:04d}"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.yml").write_text(
            f"meeting_type: {rng.choice(TYPES)}\nlevel: 县级\nyear: {2018 + k % 6}\n", encoding="utf-8"
        )
    return total


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def mkdocs_build(project: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KB) of one `mkdocs build` in a child process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-c", MEASURE_CHILD, str(project / "mkdocs.yml"), str(project / "site")]
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    return took, int(r.stdout.strip().splitlines()[-1])


MEASURE_CHILD = """
import resource, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def plain_project(dest: Path, seeds: Path) -> Path:
    """The same speeches as plain Markdown pages (one escaped paragraph per line), same theme and
    search, no speechguide plugin: the floor for the build time."""
    make_project(dest, keep_seeds=False)
    import yaml

    cfg = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg.pop("nav", None)
    cfg["plugins"] = [p for p in cfg["plugins"] if not (isinstance(p, dict) and "speechguide" in p)]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    out = dest / "docs" / "plain"
    out.mkdir(parents=True)
    import html

    for p in discover(seeds):
        raw = read_source(p).raw
        paras = "\n\n".join(f"<p>{html.escape(line)}</p>" for line in raw.splitlines() if line.strip())
        (out / f"{p.stem}.md").write_text(f"# {p.stem}\n\n{paras}\n", encoding="utf-8")
    return dest


def search_in_browser(site: Path, planted_slug: str, decoy_slug: str) -> dict | None:
    """In a fresh Chromium profile against a static server: seconds from typing to the first
    result and bytes fetched from page load to it (page included); warm queries; whether the
    planted sentence is found in its speech only (not in the decoy with the same words apart)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium")
    if not chromium:
        return None
    import functools
    import http.server
    import threading

    sent = [0]  # response body bytes, counted by the server (the browser's own counts miss some)

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def send_header(self, keyword, value):
            if keyword.lower() == "content-length":
                sent[0] += int(value)
            super().send_header(keyword, value)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    hook = """() => { window.__sgStatus = {}; window.__sgSearchWorker.addEventListener('message', e => {
        if (e.data && e.data.type === 'sg-status') window.__sgStatus[e.data.query] = e.data; }); }"""
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(
                executable_path=chromium,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            ctx = b.new_context()  # a fresh profile: nothing cached
            pg = ctx.new_page()
            sent[0] = 0
            pg.goto(base)
            pg.wait_for_function("() => !!window.__sgSearchWorker")
            pg.evaluate(hook)

            def query(q: str) -> tuple[float, dict]:
                box = pg.locator("input.md-search__input")
                box.click()
                box.fill("")
                t = time.perf_counter()
                pg.keyboard.type(q)
                pg.keyboard.press("End")
                pg.wait_for_function("(q) => window.__sgStatus[q]", arg=q, timeout=120000)
                pg.wait_for_selector(".md-search-result__item", timeout=120000)
                return time.perf_counter() - t, pg.evaluate("(q) => window.__sgStatus[q]", q)

            pg.locator("input.md-search__input").click()
            pg.wait_for_function(
                "() => (document.querySelector('.md-search-result__meta')||{}).innerText?.includes('键入')",
                timeout=120000,
            )
            first, _ = query("党政同责")
            first_bytes = sent[0]
            warm = [query(q)[0] for q in ("安全生产", "隐患排查治理", "一岗双责")]
            _, status = query(PLANTED)
            hrefs = pg.evaluate(
                "() => Array.from(document.querySelectorAll('.md-search-result__item > a:first-child')).map(a => a.href)"
            )
            exact = status["pages"] == 1 and len(hrefs) == 1 and f"/{planted_slug}/" in hrefs[0]
            decoy_absent = not any(f"/{decoy_slug}/" in h for h in hrefs)
            b.close()
            return {
                "first_s": first,
                "first_bytes": first_bytes,
                "warm_s": statistics.median(warm),
                "exact": exact and decoy_absent,
            }
    finally:
        srv.shutdown()
        srv.server_close()


def serve_rebuild(project: Path, repeat: int = 3) -> float:
    """Seconds from editing one seed to the served page showing the edit (`mkdocs serve`;
    median of `repeat` edits in one session)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/corpus/speeches/speech-0000/"

    def body() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 600
        while "同志们" not in body() and time.time() < deadline:
            time.sleep(0.5)
        seed = project / "seeds" / "speech-0000.txt"
        runs = []
        for _ in range(repeat):
            mark = f"同志们（改{time.time_ns() % 10**9}）"  # new every run: the page cannot show it already
            seed.write_text(seed.read_text(encoding="utf-8").replace("同志们", mark, 1), encoding="utf-8")
            t = time.perf_counter()
            while mark not in body() and time.perf_counter() - t < 300:
                time.sleep(0.05)
            runs.append(time.perf_counter() - t)
            time.sleep(1.0)  # let the server settle before the next edit
        return statistics.median(runs)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument(
        "--builds-only",
        action="store_true",
        help="skip the separate analysis/mining/render timings (the 10,000-speech run)",
    )
    ap.add_argument(
        "--no-plain",
        action="store_true",
        help="skip the plain MkDocs build (its auto nav makes it quadratic: 47 minutes at 10,000)",
    )
    ap.add_argument(
        "--browser-only", metavar="SITE", help="only the browser figures, for a site a run has built"
    )
    args = ap.parse_args()
    if args.browser_only:
        site = Path(args.browser_only)
        n = len(list((site / "corpus" / "speeches").glob("speech-*")))
        print(
            json.dumps(
                {"N": n, **(search_in_browser(site, f"speech-{n // 2:04d}", f"speech-{n // 3:04d}") or {})}
            )
        )
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"cores: {os.cpu_count()}  repeat: {args.repeat} (median)  seed: {args.seed}")
    rows = []
    lex = load_lexicon(ROOT / "seeds" / "formulas.yml")
    matcher = Matcher(lex.forms())
    work = Path(tempfile.mkdtemp(prefix="sg-bench-"))
    for n in sizes:
        project = make_project(work / f"p{n}", keep_seeds=False)
        chars = make_corpus(project / "seeds", n, args.seed)
        sources = [read_source(p) for p in discover(project / "seeds")]
        t_an = t_mine = t_par = t_render = None
        if not args.builds_only:
            t_an = timed(
                lambda sources=sources: [analyze_source(s, matcher, lex.correct_forms()) for s in sources],
                args.repeat,
            )
            analyses = [analyze_source(s, matcher, lex.correct_forms()) for s in sources]
            t_mine = timed(lambda analyses=analyses: mine(analyses, lex), args.repeat)
            opts = BuildOptions(
                seeds_dir=project / "seeds",
                docs_dir=project / "docs",
                lexicon_path=project / "seeds" / "formulas.yml",
            )
            from speechguide import build as build_mod

            def full_render(opts=opts):
                build_mod._CACHE.clear()
                build(opts, write=False)

            def parallel_analysis(opts=opts):
                build_mod._CACHE.clear()
                build_mod._analyze_all(
                    discover(opts.seeds_dir), lex, opts.lexicon_path, matcher, opts.max_bytes
                )

            t_par = timed(parallel_analysis, args.repeat)
            t_pipeline = timed(full_render, args.repeat)
            t_render = max(0.0, t_pipeline - t_par - t_mine)
            del analyses
        builds = [mkdocs_build(project) for _ in range(args.repeat if n <= 100 else 1)]
        t_build = statistics.median(b[0] for b in builds)
        peak = max(b[1] for b in builds)
        t_plain = None
        if not args.no_plain:
            plain = plain_project(work / f"plain{n}", project / "seeds")
            t_plain = statistics.median(mkdocs_build(plain)[0] for _ in range(args.repeat if n <= 100 else 1))
        index_dir = project / "site" / "search"
        index_bytes = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
        corpus_bytes = sum(len(s.raw.encode("utf-8")) for s in sources)
        page_ratios = []
        for s in sources:
            page = project / "site" / "corpus" / "speeches" / s.slug / "index.html"
            page_ratios.append(page.stat().st_size / len(s.raw.encode("utf-8")))
        found = (
            None
            if args.no_browser
            else search_in_browser(project / "site", f"speech-{n // 2:04d}", f"speech-{n // 3:04d}")
        )
        rebuild = None
        if not args.no_serve and n == max((x for x in sizes if x <= 100), default=None):
            rebuild = serve_rebuild(project, args.repeat)
        rows.append(
            {
                "N": n,
                "chars": chars,
                "analysis_s": t_an,
                "analysis_chars_per_s": t_an and chars / t_an,
                "analysis_parallel_s": t_par,
                "analysis_plus_mining_s": t_par and t_par + t_mine,
                "mining_s": t_mine,
                "render_s": t_render,
                "mkdocs_build_s": t_build,
                "plain_build_s": t_plain,
                "build_ratio": t_plain and t_build / t_plain,
                "index_bytes": index_bytes,
                "corpus_bytes": corpus_bytes,
                "index_ratio": index_bytes / corpus_bytes,
                "page_ratio_median": statistics.median(page_ratios),
                "peak_rss_mb": peak / 1024,
                "search_first_results_s": found and found["first_s"],
                "search_first_bytes": found and found["first_bytes"],
                "search_warm_s": found and found["warm_s"],
                "search_exact": found and found["exact"],
                "serve_rebuild_s": rebuild,
            }
        )
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print()
    cols = [
        ("N", "{:>5}"),
        ("analysis_chars_per_s", "{:>12,.0f}"),
        ("mining_s", "{:>8.2f}"),
        ("render_s", "{:>8.2f}"),
        ("mkdocs_build_s", "{:>8.1f}"),
        ("plain_build_s", "{:>8.1f}"),
        ("build_ratio", "{:>6.2f}"),
        ("index_ratio", "{:>6.2f}"),
        ("page_ratio_median", "{:>6.2f}"),
        ("peak_rss_mb", "{:>7.0f}"),
        ("search_first_results_s", "{:>7}"),
        ("search_first_bytes", "{:>9,}"),
        ("search_warm_s", "{:>7}"),
        ("search_exact", "{:>6}"),
        ("serve_rebuild_s", "{:>7}"),
    ]
    print(" ".join(c for c, _ in cols))

    def cell(c: str, f: str, v) -> str:
        if v is None:
            return f"{'—':>7}"
        if isinstance(v, bool):
            return f"{str(v):>6}"
        if c in ("search_first_results_s", "search_warm_s", "serve_rebuild_s"):
            return f"{v:>7.2f}"
        return f.format(v)

    for r in rows:
        print(" ".join(cell(c, f, r[c]) for c, f in cols))
    for a, b in zip(rows, rows[1:], strict=False):
        k = b["N"] / a["N"]
        parts = [f"build ×{b['mkdocs_build_s'] / a['mkdocs_build_s']:.1f}"]
        if a["analysis_s"] and b["analysis_s"]:
            parts.append(f"analysis ×{b['analysis_s'] / a['analysis_s']:.1f}")
            parts.append(f"mining ×{b['mining_s'] / max(a['mining_s'], 1e-9):.1f}")
        print(f"N×{k:.0f} ({a['N']}→{b['N']}): " + ", ".join(parts))
    print(
        f"self peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; work dir {work}"
    )


if __name__ == "__main__":
    main()
