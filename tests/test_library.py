"""固定表述库: lexicon validation, counts on the seeds, mined entries marked, anchors, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from speechguide.cli import main
from speechguide.lexicon import LexiconError, load_lexicon

from .conftest import ROOT, SEEDS
from .sitebuild import build_seeds


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    return build_seeds(tmp_path_factory.mktemp("lib"))


def test_dangzheng_tongze_in_all_five_with_right_count(result) -> None:
    use = result.corpus.uses["dangzheng-tongze"]
    expected = sum(
        p.read_text(encoding="utf-8").count("党政同责、一岗双责、齐抓共管、失职追责")
        for p in SEEDS.glob("*.txt")
    )
    assert len(use.speeches) == 5 and use.occurrences == expected == 7


def test_library_page_sections_anchors_and_mined_marked(result) -> None:
    md = result.pages["corpus/formulas.md"]
    ids = re.findall(r"\{ #([\w-]+) \}", md)
    assert len(ids) == len(set(ids))
    assert "{ #f-dangzheng-tongze }" in md and "## 责任体系" in md
    assert "## 语料中发现的表述（未收录） { #mined }" in md and 'class="sg-badge sg-badge-mined"' in md
    assert "学有所思、学有所悟、学有所获、学有所成" not in md  # one speech only: not shown
    assert md.count('<div class="sg-copy" data-search-exclude>') >= 33
    freq = result.pages["corpus/formulas-by-frequency.md"]
    first = re.search(r"<tbody><tr><td><a [^>]*>([^<]+)</a>", freq)
    assert first and "5" in freq[first.end() : first.end() + 80]


def test_mined_never_repeats_the_lexicon(result) -> None:
    lex_texts = {t for t, _f, _k in result.corpus.lexicon.forms()}
    assert all(m.text not in lex_texts for m in result.corpus.mined)


@pytest.mark.parametrize(
    ("yaml_text", "word"),
    [
        (
            "formulas:\n  - {id: a, text: 党政同责, category: 责任体系}\n  - {id: a, text: 一岗双责, category: 责任体系}\n",
            "重复",
        ),
        ("formulas:\n  - {id: a, text: 党政同责, category: 没有的类别}\n", "类别"),
        (
            "formulas:\n  - {id: a, text: 党政同责, category: 责任体系}\n  - {id: b, text: 党政同责, category: 责任体系}\n",
            "已经属于",
        ),
        (
            "formulas:\n  - {id: a, text: 党政同责, category: 责任体系, variants: [甲乙], outdated: [{text: 甲乙, reason: x}]}\n",
            "既是",
        ),
        ("formulas: {}\n", "formulas"),
        ("formulas:\n  - {id: 中文, text: 党政同责, category: 责任体系}\n", "id"),
    ],
)
def test_lexicon_validation(tmp_path: Path, yaml_text: str, word: str) -> None:
    p = tmp_path / "formulas.yml"
    p.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(LexiconError, match=word) as ei:
        load_lexicon(p)
    assert "formulas.yml" in str(ei.value)


def test_shipped_lexicon_is_valid() -> None:
    lex = load_lexicon(ROOT / "seeds" / "formulas.yml")
    assert len(lex.formulas) >= 30


def test_formulas_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formulas", "--json", "--config", str(ROOT / "mkdocs.yml")]) == 0
    rows = json.loads(capsys.readouterr().out)
    first = rows[0]
    assert {"text", "category", "source", "speeches", "occurrences"} <= set(first)
    assert {r["source"] for r in rows} == {"lexicon", "mined"}
    dz = next(r for r in rows if r["text"] == "党政同责、一岗双责、齐抓共管、失职追责")
    assert len(dz["speeches"]) == 5 and dz["occurrences"] == 7


def test_speech_pages_highlight_mined_formulas(result) -> None:
    md = result.pages["corpus/speeches/county-safety-committee-q4-meeting.md"]
    assert 'class="sg-mined"' in md and "挖掘 · " in md


def test_library_names_a_bounded_number_of_speeches(result, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry used in every speech of a large corpus must not list them all (the page would
    grow with the corpus): a few are named, the rest counted."""
    from speechguide import library
    from speechguide.render import Site

    monkeypatch.setattr(library, "MAX_SPEECHES", 2)
    md = library.render_library(result.corpus, Site())["corpus/formulas.md"]
    entry = md[md.index("{ #f-dangzheng-tongze }") :]
    stats = entry[entry.index('<p class="sg-formula-stats"') : entry.index("</p>")]
    assert stats.count("<a ") == 2 and "等 5 篇" in stats
