"""Ingest: encodings, .docx, metadata, and one clear error per kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from speechguide.ingest import IngestError, discover, read_source, slugify_stem

SPEECH = "同志们：\n今天召开全县安全生产工作会议。下面，我讲两点意见。\n一、提高认识\n要高度重视。\n二、压实责任\n要落实责任。\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(60))


def _err(path: Path, **kw) -> IngestError:
    with pytest.raises(IngestError) as ei:
        read_source(path, **kw)
    assert path.name in str(ei.value), str(ei.value)
    assert "\n" not in str(ei.value)
    return ei.value


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", " \n\t\r\n\u3000\u200b".encode(), "empty"),
        ("image.txt", PNG, "binary"),
        ("zip.txt", b"PK\x03\x04" + bytes(40), "binary"),
        ("nul.txt", b"abc\x00def\x00" * 10, "binary"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 4, "encoding"),
        ("speech.pdf", b"%PDF-1.4", "unsupported"),
    ],
)
def test_refused(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    assert _err(p).code == code


def test_missing(tmp_path: Path) -> None:
    assert _err(tmp_path / "nope.txt").code == "missing"


def test_too_large_checked_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(SPEECH.encode() * 100)
    e = _err(p, max_bytes=1000)
    assert e.code == "too_large" and "KB" in e.message


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes, expected: str) -> None:
    p = tmp_path / "s.txt"
    p.write_bytes(prefix + SPEECH.encode(encoding))
    src = read_source(p)
    assert src.raw == SPEECH and src.encoding == expected


def test_gb18030_rare_characters(tmp_path: Path) -> None:
    text = SPEECH + "㐀𠀀䶵\n"  # not encodable in GBK
    p = tmp_path / "rare.txt"
    p.write_bytes(text.encode("gb18030"))
    assert read_source(p).raw == text


def test_crlf_kept_exactly(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(SPEECH.replace("\n", "\r\n").encode())
    assert read_source(p).raw == SPEECH.replace("\n", "\r\n")


def _docx(path: Path, with_table: bool = True) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("在全县安全生产工作会议上的讲话")
    doc.add_paragraph("")
    doc.add_paragraph("同志们：")
    if with_table:
        t = doc.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "单位"
        t.cell(0, 1).text = "责任人"
    doc.add_paragraph("下面，我讲两点意见。")
    doc.save(str(path))


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    p = tmp_path / "d.docx"
    _docx(p)
    src = read_source(p)
    assert src.encoding == "docx"
    assert src.raw.split("\n") == [
        "在全县安全生产工作会议上的讲话",
        "",
        "同志们：",
        "单位",
        "责任人",
        "下面，我讲两点意见。",
    ]


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken", None])
def test_corrupt_docx(tmp_path: Path, data: bytes | None) -> None:
    p = tmp_path / "bad.docx"
    if data is None:  # a zip without the Word parts
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "hi")
        data = buf.getvalue()
    p.write_bytes(data)
    assert _err(p).code == "docx"


def test_sidecar_and_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\nmeeting_type: 部署会\nyear: 2021\n---\n" + SPEECH, encoding="utf-8")
    (tmp_path / "a.yml").write_text("level: 县级\nyear: 2022\ntags: 防汛\ncolor: red\n", encoding="utf-8")
    src = read_source(p)
    assert src.raw == SPEECH
    assert (src.meta.meeting_type, src.meta.level, src.meta.year, src.meta.tags) == (
        "部署会",
        "县级",
        2022,
        ("防汛",),
    )
    assert any("color" in w for w in src.warnings)


@pytest.mark.parametrize(
    ("sidecar", "key"),
    [("year: 20222\n", "year"), ("[1, 2\n", "YAML"), ("- a\n- b\n", "键"), ("tags: {a: 1}\n", "tags")],
)
def test_bad_metadata_names_the_sidecar(tmp_path: Path, sidecar: str, key: str) -> None:
    p = tmp_path / "b.txt"
    p.write_text(SPEECH, encoding="utf-8")
    (tmp_path / "b.yml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(IngestError) as ei:
        read_source(p)
    assert ei.value.code == "metadata" and "b.yml" in str(ei.value) and key in str(ei.value)


def test_year_unknown(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_text(SPEECH, encoding="utf-8")
    (tmp_path / "c.yml").write_text("year: 未知\n", encoding="utf-8")
    assert read_source(p).meta.year is None


@pytest.mark.parametrize(
    ("stem", "slug"),
    [("2021-county-training", "2021-county-training"), ("My Speech_01", "my-speech-01"), ("---", "speech")],
)
def test_slugify_ascii(stem: str, slug: str) -> None:
    assert slugify_stem(stem) == slug


def test_slugify_chinese_is_stable_and_distinct() -> None:
    a, b = slugify_stem("安全讲话"), slugify_stem("防汛讲话")
    assert a.startswith("s-") and a != b and a == slugify_stem("安全讲话") and a.isascii()


def test_discover_skips_sidecars_and_hidden(tmp_path: Path) -> None:
    for n in ["b.txt", "a.md", "c.docx", "a.yml", "formulas.yml", ".hidden.txt", "x.pdf"]:
        (tmp_path / n).write_text("x", encoding="utf-8")
    assert [p.name for p in discover(tmp_path)] == ["a.md", "b.txt", "c.docx"]
