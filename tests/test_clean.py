from __future__ import annotations

from speechguide.clean import clean, restore


def _kinds(c) -> list[str]:
    return [e.kind for e in c.edits]


def test_restore_roundtrip_simple() -> None:
    raw = "\n\n在……会上的讲话范文\r\n同志们:\r\n今天,我们开会。  \n\n\n\n谢谢!\n"
    c = clean(raw)
    assert restore(c.text, c.edits) == raw
    assert c.text == "在……会上的讲话\n同志们：\n今天，我们开会。\n\n谢谢！"


def test_every_edit_has_offsets_into_both_texts() -> None:
    raw = "同志们:\n##paidbegin##一、提高认识\n安全\u200b生产。\n"
    c = clean(raw)
    for e in c.edits:
        assert c.text[e.start : e.end] == e.after
        assert raw[e.raw_start : e.raw_start + len(e.before)] == e.before


def test_crlf_and_cr() -> None:
    c = clean("a\r\nb\rc")
    assert c.text == "a\nb\nc" and set(_kinds(c)) == {"换行符"}


def test_invisible_characters_removed() -> None:
    c = clean("安全\u200b生\u0007产")
    assert c.text == "安全生产" and _kinds(c) == ["不可见字符", "不可见字符"]


def test_truncation_notice_gives_diagnostic() -> None:
    c = clean("确保安全。\n试读结束，如需阅读全文请下载\n")
    assert "试读结束" not in c.text
    assert [d.code for d in c.diagnostics] == ["truncated"]


def test_title_suffix_only_on_title_line() -> None:
    assert clean("在安全生产会议上的讲话范文\n同志们：").text.startswith("在安全生产会议上的讲话\n")
    body = "同志们：\n这是一篇优秀范文\n"
    assert "范文" in clean(body).text


def test_one_line_speech_split_at_spaces() -> None:
    raw = "同志们：　　今天召开会议，部署工作，大家要抓好落实。下面，我讲两点意见。　　一、提高认识　　安全生产是底线，各级各部门要高度重视，时刻绷紧安全这根弦，切实把责任扛在肩上。　　二、压实责任　　要落实责任，确保措施到位，坚决防范遏制各类事故发生。"
    c = clean(raw)
    assert c.text.split("\n")[:3] == [
        "同志们：",
        "今天召开会议，部署工作，大家要抓好落实。下面，我讲两点意见。",
        "一、提高认识",
    ]
    assert restore(c.text, c.edits) == raw


def test_hard_wraps_joined_but_headings_kept() -> None:
    body = "安全生产是民生大事，一丝一毫不能放松。各村各单位要把安全生产工作摆在更加突出的位置，坚决守住安全底线，确保全镇安全形势稳定。"
    lines = ["同志们："]
    for para in [body, "一、提高认识", body, "二、压实责任", body]:
        while len(para) > 20:
            lines.append(para[:20])
            para = para[20:]
        lines.append(para)
    raw = "\n".join(lines)
    c = clean(raw)
    assert c.text.split("\n") == ["同志们：", body, "一、提高认识", body, "二、压实责任", body]
    assert "硬换行" in _kinds(c)
    assert restore(c.text, c.edits) == raw


def test_spaces_inside_words_only_when_systematic() -> None:
    pdf = "安全 生产 是 民生 大事，各 单位 要 高度 重视，确保 安全 形势 稳定。" * 3
    assert " " not in clean(pdf).text
    slogan = "开展“整肃作风 提升能力 狠抓落实”专项活动，" + "要切实抓好安全生产工作。" * 20
    assert "整肃作风 提升能力" in clean(slogan).text


def test_blank_lines_folded() -> None:
    c = clean("\n\n甲\n\n\n\n乙\n\n")
    assert c.text == "甲\n\n乙"


def test_halfwidth_parentheses_paired() -> None:
    assert clean("各乡镇(街道)作为").text == "各乡镇（街道）作为"
    assert clean("f(x) = 1").text == "f(x) = 1"


def test_equal_length_lines_are_not_joined_before_a_marker() -> None:
    """Found by the long fuzz run: body lines of one width looked hard-wrapped, and the line
    ending in `{{ x }}` was joined to the next section `二要……`."""
    body = "安全生产事关人民群众生命财产安全，必须高度重视。"
    raw = (
        "同志们：\n今天召开会议。下面，我讲五点意见。\n"
        f"一要压实工作责任。{body}{{{{ x }}}}\n"
        + "".join(f"{n}要提高政治站位，强化责任担当。{body}\n" for n in "二三四五")
        + "同志们，让我们共同努力！"
    )
    assert clean(raw).text == raw
