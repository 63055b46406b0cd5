"""结构范式, 模板 and 语料统计 pages, generated from the corpus; the template .docx."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document

from speechguide.build import build
from speechguide.patterns import load_data
from speechguide.render import Site
from speechguide.templates import make_templates, template_docx

from .sitebuild import build_seeds, make_project, seed_options

PARTS = [p["id"] for p in load_data("guidance.yml")["parts"]]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    return build_seeds(tmp_path_factory.mktemp("guide"))


def test_every_part_has_a_page_with_generated_variants(result) -> None:
    assert len(PARTS) == 7
    for pid in PARTS:
        md = result.pages[f"corpus/patterns/{pid}.md"]
        for heading in (
            "## 什么时候用哪一种",
            "## 怎么写",
            "## 语料中的写法",
            "## 可以复制的写法",
            "## 常见问题",
        ):
            assert heading in md, (pid, heading)
        # every seed speech has a place in the table (identical variants share a row)
        counts = [int(n) for n in re.findall(r"<td>(\d+)</td><td><a ", md)]
        assert counts and sum(counts) >= 5, pid
        assert 'class="sg-example sg-example-good"' in md and 'class="sg-example sg-example-bad"' in md


def test_variant_tables_stay_small_for_a_large_corpus(result, monkeypatch: pytest.MonkeyPatch) -> None:
    """Identical rows merge with a count; beyond MAX_ROWS rows the rest is counted, not listed."""
    from speechguide import guide

    monkeypatch.setattr(guide, "MAX_ROWS", 2)
    monkeypatch.setattr(guide, "MAX_LINKS", 1)
    pages = guide.render_pattern_pages(result.corpus, Site())
    md = pages["corpus/patterns/points.md"]
    table = md[md.index("<tbody>") : md.index("</tbody>")]
    assert table.count("<tr>") == 2 and "种写法，这里列出最常见的 2 种" in md


def test_roadmap_page_lists_every_roadmap_and_the_pitfall(result) -> None:
    md = result.pages["corpus/patterns/roadmap.md"]
    assert "下面，我再强调三点意见：" in md and "下面，我强调几点意见。" in md
    assert "提纲句说“三点”，正文实际有4个部分" in md  # seed 002's pitfall, from its diagnostic
    assert "#p" in md  # links point at the paragraph


def test_headings_page_shapes(result) -> None:
    md = result.pages["corpus/patterns/headings.md"]
    assert "<td>6+6</td>" in md and "<td>4+4</td>" in md


def test_a_template_per_meeting_type_and_docx(result) -> None:
    templates = make_templates(result.corpus)
    assert {t.meeting_type for t in templates} == {"培训班", "动员会", "季度工作会", "推进会"}
    q = next(t for t in templates if t.meeting_type == "季度工作会")
    # every speech of the type is cited, not one
    assert set(q.moves.slugs) == {"2022-county-safety-q1-meeting", "county-safety-committee-q4-meeting"}
    assert re.search(r"我(?:再强调|讲)[四五]点意见", q.text), q.text
    for t in templates:
        assert not re.search(r"(?:19|20)\d\d", t.text), t.text  # no year of a seed's event
        assert "专项整治三年行动" not in t.text and "国务院巡查" not in t.text  # no seed's campaign
        assert not re.search(r"^ ", t.text, re.M)  # pastes into Word as paragraphs: no ASCII indent
    data = template_docx(q)
    assert data == template_docx(q)  # byte-identical
    doc = Document(io.BytesIO(data))
    sec = doc.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.page_height.cm, 1) == 29.7
    paras = [p for p in doc.paragraphs if p.text]
    assert paras[0].text == "在【会议名称】上的讲话" and paras[1].text == "同志们："
    h1 = [p for p in paras if p.runs[0].font.name == "黑体"]
    assert len(h1) == q.moves.typical_parts and all(p.style.name == "Heading 1" for p in h1)
    body = next(p for p in paras if p.runs[0].font.name == "仿宋_GB2312" and p.text.startswith("今天"))
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.line_spacing.pt == 28
    assert paras[0].runs[0].font.name == "方正小标宋简体"
    assert "templates/quarterly.docx" in "\n".join(result.pages)


def test_stats_page_has_bar_charts(result) -> None:
    md = result.pages["corpus/stats.md"]
    assert md.count('class="sg-bars"') >= 8 and "<svg" not in md  # text, not scaled SVG text
    for title in (
        "按会议类型",
        "按年份",
        "篇幅分布",
        "一级编号方式",
        "每个部分的要点数",
        "提纲句的写法",
        "最常用的 20 条固定表述",
    ):
        assert title in md
    # label and value are text on the row, not a hover title
    assert (
        '<span class="sg-bar-label" role="rowheader">党政同责、一岗双责、齐抓共管、失职追责</span>' in md
        and '<span class="sg-bar-value" role="cell">5 篇</span>' in md
    )


def test_binary_files_are_written_and_stale_ones_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    opts = seed_options(project)
    build(opts)
    docx = project / "docs" / "corpus" / "templates" / "training.docx"
    assert docx.read_bytes()[:2] == b"PK"
    (project / "seeds" / "county-safety-three-year-action-training.txt").unlink()
    build(opts)
    assert not docx.exists()


def test_guidance_rules_name_real_check_rules() -> None:
    from speechguide.check import load_rules

    ids = {r.id for r in load_rules()}
    for part in load_data("guidance.yml")["parts"]:
        assert set(part["checks"]) <= ids, part["id"]
        for rule in part["rules"]:
            assert set(rule.get("check", ())) <= ids, rule["rule"]


MISMATCHED_HEADINGS = """在全县安全生产工作会议上的讲话
同志们：
下面，我讲四点意见。
一、提高政治站位，强化责任担当
要提高认识。
二、突出工作重点，狠抓隐患整治
要突出重点。
三、进一步加强组织领导和工作保障并严格督查考核问责
要加强领导。
四、强化督查问责，确保落地见效
要严格督查。
同志们，让我们共同努力！
"""


def test_pattern_page_problems_are_what_the_checker_finds(tmp_path: Path) -> None:
    """常见问题 lists the checker's findings in the corpus, linked to their paragraphs; a page
    never says "no problems" while the checker has some."""
    from speechguide.guide import corpus_findings

    project = make_project(tmp_path, {"mismatched-headings.txt": MISMATCHED_HEADINGS.encode()})
    r = build(seed_options(project), write=False)
    md = r.pages["corpus/patterns/headings.md"]
    found = corpus_findings(r.corpus, frozenset({"heading-shape", "section-empty"}))
    assert any(a.source.slug == "mismatched-headings" and f.rule == "heading-shape" for a, f in found)
    problems = md[md.index("## 常见问题") :]
    assert f"找到 {len(found)} 处" in problems and "没有找到问题" not in problems
    assert "同级标题句式不一致" in problems and "mismatched-headings/#" in problems
    assert "speechguide check 检查这一条" in md and "check-rules/#rule-heading-shape" in md
    # a part the seeds get right says so under the checker's rules, not in general
    closing = r.pages["corpus/patterns/closing.md"]
    assert "检查器按这些规则" in closing[closing.index("## 常见问题") :]


def test_check_rules_page_shows_every_rule_with_examples_and_its_fix(result) -> None:
    from speechguide.check import load_rules

    md = result.pages["corpus/check-rules.md"]
    for cmd in ("speechguide check 稿子.docx ", "--fix", "--annotate"):
        assert cmd in md
    for r in load_rules():
        block = md[md.index(f"{{ #rule-{r.id} }}") :]
        block = block[: block.find("\n## ") if "\n## " in block else len(block)]
        assert "不对</p>" in block and "对</p>" in block, r.id
        assert ("--fix：" + r.fix) in block if r.fix else "--fix：不自动改" in block, r.id


# Twelve speeches of one type (工作会议), written for the project, varied in topic, level and
# form (web copies, traditional characters, hard-wrapped PDF text, excerpts).
WORK_MEETINGS = [
    p.stem
    for p in sorted((Path(__file__).parent / "metatext").glob("*.json"))
    if __import__("json").loads(p.read_text(encoding="utf-8"))["meta_gold"]["meeting_type"] == "工作会议"
]


def test_template_from_many_speeches_aligns_moves(tmp_path: Path) -> None:
    from speechguide.templates import make_templates

    extra = {
        f"{s}.txt": (Path(__file__).parent / "metatext" / f"{s}.txt").read_bytes() for s in WORK_MEETINGS
    }
    project = make_project(tmp_path, extra, keep_seeds=False)
    r = build(seed_options(project), write=False)
    t = next(t for t in make_templates(r.corpus) if t.meeting_type == "工作会议")
    tm = t.moves
    assert len(tm.slugs) >= 6 and not tm.thin
    assert tm.sequences and tm.sequences[0][1] >= 2  # a role sequence shared by several speeches
    for m in tm.moves:
        if m.speeches >= 3:
            assert len(m.alts) >= 3, m.id  # the real alternatives, not one speech's wording
        assert len({a.slug for a in m.alts}) == len(m.alts)  # each from a different speech
    md = r.pages["corpus/templates.md"]
    assert "常见结构" in md and "篇）" in md and "典型写法" in md and "写法三" in md
    assert md.count('class="sg-alt-src"') >= 3 * len([m for m in tm.moves if m.speeches >= 3])
    assert not re.search(r"(?:19|20)\d\d", t.text)
