"""Metadata read from the text: meeting type, level, date, year, speaker, office, topic.

Scored against gold labels on the project's own test speeches (`tests/metatext/`, one per kind
of title block and opening, several topics and levels; plus `tests/realtext/`) and, when present,
on the external set of complete real speeches (`SPEECHGUIDE_DEVSET`, `c01`–`c08`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from speechguide.analyze import analyze_file, analyze_text, to_json
from speechguide.cli import main
from speechguide.ingest import Meta
from speechguide.structure import parse
from speechguide.structure.meta import infer_meta, split_speaker, yml_snippet

from .scoring import meta_norm, score_meta
from .test_realtext import DEVSET, REALTEXT

HERE = Path(__file__).parent
METATEXT = HERE / "metatext"
SEEDS = HERE.parent / "seeds"


def _meta(text: str, yml: Meta | None = None):
    _, sp, _ = analyze_text(text)
    return infer_meta(sp, yml)


# --------------------------------------------------------------------------- scored


def test_metatext_scores() -> None:
    sc = score_meta(METATEXT)
    detail = sc.line() + "\n" + "\n".join(sc.misses)
    assert sum(sc.total.values()) >= 7 * 70, detail
    assert sc.rate("year") >= 0.95 and sc.rate("date") >= 0.95, detail
    assert sc.rate("speaker") >= 0.9, detail
    assert sc.rate("meeting_type") >= 0.9, detail
    assert sc.rate("level") >= 0.85, detail
    assert sc.rate("office") >= 0.85, detail
    assert sc.rate("topic") >= 0.8, detail


def test_realtext_meta_scores() -> None:
    sc = score_meta(REALTEXT)
    detail = sc.line() + "\n" + "\n".join(sc.misses)
    assert sc.total, detail
    assert sc.rate("year") >= 0.95 and sc.rate("date") >= 0.95, detail
    assert sc.rate("speaker") >= 0.9 and sc.rate("meeting_type") >= 0.85 and sc.rate("level") >= 0.8, detail


@pytest.mark.skipif(not (DEVSET / "c01.json").exists(), reason="external devset not present")
def test_devset_complete_speeches_meta() -> None:
    sc = score_meta(DEVSET, {f"c0{k}" for k in range(1, 9)})
    detail = sc.line() + "\n" + "\n".join(sc.misses)
    for k in ("date", "year", "speaker", "level"):
        assert sc.total.get(k) == 8 and sc.rate(k) >= 0.85, detail


def test_metatext_has_gold_for_every_speech() -> None:
    txt = sorted(p.stem for p in METATEXT.glob("*.txt"))
    assert len(txt) >= 70
    for stem in txt:
        gold = json.loads((METATEXT / f"{stem}.json").read_text(encoding="utf-8"))["meta_gold"]
        assert set(gold) == {"meeting_type", "level", "date", "year", "speaker", "office", "topic"}, stem


# --------------------------------------------------------------------------- seeds


# Fields a seed's text does not state (its .yml knows them from elsewhere).
NOT_IN_TEXT = {
    ("safety-rectification-mobilization", "level"),  # `x党委`, `系统上下`: no scope word
}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_without_yml_reads_the_same(path: Path, tmp_path: Path) -> None:
    """Removing a seed's .yml yields its meeting type, level and year from the text wherever the
    text states them, and never a different value."""
    with_yml = analyze_file(path).meta
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    bare = analyze_file(copy).meta
    for name in ("meeting_type", "level", "year"):
        want, got = getattr(with_yml, name), getattr(bare, name)
        assert want.origin == "yml" or not want.known, (name, want)
        if (path.stem, name) in NOT_IN_TEXT or not want.known:
            assert not got.known or meta_norm(name, got.value) == meta_norm(name, want.value), (name, got)
            continue
        assert got.inferred and meta_norm(name, got.value) == meta_norm(name, want.value), (name, got, want)


# --------------------------------------------------------------------------- rules


def test_yml_overrides_and_unknown_in_yml_leaves_the_inference() -> None:
    text = "在全县防汛工作会议上的讲话\n（2023年5月6日）\n县长  陈立新\n同志们：\n今天召开会议。"
    m = _meta(text, Meta(level="市级", meeting_type="未知"))
    assert (m.level.value, m.level.origin) == ("市级", "yml")
    assert (m.meeting_type.value, m.meeting_type.origin) == ("工作会议", "inferred")
    assert (m.date.value, m.year.value, m.speaker.value, m.office.value) == (
        "2023-05-06",
        2023,
        "陈立新",
        "县长",
    )
    assert m.topic.value == "防汛抗旱"


def test_silent_text_stays_unknown() -> None:
    m = _meta("同志们：\n刚才几位同志讲得很好，我都同意。希望大家回去抓好落实。\n谢谢大家。")
    for name in ("meeting_type", "level", "date", "year", "speaker", "office", "topic"):
        assert not getattr(m, name).known, name
    assert m.title.value and m.title.inferred and "同志" not in m.title.value[:2]


def test_publication_time_is_not_the_speech_date() -> None:
    text = "在全市消防工作会议上的讲话\n来源：市政府网\n时间：2023-06-12 09:30\n同志们：\n今天召开全市消防工作会议。"
    m = _meta(text)
    assert m.date.value is None and m.year.value is None
    assert m.meeting_type.value == "工作会议" and m.level.value == "市级"


def test_body_years_and_relayed_meetings_are_not_metadata() -> None:
    text = "同志们：\n刚才我们传达学习了全国、全省安全生产电视电话会议精神。2023年全县发生事故3起。\n一、提高认识\n要重视。"
    m = _meta(text)
    assert m.year.value is None and m.level.value is None


def test_meeting_from_opening_gives_the_display_title() -> None:
    m = _meta("同志们：\n今天，我们召开全县消防安全工作部署会，主要任务是安排部署冬春火灾防控工作。")
    assert m.title.value == "在全县消防安全工作部署会上的讲话" and m.title.inferred
    assert (m.meeting_type.value, m.level.value) == ("部署会", "县级")


def test_glued_title_block() -> None:
    m = _meta("在全省科技创新大会上的讲话（2022年5月30日）周海燕各位来宾，同志们：今天，我们召开大会。")
    assert (m.date.value, m.speaker.value, m.level.value) == ("2022-05-30", "周海燕", "省级")


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("省长 胡玉亭", ("省长", "胡玉亭")),
        ("县委书记　李某某", ("县委书记", "李某某")),
        ("陈  立  新", (None, "陈立新")),
        ("马卫光", (None, "马卫光")),
        ("省长胡玉亭", ("省长", "胡玉亭")),
        ("欧阳明远", (None, "欧阳明远")),
        ("讲话摘要", None),
        ("韩振东（县委书记）", ("县委书记", "韩振东")),
        ("韩振东同志", (None, "韩振东")),
        ("副县长王海涛", ("副县长", "王海涛")),
        ("市人民政府副市长  许  文", ("市人民政府副市长", "许文")),
    ],
)
def test_split_speaker(line: str, want) -> None:
    assert split_speaker(line) == want


def test_evidence_spans_quote_the_text() -> None:
    text = "同志们：\n今天，我们召开2024年全镇防汛工作会议，主要任务是部署防汛工作。\n一、压实责任\n要压实。"
    cleaned, sp, _ = analyze_text(text)
    m = infer_meta(sp)
    for name in ("meeting", "level", "year"):
        f = getattr(m, name)
        assert f.inferred and cleaned.text[f.start : f.end] == f.evidence, (name, f)
    assert (m.level.value, m.year.value, m.meeting_type.value) == ("乡镇", 2024, "工作会议")


def test_json_meta_contract(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text(
        "在全市安全生产工作推进会上的讲话\n（2023年4月3日）\n同志们：\n今天召开会议。", encoding="utf-8"
    )
    j = to_json(analyze_file(f))
    assert j["meta"]["meeting_type"] == "推进会" and j["meta"]["date"] == "2023-04-03"
    assert j["meta"]["speaker"] is None and j["meta_evidence"]["speaker"] == {"from": "unknown"}
    assert (
        j["meta_evidence"]["date"]["from"] == "inferred"
        and j["meta_evidence"]["date"]["evidence"] == "2023年4月3日"
    )
    assert j["meta_evidence"]["title"]["from"] == "text"


def test_yml_snippet_confirms_only_inferred_fields() -> None:
    m = _meta("在全市安全生产工作推进会上的讲话\n同志们：\n今天召开会议。", Meta(level="市级"))
    y = yml_snippet(m)
    assert "meeting_type: 推进会" in y and "level" not in y and "title" not in y


def test_cli_meta_write_never_overwrites(tmp_path: Path, capsys) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("在全县教育工作会议上的讲话\n同志们：\n今天召开会议。", encoding="utf-8")
    b.write_text("在全市教育工作会议上的讲话\n同志们：\n今天召开会议。", encoding="utf-8")
    (tmp_path / "b.yml").write_text("level: 县级\n", encoding="utf-8")
    assert main(["meta", str(tmp_path), "--write"]) == 0
    assert "meeting_type: 工作会议" in (tmp_path / "a.yml").read_text(encoding="utf-8")
    assert (tmp_path / "b.yml").read_text(encoding="utf-8") == "level: 县级\n"
    # the written .yml is read back as confirmed metadata
    assert analyze_file(a).meta.meeting_type.origin == "yml"
    assert main(["meta", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_parse_keeps_title_meta_spans() -> None:
    sp = parse("在全市会议上的讲话\n（2023年4月3日）\n市长 王强\n同志们：\n今天开会。")
    assert [m.kind for m in sp.title_meta] == ["date", "speaker"]


def test_news_site_title_with_a_colon_byline() -> None:
    m = _meta(
        "周海燕：在全省科技创新大会上的讲话\n（2022年5月30日）\n各位来宾，同志们：\n今天，我们召开大会。"
    )
    assert (m.speaker.value, m.date.value, m.level.value, m.meeting_type.value) == (
        "周海燕",
        "2022-05-30",
        "省级",
        "工作会议",
    )
