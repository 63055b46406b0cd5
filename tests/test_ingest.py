"""ingest: file → Source. One test per behaviour: each refusal (code + file name in a one-line
message), each encoding (exact round trip), .docx (tables, merges, empty paragraphs), metadata
(sidecar, front matter, validation), slugs and discovery."""

from __future__ import annotations

import hashlib
import io
import pickle
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechguide.ingest import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    IngestError,
    Meta,
    Source,
    discover,
    read_source,
    slugify_stem,
)

SPEECH = "同志们：\n今天召开全县安全生产工作会议。下面，我讲两点意见。\n一、提高认识\n要高度重视。\n二、压实责任\n要落实党政同责、一岗双责。\n"
TRAD = "同志們：\n下面，我講兩點意見。\n一、提高認識\n要高度重視。\n二、壓實責任\n要落實責任。\n"


def write(tmp: Path, name: str, data: bytes | str) -> Path:
    p = tmp / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def refused(path: Path, code: str, *, named: Path | None = None, **kw: int) -> IngestError:
    """read_source refuses `path` with `code`; the one-line message names the file."""
    with pytest.raises(IngestError) as ei:
        read_source(path, **kw)
    err = ei.value
    assert err.code == code, (err.code, err.message)
    assert str(err) == err.message
    assert (named or path).name in err.message
    assert "\n" not in err.message
    return err


def docx_bytes(build) -> bytes:  # type: ignore[no-untyped-def]
    from docx import Document

    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- refusals


def test_missing(tmp_path: Path) -> None:
    refused(tmp_path / "不存在.txt", "missing")


def test_directory_is_missing(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    refused(tmp_path / "folder.txt", "missing")


@pytest.mark.parametrize("name", ["speech.pdf", "speech.doc", "speech", "notes.yml"])
def test_unsupported(tmp_path: Path, name: str) -> None:
    err = refused(write(tmp_path, name, SPEECH), "unsupported")
    if name.endswith(".doc"):
        assert ".docx" in err.message  # tells how to fix it


def test_too_large_names_size_and_limit(tmp_path: Path) -> None:
    p = write(tmp_path, "big.txt", SPEECH * 100)
    err = refused(p, "too_large", max_bytes=1000)
    assert "KB" in err.message and "1 KB" in err.message


def test_too_large_in_mb(tmp_path: Path) -> None:
    p = write(tmp_path, "huge.txt", b"a" * (DEFAULT_MAX_BYTES + 500_000))
    assert "2.5 MB" in refused(p, "too_large").message


def test_too_large_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write(tmp_path, "big.txt", SPEECH * 100)

    def no_reading(*_a: object, **_k: object) -> None:
        raise AssertionError("file read before the size check")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    refused(p, "too_large", max_bytes=1000)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \n\t\r\n",
        "\u3000\u3000\n\u200b\u200d\ufeff\u2060\u00a0".encode(),  # full-width space, zero-width chars
        b"\xef\xbb\xbf",  # a BOM and nothing else
        b"\xff\xfe" + "\u3000\n".encode("utf-16-le"),
    ],
)
def test_empty(tmp_path: Path, data: bytes) -> None:
    refused(write(tmp_path, "blank.txt", data), "empty")


def test_front_matter_only_is_empty(tmp_path: Path) -> None:
    refused(write(tmp_path, "meta-only.md", "---\nyear: 2021\n---\n\n"), "empty")


def test_empty_docx(tmp_path: Path) -> None:
    p = write(tmp_path, "blank.docx", docx_bytes(lambda d: d.add_paragraph("\u3000")))
    refused(p, "empty")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(40))),
        ("zip.txt", b"PK\x03\x04" + bytes(40)),
        ("zip.md", b"PK\x03\x04\x14\x00\x00\x00" + b"word/document.xml"),
        ("pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("gif.txt", b"GIF89a\x01\x00\x01\x00"),
        ("jpeg.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("elf.txt", b"\x7fELF\x02\x01\x01"),
        ("old-word.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)),
        ("nul.txt", ("同志们：" + "\x00" * 8 + "下面").encode()),
        ("controls.txt", bytes(range(1, 9)) * 10),
    ],
)
def test_binary(tmp_path: Path, name: str, data: bytes) -> None:
    refused(write(tmp_path, name, data), "binary")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("latin1-garbage.txt", bytes(range(0x80, 0x100)) * 4),
        ("ff-fe-fd.txt", bytes(range(0xFF, 0x7F, -1)) * 3),  # starts like a UTF-16 BOM
        ("utf16-bom-garbage.txt", b"\xff\xfe" + bytes(range(0x80, 0xFF))),
        ("french.txt", "Thérèse est allée à l'école. Déjà vu, ça va être génial.".encode("latin-1")),
        ("korean.txt", "안녕하세요. 오늘 우리는 안전 생산 회의를 개최합니다.".encode("euc-kr")),
        ("japanese.txt", "本日は安全生産会議を開催します。これは日本語です。".encode("shift_jis")),
    ],
)
def test_encoding_refused_not_mojibake(tmp_path: Path, name: str, data: bytes) -> None:
    refused(write(tmp_path, name, data), "encoding")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (SPEECH.encode(), "utf-8", SPEECH),
        (b"\xef\xbb\xbf" + SPEECH.encode(), "utf-8-sig", SPEECH),
        (b"\xff\xfe" + SPEECH.encode("utf-16-le"), "utf-16-le", SPEECH),
        (b"\xfe\xff" + SPEECH.encode("utf-16-be"), "utf-16-be", SPEECH),
        ("\ufeff".encode("utf-32-le") + SPEECH.encode("utf-32-le"), "utf-32-le", SPEECH),
        ("\ufeff".encode("utf-32-be") + SPEECH.encode("utf-32-be"), "utf-32-be", SPEECH),
        (SPEECH.encode("gbk"), "gb18030", SPEECH),
        ("同志们".encode("gbk"), "gb18030", "同志们"),  # charset-normalizer alone guesses Big5
        (TRAD.encode("big5"), "big5", TRAD),
        (TRAD.encode("gb18030"), "gb18030", TRAD),  # traditional characters saved as GBK
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str, text: str) -> None:
    src = read_source(write(tmp_path, "s.txt", data))
    assert (src.raw, src.encoding) == (text, encoding)


def test_gb18030_rare_characters(tmp_path: Path) -> None:
    text = SPEECH + "会议在㐀𠀀䶵村召开。\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")  # really beyond GBK
    src = read_source(write(tmp_path, "rare.txt", text.encode("gb18030")))
    assert (src.raw, src.encoding) == (text, "gb18030")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_kept_exactly(tmp_path: Path, newline: str) -> None:
    text = SPEECH.replace("\n", newline)
    assert read_source(write(tmp_path, "crlf.txt", text)).raw == text


def test_control_and_invisible_characters_kept(tmp_path: Path) -> None:
    text = "同\u200b志们：\n下面，我讲\x07两点意见。\u2028\n一、提\ufeff高认识\x1b\n"
    assert read_source(write(tmp_path, "zw.txt", text)).raw == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("gb18030")))
def test_never_mojibake(tmp_path: Path, data: bytes) -> None:
    """Whatever the bytes: refused, or decoded into a text that encodes back to exactly them."""
    p = write(tmp_path, "any.txt", data)
    try:
        src = read_source(p)
    except IngestError as err:
        assert p.name in err.message
        return
    if src.raw.lstrip("\ufeff") != src.raw or data.startswith(b"---"):
        return  # front matter or a second BOM: not a plain round trip
    codec = {"utf-8-sig": "utf-8"}.get(src.encoding, src.encoding)
    bom = b"\xef\xbb\xbf" if src.encoding == "utf-8-sig" else b""
    if src.encoding.startswith(("utf-16", "utf-32")):
        # Python's utf-16/utf-32 codecs write a BOM of their own; the file may have had none.
        enc = src.raw.encode(codec)
        body = enc[len("\ufeff".encode(codec)) :]
        assert data in (enc, body)
        return
    assert bom + src.raw.encode(codec) == data


# --------------------------------------------------------------------------- .docx


def test_docx_paragraphs_tables_and_empty_paragraphs_in_order(tmp_path: Path) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        doc.add_paragraph("在全县安全生产工作会议上的讲话")
        doc.add_paragraph("")
        doc.add_paragraph("同志们：")
        table = doc.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "单位", (0, 1): "责任人", (1, 0): "应急局", (1, 1): "××"}.items():
            table.cell(r, c).text = text
        doc.add_paragraph("")
        doc.add_paragraph("下面，我讲两点意见。")

    src = read_source(write(tmp_path, "d.docx", docx_bytes(build)))
    assert src.encoding == "docx"
    assert (
        src.raw
        == "在全县安全生产工作会议上的讲话\n\n同志们：\n单位\n责任人\n应急局\n××\n\n下面，我讲两点意见。"
    )


def test_docx_merged_cells_once_nested_tables_and_line_breaks(tmp_path: Path) -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        table = doc.add_table(rows=3, cols=3)
        table.cell(0, 0).merge(table.cell(0, 2)).text = "横向合并"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
        table.cell(1, 1).text = "甲"
        inner = table.cell(2, 2).add_table(rows=1, cols=1)
        inner.cell(0, 0).text = "内层"
        p = doc.add_paragraph("第一行")
        p.add_run().add_break()
        p.add_run("第二行")
        p.add_run("\t尾")

    lines = read_source(write(tmp_path, "m.docx", docx_bytes(build))).raw.split("\n")
    assert lines.count("横向合并") == 1 and lines.count("纵向合并") == 1
    assert lines.count("内层") == 1
    assert lines.index("横向合并") < lines.index("纵向合并") < lines.index("甲") < lines.index("内层")
    assert lines[-2:] == ["第一行", "第二行\t尾"]


def test_docx_content_controls_and_tracked_changes(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(doc) -> None:  # type: ignore[no-untyped-def]
        doc.add_paragraph("开头")
        body = doc.element.body
        sdt = parse_xml(
            f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
        tracked = parse_xml(
            f"<w:p {w}><w:r><w:t>保留</w:t></w:r><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
            "<w:del><w:r><w:delText>删掉</w:delText></w:r></w:del></w:p>"
        )
        body.insert(1, sdt)
        body.insert(2, tracked)

    src = read_source(write(tmp_path, "c.docx", docx_bytes(build)))
    assert src.raw.split("\n") == ["开头", "控件里的段落", "保留插入"]


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # random bytes
        "这是一个改了扩展名的文本文件".encode(),
        b"PK\x03\x04\x14\x00\x00\x00broken zip",
        b"\x89PNG\r\n\x1a\n" + bytes(32),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),  # old .doc renamed
        _zip({"hello.txt": "hi"}),  # a zip without the Word parts
    ],
    ids=["random", "text", "broken-zip", "png", "ole2", "zip-no-word"],
)
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    refused(write(tmp_path, "坏文件.docx", data), "docx")


def test_truncated_docx(tmp_path: Path) -> None:
    good = docx_bytes(lambda d: d.add_paragraph(SPEECH))
    refused(write(tmp_path, "cut.docx", good[: len(good) // 2]), "docx")


def test_docx_zip_bomb_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "0" * 2_000_000)
    p = write(tmp_path, "bomb.docx", buf.getvalue())
    assert p.stat().st_size < 30_000
    refused(p, "docx", max_bytes=30_000)


# --------------------------------------------------------------------------- metadata


def test_sidecar(tmp_path: Path) -> None:
    p = write(tmp_path, "a.txt", SPEECH)
    write(
        tmp_path,
        "a.yml",
        "title: 在全县会议上的讲话\nmeeting_type: 部署会\nlevel: 县级\nyear: 2021\n"
        "speaker_role: 县长\ntags: [安全生产, 防汛]\nnote: 备注\n",
    )
    src = read_source(p)
    assert src.meta == Meta(
        "在全县会议上的讲话", "部署会", "县级", 2021, "县长", ("安全生产", "防汛"), "备注"
    )
    assert src.raw == SPEECH and src.warnings == ()


def test_sidecar_yaml_suffix_and_gbk(tmp_path: Path) -> None:
    p = write(tmp_path, "b.txt", SPEECH)
    write(tmp_path, "b.yaml", "meeting_type: 动员会\nlevel: 市级\n".encode("gbk"))
    assert (read_source(p).meta.meeting_type, read_source(p).meta.level) == ("动员会", "市级")


def test_no_metadata_defaults(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, "c.txt", SPEECH)).meta == Meta()


def test_front_matter_removed_and_sidecar_wins(tmp_path: Path) -> None:
    p = write(tmp_path, "d.md", "---\r\nmeeting_type: 部署会\r\nyear: 2020\r\n---\r\n" + SPEECH)
    write(tmp_path, "d.yml", "year: 2022\n")
    src = read_source(p)
    assert src.raw == SPEECH  # front matter is metadata, not speech text
    assert (src.meta.meeting_type, src.meta.year) == ("部署会", 2022)


def test_front_matter_in_utf16(tmp_path: Path) -> None:
    text = "---\nlevel: 县级\n---\n" + SPEECH
    src = read_source(write(tmp_path, "e.txt", b"\xff\xfe" + text.encode("utf-16-le")))
    assert (src.raw, src.meta.level) == (SPEECH, "县级")


def test_dashes_without_closing_line_are_text(tmp_path: Path) -> None:
    text = "---\n" + SPEECH
    assert read_source(write(tmp_path, "f.md", text)).raw == text


@pytest.mark.parametrize(
    "front",
    ["---\n这一段不是元数据\n---\n", "---\nyear: [2021\n---\n", "---\n- a\n- b\n---\n"],
)
def test_bad_front_matter(tmp_path: Path, front: str) -> None:
    refused(write(tmp_path, "g.md", front + SPEECH), "metadata")


@pytest.mark.parametrize(
    ("sidecar", "said"),
    [
        ("meeting_type: [部署会\n", "YAML"),  # not valid YAML
        ("- 部署会\n- 县级\n", "键"),  # not a mapping
        ("本文是部署会\n", "键"),  # a plain string
        ("note: 2021-13-45\n", "YAML"),  # looks like a date, is none
        ("tags: {a: 1}\n", "tags"),
        ("title: [甲, 乙]\n", "title"),
        ("level: true\n", "level"),
        (b"level: \xe9t\xe9\n", "文本"),  # not decodable
    ],
)
def test_bad_sidecar_names_the_sidecar(tmp_path: Path, sidecar: str | bytes, said: str) -> None:
    p = write(tmp_path, "h.txt", SPEECH)
    side = write(tmp_path, "h.yml", sidecar)
    assert said in refused(p, "metadata", named=side).message


@pytest.mark.parametrize(
    "year", ["20222", "1900", "2101", "二〇二一", "2021.5", "true", "[2021]", "2021-05-01"]
)
def test_bad_year(tmp_path: Path, year: str) -> None:
    p = write(tmp_path, "y.txt", SPEECH)
    side = write(tmp_path, "y.yml", f"year: {year}\n")
    assert "year" in refused(p, "metadata", named=side).message


@pytest.mark.parametrize(
    ("year", "value"), [("unknown", None), ("未知", None), ("null", None), ("", None), ("1949", 1949)]
)
def test_year_values(tmp_path: Path, year: str, value: int | None) -> None:
    p = write(tmp_path, "y.txt", SPEECH)
    write(tmp_path, "y.yml", f"year: {year}\n")
    assert read_source(p).meta.year == value


def test_tags_single_string_and_blank_values(tmp_path: Path) -> None:
    p = write(tmp_path, "t.txt", SPEECH)
    write(tmp_path, "t.yml", "tags: 安全生产、防汛\nmeeting_type: ''\ntitle: ' '\n")
    meta = read_source(p).meta
    assert (meta.tags, meta.meeting_type, meta.title) == (("安全生产", "防汛"), "未知", None)
    write(tmp_path, "t.yml", "tags: 安全生产\n")
    assert read_source(p).meta.tags == ("安全生产",)


def test_unknown_key_warns(tmp_path: Path) -> None:
    p = write(tmp_path, "u.txt", SPEECH)
    write(tmp_path, "u.yml", "level: 县级\ncolour: red\n")
    src = read_source(p)
    assert src.meta.level == "县级"
    assert len(src.warnings) == 1 and "colour" in src.warnings[0] and "u.yml" in src.warnings[0]


# --------------------------------------------------------------------------- slugs, discovery, API


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("2021-county-training-safety", "2021-county-training-safety"),
        ("My Speech_01", "my-speech-01"),
        ("  --Spaces & Symbols!!--  ", "spaces-symbols"),
        ("slug collision", "slug-collision"),
        ("---", "speech"),
    ],
)
def test_slugify_ascii(stem: str, slug: str) -> None:
    assert slugify_stem(stem) == slug


def test_slugify_chinese() -> None:
    digest = hashlib.sha1("安全讲话".encode()).hexdigest()[:8]
    assert slugify_stem("安全讲话") == f"s-{digest}"
    assert slugify_stem("防汛讲话") != slugify_stem("安全讲话")
    assert slugify_stem("2021年安全讲话") == "2021-" + hashlib.sha1("2021年安全讲话".encode()).hexdigest()[:8]
    assert slugify_stem("２０２１年讲话").startswith("2021-")  # full-width digits keep their meaning


def test_slugify_same_for_decomposed_names() -> None:
    name = "Réunion 安全"
    assert slugify_stem(unicodedata.normalize("NFD", name)) == slugify_stem(name)


@given(st.text(max_size=40))
def test_slug_is_url_safe_and_deterministic(stem: str) -> None:
    slug = slugify_stem(stem)
    assert slug == slugify_stem(stem) and slug
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug


def test_source_id_is_slug(tmp_path: Path) -> None:
    src = read_source(write(tmp_path, "2021 County Training.txt", SPEECH))
    assert isinstance(src, Source) and src.id == src.slug == "2021-county-training"
    assert src.path == tmp_path / "2021 County Training.txt"


def test_discover(tmp_path: Path) -> None:
    names = ["b.txt", "a.md", "c.DOCX", "a.yml", "b.yaml", "formulas.yml", ".hidden.txt", "~$c.docx", "x.pdf"]
    for n in names:
        write(tmp_path, n, "x")
    (tmp_path / "sub.txt").mkdir()
    assert [p.name for p in discover(tmp_path)] == ["a.md", "b.txt", "c.DOCX"]
    assert discover(tmp_path / "nope") == []
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".docx")


def test_error_pickles(tmp_path: Path) -> None:
    err = refused(tmp_path / "gone.txt", "missing")
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.code, back.message, str(back)) == (err.path, err.code, err.message, str(err))
