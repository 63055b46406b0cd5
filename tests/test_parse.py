"""One small case per numbering style, point pattern and diagnostic."""

from __future__ import annotations

import pytest

from speechguide.clean import clean
from speechguide.model import NumberingStyle, Role
from speechguide.structure import parse


def P(text: str, truncated: bool = False):
    return parse(clean(text).text, truncated=truncated)


def heads(sp) -> list[str]:
    return [sp.text[s.start : s.heading_end] for s in sp.sections]


def points(sp) -> list[list[str]]:
    return [[p.marker for p in s.points] for s in sp.sections]


def codes(sp) -> list[str]:
    return [d.code for d in sp.diagnostics]


HEAD = "同志们：\n今天召开会议。下面，我讲两点意见。\n"


@pytest.mark.parametrize(
    ("body", "style", "inline"),
    [
        ("一、提高认识\n要高度重视。\n二、压实责任\n要落实责任。", NumberingStyle.DUN, False),
        ("第一，要提高认识。要高度重视。\n第二，要压实责任。要落实责任。", NumberingStyle.DI, True),
        ("一要提高认识。要高度重视。\n二要压实责任。要落实责任。", NumberingStyle.YAO, True),
        ("一是提高认识。要高度重视。\n二是压实责任。要落实责任。", NumberingStyle.SHI, True),
        ("（一）提高认识\n要高度重视。\n（二）压实责任\n要落实责任。", NumberingStyle.PAREN, False),
        ("1.提高认识\n要高度重视。\n2.压实责任\n要落实责任。", NumberingStyle.ARABIC, False),
        ("1、提高认识\n要高度重视。\n2、压实责任\n要落实责任。", NumberingStyle.ARABIC, False),
    ],
)
def test_section_styles(body: str, style: NumberingStyle, inline: bool) -> None:
    sp = P(HEAD + body)
    assert sp.numbering_style is style
    assert [s.number for s in sp.sections] == [1, 2]
    assert all(s.inline is inline for s in sp.sections)
    assert sp.roadmap is not None and sp.roadmap.count == 2
    assert "count_mismatch" not in codes(sp)


def test_second_level() -> None:
    sp = P(HEAD + "一、提高认识\n（一）加强学习\n要学习。\n（二）统一思想\n要统一。\n二、压实责任\n要落实。")
    assert [len(s.subsections) for s in sp.sections] == [2, 0]
    assert sp.sections[0].subsections[1].level == 2


@pytest.mark.parametrize(
    ("body", "markers"),
    [
        ("一要学习文件。二要学习案例。", ["一要", "二要"]),
        ("一是学习文件。二是学习案例。", ["一是", "二是"]),
        ("一方面，学习文件。另一方面，学习案例。", ["一方面", "另一方面"]),
        ("首先，学习文件。其次，学习案例。最后，交流体会。", ["首先", "其次", "最后"]),
        ("要认真学习。\n一是学习文件。\n二是学习案例。", ["一是", "二是"]),
        ("要认真学习，一是学习文件；二是学习案例。", ["一是", "二是"]),
    ],
)
def test_point_patterns(body: str, markers: list[str]) -> None:
    sp = P(HEAD + "一、提高认识\n" + body + "\n二、压实责任\n要落实。")
    assert points(sp)[0] == markers


def test_points_run_across_paragraphs() -> None:
    sp = P(
        HEAD
        + "一、提高认识\n要学习。一是学文件。二是学案例。三是学法规。\n四是学技能。五是学方法。\n二、压实责任\n要落实。"
    )
    assert [p.number for p in sp.sections[0].points] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("body", "n", "marker"),
    [
        ("要狠抓责任落实不动摇。具体要做好。要狠抓风险防范不动摇。具体要做好。", 2, "要狠抓……不动摇"),
        ("从工作大局看，安全生产是底线。\n从企业发展看，安全生产是效益。", 2, "从……看"),
        ("紧盯重大隐患，推动整改。紧盯问题整改，确保到位。紧盯重点任务，确保落地。", 3, "紧盯"),
        ("要强化组织领导。成立领导小组。要突出安全教育。开展培训。要重视安全演练。开展演练。", 3, "要"),
        (
            "突出上好干部课，让干部懂安全；突出上好员工课，让员工会应急；突出上好公众课，让公众知风险。",
            3,
            "突出上好",
        ),
    ],
)
def test_anaphora(body: str, n: int, marker: str) -> None:
    sp = P(HEAD + "一、提高认识\n" + body + "\n二、压实责任\n要落实。")
    pts = sp.sections[0].points
    assert len(pts) == n and all(p.style is NumberingStyle.ANAPHORA for p in pts)
    assert pts[0].marker == marker


def test_noun_repetition_is_not_anaphora() -> None:
    sp = P(
        HEAD
        + "一、提高认识\n安全生产重于泰山。安全生产工作是一项归零的工作。各乡镇要落实。各部门要配合。\n二、压实责任\n要落实。"
    )
    assert sp.sections[0].points == ()


def test_nested_run_ignored_inside_outer_run() -> None:
    body = "要狠抓制度执行不动摇。落实甲制度。落实乙制度。落实丙制度。要狠抓文化熏陶不动摇。营造氛围。"
    sp = P(HEAD + "一、提高认识\n" + body + "\n二、压实责任\n要落实。")
    assert [p.marker for p in sp.sections[0].points] == ["要狠抓……不动摇"] * 2


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("下面，我讲三点意见。", 3),
        ("下面，我再强调五点意见。", 5),
        ("下面，我强调几点意见。", None),
        ("下面，我提两点要求。", 2),
        ("下面，我讲三个方面的意见。", 3),
        ("我讲以下几点。", None),
    ],
)
def test_roadmap_counts(sentence: str, count: int | None) -> None:
    sp = P("同志们：\n今天召开会议。" + sentence + "\n一、提高认识\n要重视。\n二、压实责任\n要落实。")
    assert sp.roadmap is not None and sp.roadmap.count == count


def test_count_in_opening_is_not_roadmap() -> None:
    sp = P(
        "同志们：\n会议提出了三点要求。全县共排查三个方面的问题。\n一、提高认识\n要重视。\n二、压实责任\n要落实。"
    )
    assert sp.roadmap is None and "no_roadmap" in codes(sp)


def test_count_mismatch_and_truncated_are_distinct() -> None:
    text = "同志们：\n下面，我讲三点意见。\n一、提高认识\n要重视。\n二、压实责任\n要落实。"
    assert "count_mismatch" in codes(P(text))
    t = P(text, truncated=True)
    assert "count_mismatch" not in codes(t) and "count_unverifiable" in codes(t)


def test_numbering_gap_and_repeat() -> None:
    sp = P(HEAD + "一、提高认识\n一是学文件。三是学案例。\n二、压实责任\n要落实。\n二、强化保障\n要保障。")
    assert codes(sp).count("numbering_gap") == 1 and codes(sp).count("numbering_repeat") == 1


def test_empty_section() -> None:
    sp = P(HEAD + "一、提高认识\n二、压实责任\n要落实。")
    assert "empty_section" in codes(sp)


def test_no_salutation_no_roadmap_no_structure() -> None:
    sp = P("今天召开会议，部署工作，大家要抓好落实。")
    assert {"no_salutation", "no_sections"} <= set(codes(sp))
    assert sp.sections == () and sp.paragraphs[0].role is Role.OPENING


@pytest.mark.parametrize("sal", ["同志们：", "各位领导、同志们：", "同志们、朋友们：", "同志们:"])
def test_salutations(sal: str) -> None:
    sp = P(sal + "\n下面，我讲两点意见。\n一、甲\n要甲。\n二、乙\n要乙。")
    assert sp.slice(sp.salutation).rstrip("：:") == sal.rstrip("：:")


def test_mid_speech_address_is_not_closing() -> None:
    sp = P(
        HEAD + "一、提高认识\n同志们，大家要高度重视。\n要落实。\n二、压实责任\n要落实。\n总之，要抓好落实。"
    )
    assert sp.slice(sp.closing) == "总之，要抓好落实。"


@pytest.mark.parametrize(
    "closing",
    ["同志们，让我们共同努力！", "总之，要抓好落实。", "我就讲这么多，谢谢。", "谢谢大家！"],
)
def test_closings(closing: str) -> None:
    sp = P(HEAD + "一、提高认识\n要重视。\n二、压实责任\n要落实。\n" + closing)
    assert sp.slice(sp.closing) == closing


def test_quoted_marker_is_not_a_point() -> None:
    sp = P(HEAD + "一、提高认识\n要坚持“一是预防、二是处置”的思路。\n二、压实责任\n要落实。")
    assert sp.sections[0].points == ()


def test_traditional_parsed_text_unchanged() -> None:
    raw = "同志們：\n下面，我講兩點意見。\n一、提高認識\n要重視。\n二、壓實責任\n要落實。"
    sp = P(raw)
    assert sp.text == raw and len(sp.sections) == 2 and sp.roadmap.count == 2


def test_leaves_tile_text_and_roles() -> None:
    sp = P(HEAD + "一、提高认识\n一是学文件。二是学案例。\n二、压实责任\n要落实。\n同志们，让我们共同努力！")
    assert "".join(sp.text[lf.start : lf.end] for lf in sp.leaves) == sp.text
    assert all(a.end == b.start for a, b in zip(sp.leaves, sp.leaves[1:], strict=False))
    roles = [p.role for p in sp.paragraphs]
    assert roles[:4] == [Role.SALUTATION, Role.OPENING, Role.HEADING, Role.POINT]
    assert roles[-1] is Role.CLOSING
    assert any(lf.role is Role.ROADMAP for lf in sp.leaves) and any(lf.role is Role.CALL for lf in sp.leaves)


def test_an_excerpt_is_not_missing_its_closing_or_its_parts() -> None:
    """`（节选）` / `（摘要）`: the text ends where it was cut, so the parser neither wants a closing
    nor counts the parts against the road map (the checker reads the same diagnostics)."""
    from speechguide.structure import parse

    text = "在全县会议上的讲话（摘要）\n同志们：\n下面，我讲三点意见。\n一、提高认识\n要重视。\n二、压实责任\n要落实。"
    sp = parse(text)
    codes = {d.code for d in sp.diagnostics}
    assert (
        sp.excerpt
        and "no_closing" not in codes
        and "count_mismatch" not in codes
        and "count_unverifiable" in codes
    )
    whole = parse(text.replace("（摘要）", ""))
    assert not whole.excerpt and {"no_closing", "count_mismatch"} <= {d.code for d in whole.diagnostics}
