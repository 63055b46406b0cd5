"""Mining formula candidates (speechguide.mining): each source on small hand-made texts, with
counterexamples, then the five seed speeches."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from speechguide.clean import clean
from speechguide.lexicon import load_lexicon
from speechguide.mining import (
    Doc,
    Mined,
    NearMiss,
    Occurrence,
    is_stop,
    mine_formulas,
    near_misses,
    settings,
)
from speechguide.patterns import load_data
from speechguide.structure import parse
from speechguide.textutil import to_simplified

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SENTENCE_ENDS = "。！？；!?;\n"


def by_text(found: list[Mined]) -> dict[str, Mined]:
    return {m.text: m for m in found}


def of_kind(found: list[Mined], kind: str) -> dict[str, Mined]:
    return {m.text: m for m in found if m.kind == kind}


def check_occurrences(found: list[Mined], docs: list[Doc]) -> None:
    texts = {d.id: d.text for d in docs}
    for m in found:
        assert m.occurrences, m
        for o in m.occurrences:
            assert to_simplified(texts[o.doc][o.start : o.end]) == to_simplified(m.text), (m, o)


# --- data file ---------------------------------------------------------------------------------


def test_stop_examples() -> None:
    rep = load_data("mining.yml")["repeated"]
    for ex in rep["examples"]:
        assert is_stop(ex), ex
    for ce in rep["counterexamples"]:
        assert not is_stop(ce), ce


def test_open_end_examples() -> None:
    from speechguide.mining import open_ended

    o = load_data("mining.yml")["whole"]["open_end"]
    for ex in o["examples"]:
        assert open_ended(ex), ex
    for ce in o["counterexamples"]:
        assert not open_ended(ce), ce


def test_couplet_marker_examples() -> None:
    cou = load_data("mining.yml")["couplet"]
    rx = settings().couplet_marker
    for ex in cou["examples"]:
        assert rx.match(ex), ex
    for ce in cou["counterexamples"]:
        assert not rx.match(ce), ce


# --- 1. repeated spans -------------------------------------------------------------------------


def test_repeated_span_found_with_occurrences() -> None:
    docs = [
        Doc("a", "我们要坚持统筹发展和安全的总体思路。今天先讲到这里。"),
        Doc("b", "必须坚持统筹发展和安全的总体思路！明天再议。"),
    ]
    found = mine_formulas(docs)
    rep = of_kind(found, "repeated")
    assert "坚持统筹发展和安全的总体思路" in rep
    m = rep["坚持统筹发展和安全的总体思路"]
    assert m.docs == ("a", "b")
    assert m.occurrences == (Occurrence("a", 3, 17), Occurrence("b", 2, 16))
    assert m.score == pytest.approx(2 * 14 + 2 / 3)
    check_occurrences(found, docs)


def test_span_repeated_inside_one_speech_is_not_repeated() -> None:
    docs = [
        Doc("a", "全力推进应急管理体系建设。全力推进应急管理体系建设。"),
        Doc("b", "今天召开全县会议。"),
    ]
    assert not of_kind(mine_formulas(docs), "repeated")


def test_maximal_spans_only() -> None:
    docs = [
        Doc("a", "首先，全面压实安全生产主体责任和监管责任。"),
        Doc("b", "其次，全面压实安全生产主体责任和监管责任。"),
        Doc("c", "要压实安全生产主体责任，不能放松。"),
    ]
    rep = of_kind(mine_formulas(docs), "repeated")
    # The long span (a, b) and the shorter one that one more speech has (a, b, c); none of
    # their parts, which have the same speeches as one of them.
    assert set(rep) == {"全面压实安全生产主体责任和监管责任", "压实安全生产主体责任"}
    assert rep["全面压实安全生产主体责任和监管责任"].docs == ("a", "b")
    assert rep["压实安全生产主体责任"].docs == ("a", "b", "c")


def test_repeated_never_crosses_a_sentence_end() -> None:
    same = "扎实推进隐患排查治理。全面落实企业主体责任！\n持续巩固安全生产形势稳定向好"
    docs = [Doc("a", same), Doc("b", same)]
    found = mine_formulas(docs)
    rep = of_kind(found, "repeated")
    assert set(rep) == {"扎实推进隐患排查治理", "全面落实企业主体责任", "持续巩固安全生产形势稳定向好"}
    assert not any(c in m.text for m in found for c in SENTENCE_ENDS)


def test_repeated_trims_punctuation_glue_and_cut_words() -> None:
    docs = [
        Doc("a", "各部门要加强协调配合，各司其职，各负其责，形成合力。"),
        Doc("b", "我们要密切配合，各司其职，各负其责，共同把关。"),
    ]
    rep = of_kind(mine_formulas(docs), "repeated")
    # Raw maximal span: `配合，各司其职，各负其责，` → punctuation and the cut word go.
    assert "各司其职，各负其责" in rep
    assert not any(t[0] in "，、合" or t[-1] in "，、" for t in rep)


def test_list_items_are_not_cut_words() -> None:
    docs = [
        Doc("a", "今年以来，县委、县政府高度重视安全生产工作。"),
        Doc("b", "近年来，县委、县政府高度重视安全生产工作。"),
    ]
    assert "县委、县政府高度重视安全生产工作" in of_kind(mine_formulas(docs), "repeated")


def test_generic_spans_are_dropped() -> None:
    docs = [
        Doc("a", "做好安全生产工作的重要保障。"),
        Doc("b", "这是抓好安全生产工作的关键。"),
    ]
    assert not of_kind(mine_formulas(docs), "repeated")


def test_contained_span_with_a_few_more_speeches_is_absorbed_in_a_large_corpus() -> None:
    long = "坚决守住不发生重特大事故的底线"
    part = "不发生重特大事故"
    leads = ["必须", "务必", "坚持", "始终", "全力", "切实", "要", "应", "需", "并", "仍"]
    many = [Doc(f"d{i:02d}", f"{lead}{long}。") for i, lead in enumerate(leads)]
    extra = Doc("x", f"力争全年{part}，安全形势平稳。")
    rep = of_kind(mine_formulas([*many, extra]), "repeated")
    assert long in rep and part not in rep  # 12 speeches vs 11: a local variant
    few = many[:4]
    rep = of_kind(mine_formulas([*few, extra]), "repeated")
    assert long in rep and part in rep  # 5 speeches vs 4: its own use


def test_span_ending_inside_a_corpus_compound_is_not_whole() -> None:
    """`深刻认识安全` + 生产工作 / + 大检查: the corpus writes 安全 mostly as 安全生产, so the span
    ends inside a compound. Its speeches still give the whole phrases."""
    filler = [Doc(f"f{i}", f"抓好安全生产工作，落实安全生产责任，第{i}次。") for i in range(4)]
    docs = [
        Doc("a", "各单位一定要深刻认识安全生产工作的极端重要性。"),
        Doc("b", "各单位一定要深刻认识安全大检查的重要意义。"),
        *filler,
    ]
    rep = of_kind(mine_formulas(docs), "repeated")
    assert not any(t.endswith("深刻认识安全") for t in rep), rep


def test_preposition_without_its_head_is_not_whole() -> None:
    docs = [
        Doc("a", "深入学习习近平总书记关于安全生产重要论述，切实抓好落实。"),
        Doc("b", "认真领会习近平总书记关于安全生产重要论述，推动工作。"),
        Doc("c", "贯彻习近平总书记关于安全生产的重要指示精神。"),
    ]
    rep = of_kind(mine_formulas(docs), "repeated")
    assert "习近平总书记关于安全生产" not in rep and "习近平总书记关于安全生产重要论述" in rep, rep


def test_min_len() -> None:
    docs = [Doc("a", "要真抓实干。"), Doc("b", "必须真抓实干！")]
    assert not of_kind(mine_formulas(docs), "repeated")
    assert "真抓实干" in of_kind(mine_formulas(docs, min_len=4), "repeated")
    with pytest.raises(ValueError, match="至少"):
        mine_formulas(docs, min_len=1)


# --- 2. quoted ---------------------------------------------------------------------------------


def test_quoted_slogans() -> None:
    docs = [
        Doc(
            "a",
            "严格落实“一票否决”制度，以“人人讲安全、个个会应急”为主题，开展“安全”月活动。"
            "“要把安全生产摆在更加突出的位置。”"
            "“要发挥各级安委会指导协调、监督检查、巡查考核的作用，形成上下合力，齐抓共管”。",
        ),
        Doc("b", "安全生产实行一票否决。"),
    ]
    found = mine_formulas(docs)
    q = of_kind(found, "quoted")
    assert set(q) == {"一票否决", "人人讲安全、个个会应急"}
    # Occurrences: every place, quoted or not.
    assert q["一票否决"].docs == ("a", "b")
    assert len(q["一票否决"].occurrences) == 2
    check_occurrences(found, docs)


# --- 3. enumerations ---------------------------------------------------------------------------


def test_enumerations() -> None:
    docs = [
        Doc(
            "a",
            "让自己学有所思、学有所悟、学有所获、学有所成。"
            "切实增强抓好安全生产工作的责任感、使命感、紧迫感和危机感。"
            "加强人力、物力、财力资源投入。",
        )
    ]
    e = of_kind(mine_formulas(docs), "enumeration")
    assert e["学有所思、学有所悟、学有所获、学有所成"].shape == "4×4"
    assert e["责任感、使命感、紧迫感"].shape == "3×3"
    assert e["人力、物力、财力"].shape == "3×2"


def test_not_enumerations() -> None:
    docs = [
        Doc(
            "a",
            "针对消防、用电、燃气、危化品等重点领域开展排查。以上率下、以身作则。"
            "全面发挥组织、协调、督导、检查和推进作用。",
        )
    ]
    assert not of_kind(mine_formulas(docs), "enumeration")


# --- 4. frames ---------------------------------------------------------------------------------


def test_frames() -> None:
    docs = [
        Doc(
            "a",
            "狠抓各项安全工作落实落细，确保思想精神在状态、值班值守在岗位、应急处突在现场、安全稳定在手中。"
            "严格按照管行业必须管安全、管业务必须管安全、管生产经营必须管安全的要求抓好落实。"
            "对照教育培训是否到位、安全投入是否到位、排查整治是否到位要求。",
        )
    ]
    f = of_kind(mine_formulas(docs), "frame")
    assert f["思想精神在状态、值班值守在岗位、应急处突在现场、安全稳定在手中"].shape == "……在……"
    assert f["管行业必须管安全、管业务必须管安全、管生产经营必须管安全"].shape == "管……必须管安全"
    assert f["教育培训是否到位、安全投入是否到位、排查整治是否到位"].shape == "……是否到位"


def test_not_frames() -> None:
    docs = [
        Doc(
            "a",
            "加强组织领导，完善工作机制，强化督导检查。"
            "树牢安全发展理念，扎实做好安全生产各项工作，提高全民安全意识。"
            "把风险查在前、把漏洞补在前。",
        )
    ]
    assert not of_kind(mine_formulas(docs), "frame")


# --- 5. couplets -------------------------------------------------------------------------------


def _with_headings(doc_id: str, lines: list[str], heading_lines: set[int]) -> Doc:
    text = "\n".join(lines)
    spans, pos = [], 0
    for i, line in enumerate(lines):
        if i in heading_lines:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return Doc(doc_id, text, tuple(spans))


def test_couplets_from_headings() -> None:
    doc = _with_headings(
        "a",
        [
            "一、提高政治站位，强化责任担当",
            "正文第一段。",
            "（二）思想领航，把准方向",
            "第三，守土有责，守土尽责，守土负责",
            "四、进一步强化红线意识、底线思维，增强抓好安全生产的行动自觉",
            "统一思想认识，凝聚行动合力。",  # body text, not a heading
        ],
        {0, 2, 3, 4},
    )
    c = of_kind(mine_formulas([doc]), "couplet")
    assert {t: m.shape for t, m in c.items()} == {
        "提高政治站位，强化责任担当": "6+6",
        "思想领航，把准方向": "4+4",
        "守土有责，守土尽责，守土负责": "4+4+4",
    }


# --- all sources -------------------------------------------------------------------------------


def test_known_forms_are_left_out_and_traditional_text_matches() -> None:
    docs = [Doc("a", "讓自己學有所思、學有所悟、學有所獲、學有所成。")]
    e = of_kind(mine_formulas(docs), "enumeration")
    assert list(e) == ["學有所思、學有所悟、學有所獲、學有所成"]  # as written
    assert not mine_formulas(docs, known=["学有所思、学有所悟、学有所获、学有所成"])
    assert not mine_formulas(docs, known=["學有所思、學有所悟、學有所獲、學有所成"])


def test_one_entry_per_text_sorted_by_score() -> None:
    docs = [
        Doc("a", "严格按照“管行业必须管安全、管业务必须管安全、管生产经营必须管安全”的原则。"),
        Doc("b", "落实管行业必须管安全、管业务必须管安全、管生产经营必须管安全的责任。"),
    ]
    found = mine_formulas(docs)
    texts = [m.text for m in found]
    assert len(texts) == len(set(texts))
    assert found == sorted(found, key=lambda m: (-m.score, m.text))
    top = found[0]
    assert top.text == "管行业必须管安全、管业务必须管安全、管生产经营必须管安全"
    assert top.kind == "frame"  # also quoted and repeated: the structured kind describes it
    assert top.docs == ("a", "b")
    for m in found:
        n = len(m.occurrences)
        assert m.score == pytest.approx(len(m.docs) * len(m.text) + n / (n + 1))


def test_empty_input() -> None:
    assert mine_formulas([]) == []
    assert mine_formulas([Doc("a", "")]) == []


def test_deterministic() -> None:
    docs = _seed_docs()
    assert mine_formulas(docs) == mine_formulas(list(docs))


def test_deterministic_across_hash_seeds() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from test_mining import _seed_docs; from speechguide.mining import mine_formulas;"
        "print(repr([(m.text, m.kind, m.shape, m.score, m.occurrences) for m in mine_formulas(_seed_docs())]))"
    )
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-2000:]
        outs.append(r.stdout)
    assert outs[0] == outs[1]


# --- near misses -------------------------------------------------------------------------------

LEX = load_lexicon(SEEDS / "formulas.yml")
# What the checker compares against: canonical texts and accepted variants (outdated forms are
# reported by the lexicon matcher itself).
FORMS = [(f.text, f.id) for f in LEX.formulas] + [(v, f.id) for f in LEX.formulas for v in f.variants]


def test_near_miss_typo() -> None:
    text = "安全生产措施落实要注重系统集成，坚持严之又严、细之在细。"
    (nm,) = near_misses(text, FORMS)
    at = text.index("严之又严")
    assert nm == NearMiss(at, at + 9, "yan-zhi-you-yan", "严之又严、细之又细", "严之又严、细之在细")
    assert text[nm.start : nm.end] == nm.found


def test_near_miss_wrong_word_in_long_formula() -> None:
    text = "严格按照“党政同责、一岗双责、齐抓共管、失职问责”的要求。"
    (nm,) = near_misses(text, FORMS)
    assert nm.formula_id == "dangzheng-tongze"
    assert nm.expected == "党政同责、一岗双责、齐抓共管、失职追责"
    assert "失职问责" in nm.found and nm.found == text[nm.start : nm.end]


def test_near_miss_keeps_the_written_characters() -> None:
    (nm,) = near_misses("堅持嚴之又嚴、細之在細。", FORMS)
    assert nm.found == "嚴之又嚴、細之在細"


def test_no_near_miss_for_exact_forms_or_unrelated_text() -> None:
    assert near_misses("坚持严之又严、细之又细，确保万无一失。", FORMS) == []
    assert (
        near_misses(
            "严格落实“党政同责、一岗双责、齐抓共管、失职追责”和“管行业必须管安全、管业务必须管安全、管生产经营必须管安全”。",
            FORMS,
        )
        == []
    )
    assert near_misses("今天天气很好，我们一起去公园散步。", FORMS) == []
    assert near_misses("", FORMS) == []
    assert near_misses("严之又严、细之在细", []) == []
    # An outdated form given as a form is an exact match, not a near miss.
    assert near_misses("严之又严、细之在细", [("严之又严、细之又细", "x"), ("严之又严、细之在细", "x")]) == []


def test_short_forms_are_not_compared() -> None:
    assert near_misses("谁负则", [("谁负责", "x")]) == []
    assert near_misses("真抓实千", [("真抓实干", "x")]) != []


def test_near_misses_sorted_and_disjoint() -> None:
    text = "坚持严之又严、细之在细，做到防微杜渐、抓早抓晓，坚持立行立改、边查边该。"
    found = near_misses(text, FORMS)
    assert [n.found for n in found] == ["严之又严、细之在细", "防微杜渐、抓早抓晓", "立行立改、边查边该"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# --- the seed speeches -------------------------------------------------------------------------


def _seed_docs() -> list[Doc]:
    docs = []
    for p in sorted(SEEDS.glob("*.txt")):
        text = clean(p.read_text(encoding="utf-8")).text
        headings = tuple((s.start, s.heading_end) for s in parse(text).sections)
        docs.append(Doc(p.stem, text, headings))
    return docs


@pytest.fixture(scope="module")
def seeds() -> list[Doc]:
    return _seed_docs()


@pytest.fixture(scope="module")
def seed_mined(seeds: list[Doc]) -> list[Mined]:
    return mine_formulas(seeds)


def test_seeds_three_musts(seed_mined: list[Mined]) -> None:
    three = "管行业必须管安全、管业务必须管安全、管生产经营必须管安全"
    assert any(
        (m.kind == "repeated" and three in m.text) or (m.kind == "frame" and m.text == three)
        for m in seed_mined
    )
    m = by_text(seed_mined)[three]
    assert len(m.docs) == 5


def test_seeds_enumeration(seed_mined: list[Mined]) -> None:
    m = by_text(seed_mined)["学有所思、学有所悟、学有所获、学有所成"]
    assert (m.kind, m.shape, m.docs) == ("enumeration", "4×4", ("county-safety-three-year-action-training",))


def test_seeds_couplets(seed_mined: list[Mined]) -> None:
    c = of_kind(seed_mined, "couplet")
    assert c["提高政治站位，强化责任担当"].shape == "6+6"
    assert c["思想领航，把准方向"].shape == "4+4"


def test_seeds_all_occurrences_match(seed_mined: list[Mined], seeds: list[Doc]) -> None:
    texts = {d.id: d.text for d in seeds}
    for m in seed_mined:
        for o in m.occurrences:
            assert texts[o.doc][o.start : o.end] == m.text
        assert not any(c in m.text for c in SENTENCE_ENDS)
        if m.kind == "repeated":
            assert len(m.docs) >= 2


def test_seeds_known_forms(seeds: list[Doc]) -> None:
    known = [f for f, _ in FORMS]
    found = mine_formulas(seeds, known=known)
    assert not {m.text for m in found} & set(known)
    assert "学有所思、学有所悟、学有所获、学有所成" in by_text(found)


def test_seed_near_miss(seeds: list[Doc]) -> None:
    doc = next(d for d in seeds if d.id == "safety-rectification-mobilization")
    found = near_misses(doc.text, FORMS)
    hit = [n for n in found if n.expected == "严之又严、细之又细"]
    assert len(hit) == 1 and hit[0].found == "严之又严、细之在细"
    assert doc.text[hit[0].start : hit[0].end] == "严之又严、细之在细"


def test_mined_formulas_are_whole_words_in_every_context(tmp_path) -> None:
    """No mined formula starts or ends inside a word, checked by segmenting the sentence around
    each occurrence; news-report text and clauses with dates are not formulas."""
    from pathlib import Path

    from speechguide.build import build
    from speechguide.mining import _boundaries, _context
    from speechguide.textutil import to_simplified

    from .sitebuild import make_project, seed_options

    meta = Path(__file__).parent / "metatext"
    extra = {p.name: p.read_bytes() for p in sorted(meta.glob("*.txt"))[:30]}  # other topics, news leads
    r = build(seed_options(make_project(tmp_path, extra)), write=False)
    shown = [m for m in r.corpus.mined if len(m.docs) >= 2]
    assert shown
    for m in shown:
        assert m.category, m.text
        assert not re.search(r"\d{4}年|出席|发表重要讲话|新华社", m.text), m.text
        if m.kind != "repeated":
            continue
        for o in m.occurrences:
            mt = to_simplified(r.corpus.by_slug(o.doc).cleaned.text)
            a, sentence = _context(mt, o.start, o.end)
            bounds = _boundaries(sentence)
            assert o.start - a in bounds and o.end - a in bounds, (m.text, sentence)


def test_near_misses_skip_wordplay_and_function_word_variants() -> None:
    """Shared by the checker and the speech pages' diagnostics: a formula played on (one
    character swapped everywhere) or worded with a 的/comma more is not a slip."""
    forms = [("守土有责、守土尽责", "shoutu"), ("安全生产责任重于泰山", "zeren")]
    assert near_misses("林区干部要守山有责、守山尽责。", forms) == []
    assert near_misses("安全生产，责任重于泰山。", forms) == []
    slip = near_misses("要守土有责、守土进责。", forms)
    assert [m.found for m in slip] == ["守土有责、守土进责"]
