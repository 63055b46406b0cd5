"""Property tests: for any text, cleaning and parsing never raise, the cleaned text plus the
edits give back the raw text, and the leaves tile the cleaned text. Composed speeches parse
to the number of sections they were composed with."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechguide.analyze import analyze_text
from speechguide.clean import restore
from speechguide.lexicon import Matcher

FUZZ = int(os.environ.get("SPEECHGUIDE_FUZZ_EXAMPLES", "0"))
DEFAULT_EXAMPLES = 150

ALPHABET = st.sampled_from(
    list("同志们：，。；！？、一二三四五六七八九十是要第（）()“”‘’*#<>{}[]`_~=+-|\\!X×x 　\t\n\r")
    + [
        "\u200b",
        "\ufeff",
        "\x00",
        "\x07",
        "安全",
        "生产",
        "下面，我讲三点意见。",
        "一、",
        "（一）",
        "1.",
        "一是",
        "同志们，",
        "总之，",
        "{{",
        "}}",
        "<script>",
        "##paidbegin##",
        "试读结束",
    ]
)
TEXT = st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=200)
MATCHER = Matcher(
    [("党政同责、一岗双责、齐抓共管、失职追责", "f1", "canonical"), ("一岗双责", "f2", "canonical")]
)


def _invariants(raw: str) -> None:
    cleaned, speech, hits = analyze_text(raw, MATCHER)
    assert restore(cleaned.text, cleaned.edits) == raw
    text = speech.text
    assert "".join(text[lf.start : lf.end] for lf in speech.leaves) == text
    assert all(a.end == b.start for a, b in zip(speech.leaves, speech.leaves[1:], strict=False))
    for s in speech.sections:
        assert 0 <= s.start <= s.heading_end <= s.end <= len(text)
        for p in s.points:
            assert s.start <= p.start <= p.lead_end <= p.end <= s.end
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)


def _settings(n: int):
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings(DEFAULT_EXAMPLES)
@given(TEXT)
def test_any_text_never_raises_and_is_lossless(raw: str) -> None:
    _invariants(raw)


NUMS = "一二三四五六七八九"
STYLES = {
    "dun": lambda n, h: f"{NUMS[n]}、{h}\n",
    "di": lambda n, h: f"第{NUMS[n]}，要{h}。",
    "yao": lambda n, h: f"{NUMS[n]}要{h}。",
    "paren": lambda n, h: f"（{NUMS[n]}）{h}\n",
    "arabic": lambda n, h: f"{n + 1}.{h}\n",
}
HEADINGS = st.sampled_from(
    ["提高政治站位，强化责任担当", "压实工作责任", "突出工作重点，精准施策", "加强组织领导", "强化保障措施"]
)
BODIES = st.sampled_from(
    [
        "安全生产事关人民群众生命财产安全，必须高度重视。",
        "各地各部门要切实履行职责，确保各项措施落到实处。",
        "要加强隐患排查整治，做到不留死角、不留盲区。",
    ]
)
NOISE = st.sampled_from(["", "*", "**", "X月X日", "<b>", "{{ x }}", "  ", "「", "“"])


@st.composite
def speeches(draw):
    style = draw(st.sampled_from(sorted(STYLES)))
    n = draw(st.integers(min_value=2, max_value=9))
    parts = []
    if draw(st.booleans()):
        parts.append("在全县安全生产工作会议上的讲话\n")
    parts.append(draw(st.sampled_from(["同志们：\n", "各位领导、同志们：\n"])))
    parts.append(f"今天召开会议{draw(NOISE)}。下面，我讲{NUMS[n - 1]}点意见。\n")
    for k in range(n):
        h = draw(HEADINGS)
        body = draw(BODIES) + draw(NOISE).strip("“「")
        if style in ("dun", "paren", "arabic"):
            parts.append(STYLES[style](k, h) + body + "\n")
        else:
            parts.append(STYLES[style](k, h) + body + "\n")
        if draw(st.booleans()):
            parts.append("一是抓好学习。二是抓好落实。\n")
    parts.append(draw(st.sampled_from(["同志们，让我们共同努力！", "总之，要抓好落实。", "谢谢大家！"])))
    return "".join(parts), n


def _composed(case) -> None:
    raw, n = case
    _invariants(raw)
    _, speech, _ = analyze_text(raw)
    assert len(speech.sections) == n, raw
    assert speech.roadmap is not None and speech.roadmap.count == n
    assert not [d for d in speech.diagnostics if d.code == "count_mismatch"]


@_settings(DEFAULT_EXAMPLES)
@given(speeches())
def test_composed_speeches_parse_to_their_structure(case) -> None:
    _composed(case)


@pytest.mark.fuzz
@pytest.mark.skipif(FUZZ == 0, reason="set SPEECHGUIDE_FUZZ_EXAMPLES=10000 for the long fuzz run")
def test_fuzz_long_run() -> None:
    @_settings(FUZZ)
    @given(TEXT)
    def arbitrary(raw: str) -> None:
        _invariants(raw)

    @_settings(FUZZ)
    @given(speeches())
    def composed(case) -> None:
        _composed(case)

    arbitrary()
    composed()
