"""The search index (speechguide.search): normalisation, blocks, postings and files, and the
index a real build writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speechguide.search import index as index_mod
from speechguide.search.blocks import Block, SearchPage, html_blocks, page_kind
from speechguide.search.index import build_index, shard_of
from speechguide.search.normalize import bigrams, normalize

from .sitebuild import ROOT, make_project


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("党政同责、一岗双责", "党政同责一岗双责"),  # punctuation inside a phrase does not count
        ("党政 同责\n", "党政同责"),  # nor spaces and line breaks
        ("黨政同責", "党政同责"),  # traditional → simplified
        ("２０２４年５Ｇ", "2024年5g"),  # full width → half width, lower case
        ("“两个确立”", "两个确立"),
        ("a_b-c", "abc"),
    ],
)
def test_normalize(text: str, norm: str) -> None:
    assert normalize(text) == norm


def test_bigrams() -> None:
    assert bigrams("安全生产") == {"安全", "全生", "生产"}
    assert bigrams("安") == set()


def test_shard_of_is_fnv1a_over_code_points() -> None:
    # Fixed values: search-worker.js computes the same (FNV-1a 32-bit, one step per code point).
    assert shard_of("安全", 1 << 32) == 0xA8622924
    assert shard_of("𠀀好", 1 << 32) == 0x48BCE646  # a character outside the BMP is one step
    assert shard_of("a", 1 << 32) == 0xE40C292C
    assert 0 <= shard_of("党政", 64) < 64


def test_page_kinds() -> None:
    assert page_kind("corpus/formulas.md", "corpus") == "固定表述库"
    assert page_kind("corpus/patterns/opening.md", "corpus") == "结构范式"
    assert page_kind("corpus/templates.md", "corpus") == "模板"
    assert page_kind("corpus/speeches/x.md", "corpus") == "讲话"
    assert page_kind("index.md", "corpus") == "说明"
    # Lists of other pages, statistics and the build report are left out.
    for src in (
        "corpus/speeches/index.md",
        "corpus/speeches/types/x.md",
        "corpus/stats.md",
        "corpus/report.md",
        "tags.md",
    ):
        assert page_kind(src, "corpus") is None, src


def test_html_blocks_innermost_with_anchor_and_section() -> None:
    html = (
        '<h2 id="f-a">党政同责</h2><p>规范提法<b>加粗</b>。</p>'
        "<p data-search-exclude>统计，不进索引</p>"
        "<ul><li><p>列表里的段落</p></li></ul><script>var x = '脚本';</script>"
        '<h3 id="m-b">另一条</h3><div class="x"><pre><code>复制框</code></pre></div>'
    )
    blocks = html_blocks(html)
    assert [b.text for b in blocks] == ["党政同责", "规范提法加粗。", "列表里的段落", "另一条", "复制框"]
    assert [b.anchor for b in blocks] == ["f-a", "f-a", "f-a", "m-b", "m-b"]
    assert blocks[1].section == "党政同责" and blocks[4].section == "另一条"


def _decode(out: Path, entry: dict) -> list[int]:
    def sums(deltas: list[int]) -> list[int]:
        acc, res = 0, []
        for d in deltas:
            acc += d
            res.append(acc)
        return res

    if "g" in entry:
        return sums(entry["g"])
    gids: list[int] = []
    for first, no, count in entry["c"]:
        part = sums(json.loads((out / "p" / f"{no}.json").read_text(encoding="utf-8")))
        assert part[0] == first and len(part) == count
        gids += part
    return gids


def test_index_postings_are_exactly_the_blocks_holding_each_bigram(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(index_mod, "INLINE", 2)  # force chunked postings
    monkeypatch.setattr(index_mod, "CHUNK", 3)
    monkeypatch.setattr(index_mod, "_KEYS_CACHE", {})
    pages = [
        SearchPage(
            "s/b/",
            "讲话乙",
            "讲话",
            (Block("", "", "讲话乙"), Block("p1", "一、", "安全生产，党政同责。")),
            "推进会",
            2023,
        ),
        SearchPage("f/", "固定表述库", "固定表述库", (Block("f-1", "责任", "党政同责、一岗双责"),)),
        SearchPage(
            "s/a/",
            "讲话甲",
            "讲话",
            tuple(Block(f"p{k}", "", "安全生产" * (k + 1)) for k in range(6)),
            "部署会",
            2024,
        ),
    ]
    out = tmp_path / "sg"
    stats = build_index(pages, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # Listing order: the library first, then the newest speech.
    assert manifest["blockCounts"] == [1, 6, 2]
    assert manifest["types"] == ["推进会", "部署会"] and manifest["years"] == [2024, 2023]
    base = manifest["facetBase"]
    assert [ord(c) - base for c in manifest["pageTypes"]] == [0, 2, 1]
    assert [ord(c) - base for c in manifest["pageYears"]] == [0, 1, 2]
    ordered = [pages[1], pages[2], pages[0]]
    texts = [b.text for p in ordered for b in p.blocks]
    assert stats.blocks == len(texts) == 9
    seen_keys = 0
    for shard in range(manifest["shards"]):
        bucket = json.loads((out / "k" / f"{shard}.json").read_text(encoding="utf-8"))
        for key, entry in bucket.items():
            assert shard_of(key, manifest["shards"]) == shard
            want = [g for g, t in enumerate(texts) if key in normalize(t)]
            assert _decode(out, entry) == want and entry["n"] == len(want), key
            seen_keys += 1
    assert seen_keys == stats.keys
    # Every block's text, with its page, in the text files.
    group = manifest["textGroup"]
    for g, t in enumerate(texts):
        data = json.loads((out / "t" / f"{g // group}.json").read_text(encoding="utf-8"))
        pid, anchor, _section, text = data["b"][g % group]
        assert text == t and data["p"][str(pid)][0] == ordered[pid].url
    t2s = json.loads((out / "t2s.json").read_text(encoding="utf-8"))
    assert "黨党" in t2s


def test_build_writes_a_complete_index(built_site: Path) -> None:
    """Every character of every speech is in the index: a speech's blocks, normalised, are its
    whole cleaned text normalised."""
    from speechguide.analyze import analyze_source
    from speechguide.ingest import read_source

    out = built_site / "search" / "sg"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    group = manifest["textGroup"]
    by_url: dict[str, list[str]] = {}
    kinds = []
    gid = 0
    for count in manifest["blockCounts"]:
        for _ in range(count):
            data = json.loads((out / "t" / f"{gid // group}.json").read_text(encoding="utf-8"))
            pid, _anchor, _section, text = data["b"][gid % group]
            url, _title, kind = data["p"][str(pid)][:3]
            by_url.setdefault(url, []).append(text)
            gid += 1
        kinds.append(kind)
    # The library and pattern pages come before the speeches.
    assert kinds[0] == "固定表述库" and kinds.index("讲话") > kinds.index("结构范式")
    assert all(k == "讲话" for k in kinds[kinds.index("讲话") :])
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        a = analyze_source(read_source(path))
        blocks = by_url[f"corpus/speeches/{path.stem}/"]
        assert normalize("".join(blocks[1:])) == normalize(a.cleaned.text), path.name
    # Material's own index carries no documents: its worker is replaced.
    material = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []


def test_rebuild_reads_only_the_changed_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As under `mkdocs serve` (one process, several builds): after one seed edit only the pages
    whose text changed are read again, and the index holds the edit."""
    from mkdocs.commands.build import build as mkdocs_build_in_process
    from mkdocs.config import load_config

    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    monkeypatch.setattr(index_mod, "_KEYS_CACHE", {})
    out = project / "site" / "search" / "sg"

    def build_once() -> str:
        mkdocs_build_in_process(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
        return "".join(p.read_text(encoding="utf-8") for p in sorted((out / "t").glob("*.json")))

    before = build_once()
    cached = len(index_mod._KEYS_CACHE)
    assert cached >= 5 + 5
    seed = next(iter(sorted((project / "seeds").glob("*.txt"))))
    seed.write_text(seed.read_text(encoding="utf-8").replace("同志们", "同志们朋友们", 1), encoding="utf-8")
    after = build_once()
    assert 1 <= len(index_mod._KEYS_CACHE) - cached <= 8  # the speech and pages quoting it
    assert "同志们朋友们" in after and "同志们朋友们" not in before
