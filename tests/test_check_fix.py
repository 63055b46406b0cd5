"""`speechguide check --fix` (safe fixes in place, in the file's own encoding, Word formatting
kept, idempotent) and `--annotate` (a .checked.docx with the findings as Word comments)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from speechguide.cli import main

DRAFT = (
    "在全县安全生产工作会议上的讲话\n（2024年5月6日）\n同志们:\n今天,我们召开会议。。下面，我讲两点意见。\n"
    "一、提高思想认识\n要落实党政同责、一岗双责、齐抓共管、失职问责。\n"
    "二、狠抓工作落实\n要坚持预防为主、安全第一、综合治理。\n同志们，让我们共同努力！\n"
)
FIXED = (
    "在全县安全生产工作会议上的讲话\n（2024年5月6日）\n同志们：\n今天，我们召开会议。下面，我讲两点意见。\n"
    "一、提高思想认识\n要落实党政同责、一岗双责、齐抓共管、失职追责。\n"
    "二、狠抓工作落实\n要坚持安全第一、预防为主、综合治理。\n同志们，让我们共同努力！\n"
)


def _lexicon_args() -> list[str]:
    return ["--lexicon", str(Path(__file__).resolve().parents[1] / "seeds" / "formulas.yml")]


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("gb18030", b"", "\n")],
    ids=["utf8", "utf8-bom-crlf", "gbk"],
)
def test_fix_text_in_its_own_encoding_and_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, bom: bytes, newline: str
) -> None:
    f = tmp_path / "稿子.txt"
    f.write_bytes(bom + DRAFT.replace("\n", newline).encode(encoding))
    assert main(["check", str(f), "--fix", *_lexicon_args()]) == 0  # nothing left for the writer
    out = capsys.readouterr().out
    assert "“,” → “，”" in out and "失职追责”" in out and "自动改正 5 处" in out
    data = f.read_bytes()
    assert data.startswith(bom)
    assert data[len(bom) :].decode(encoding) == FIXED.replace("\n", newline)
    again = f.read_bytes()
    assert main(["check", str(f), "--fix", *_lexicon_args()]) == 0
    assert f.read_bytes() == again and "没有可以自动改正的地方" in capsys.readouterr().out


def test_fix_keeps_front_matter_of_a_markdown_draft(tmp_path: Path) -> None:
    f = tmp_path / "稿子.md"
    f.write_text("---\nmeeting_type: 部署会\n---\n" + DRAFT, encoding="utf-8")
    main(["check", str(f), "--fix", *_lexicon_args()])
    assert f.read_text(encoding="utf-8") == "---\nmeeting_type: 部署会\n---\n" + FIXED


def _docx(path: Path) -> None:
    doc = Document()
    for line in DRAFT.rstrip("\n").split("\n"):
        p = doc.add_paragraph()
        if line.startswith("今天"):
            p.add_run("今天")
            bold = p.add_run(",我们召开会议")
            bold.bold = True
            p.add_run(line[len("今天,我们召开会议") :])
        else:
            p.add_run(line)
    doc.save(str(path))


def test_fix_docx_keeps_runs_and_styles(tmp_path: Path) -> None:
    f = tmp_path / "稿子.docx"
    _docx(f)
    assert main(["check", str(f), "--fix", *_lexicon_args()]) in (0, 1)
    doc = Document(str(f))
    texts = [p.text for p in doc.paragraphs]
    assert texts == FIXED.rstrip("\n").split("\n")
    runs = next(p for p in doc.paragraphs if p.text.startswith("今天")).runs
    assert [r.text for r in runs] == ["今天", "，我们召开会议", "。下面，我讲两点意见。"]
    assert runs[1].bold and not runs[0].bold


def _comments(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/comments.xml").decode("utf-8")
    return re.findall(r"<w:comment\b.*?</w:comment>", xml, re.S)


def test_annotate_docx_writes_a_copy_with_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "稿子.docx"
    _docx(f)
    before = f.read_bytes()
    code = main(["check", str(f), "--annotate", "--format", "json", *_lexicon_args()])
    assert code in (0, 1)
    assert f.read_bytes() == before  # the original is never modified
    out = tmp_path / "稿子.checked.docx"
    comments = _comments(out)
    import json

    findings = json.loads(capsys.readouterr().out)["findings"]
    assert len(comments) == len(findings) >= 4
    assert any("固定表述" in c or "过时" in c for c in comments)
    assert [p.text for p in Document(str(out)).paragraphs] == DRAFT.rstrip("\n").split("\n")


def test_annotate_text_draft_becomes_a_commented_docx(tmp_path: Path) -> None:
    f = tmp_path / "稿子.txt"
    f.write_text(DRAFT, encoding="utf-8")
    main(["check", str(f), "--annotate", *_lexicon_args()])
    out = tmp_path / "稿子.checked.docx"
    assert [p.text for p in Document(str(out)).paragraphs] == DRAFT.rstrip("\n").split("\n")
    assert len(_comments(out)) >= 4 and f.read_text(encoding="utf-8") == DRAFT


def test_missing_or_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.txt")]) == 2
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "bad.txt" in err
