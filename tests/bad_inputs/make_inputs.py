"""Writes the bad-input files of this folder (run once; the files are committed so every
kind is visible in the repository). The 5 MB file is made by the test itself.

    .venv/bin/python tests/bad_inputs/make_inputs.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
SPEECH = "同志们：\n今天召开全县安全生产工作会议。下面，我讲两点意见。\n一、提高认识\n安全生产是发展的底线，要高度重视。\n二、压实责任\n要落实党政同责、一岗双责、齐抓共管、失职追责。\n同志们，让我们共同努力！\n"


def main() -> None:
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": " \n\t\r\n\u3000\u3000\n\u200b".encode(),
        "png-renamed.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
        "latin1-garbage.txt": bytes(range(0x80, 0x100)) * 3,
        "nul-bytes.txt": ("同志们：" + "\x00" * 8 + "下面").encode(),
        "gbk.txt": SPEECH.encode("gbk"),
        "gb18030-rare.txt": (SPEECH + "会议在䶮𠀀村召开。\n").encode("gb18030"),
        "utf16-le-bom.txt": b"\xff\xfe" + SPEECH.encode("utf-16-le"),
        "utf16-be-bom.txt": b"\xfe\xff" + SPEECH.encode("utf-16-be"),
        "utf8-bom.txt": b"\xef\xbb\xbf" + SPEECH.encode(),
        "mixed-line-endings.txt": SPEECH.replace("\n", "\r\n", 3).replace("\n", "\r", 2).encode(),
        "one-enormous-paragraph.txt": ("安全生产是一项长期而艰巨的任务，必须常抓不懈" * 2500 + "。").encode(),
        "no-salutation-no-numbering.txt": "今天开会，主要是部署工作。大家要认真落实，确保安全。会后各单位要抓紧传达。\n".encode(),
        "only-title.txt": "在全县安全生产工作会议上的讲话\n".encode(),
        "two-hundred-sections.txt": (
            "同志们：\n下面，我讲二百点意见。\n"
            + "".join(f"{n}.第{n}项工作\n要抓好第{n}项工作。\n" for n in range(1, 201))
            + "谢谢大家！\n"
        ).encode(),
        "numbering-out-of-order.txt": "同志们：\n下面，我讲三点意见。\n一、甲\n要甲。\n三、乙\n要乙。\n二、丙\n要丙。\n一是学。三是做。\n".encode(),
        "nested-quotes-unpaired.txt": "同志们：\n他说：“要坚持‘安全第一’，（不能“松懈。\n下面，我讲两点意见。\n一、甲（未完\n要“甲”。\n二、乙】\n要乙」。\n".encode(),
        "traditional.txt": "同志們：\n下面，我講兩點意見。\n一、提高認識\n要高度重視。\n二、壓實責任\n要落實責任。\n".encode(),
        "zero-width-control.txt": "同\u200b志\u200d们：\n下面，我讲\x07两点意见。\u2028\n一、提\ufeff高认识\n要重视\x1b。\n二、压实责任\n要落实。\n".encode(),
        "markup-everywhere.txt": (
            "## 在<script>alert(1)</script>会议上的讲话\n同志们：\n"
            "**今天** <img src=x onerror=alert(1)> [点我](javascript:alert(1)) {{ config }} {% if x %}"
            ' --8<-- "secret.md" !!! note ==高亮== ++插入++ ~~删除~~ ^^上^^ :smile: <!-- 注释 --> &copy; \\*。下面，我讲两点意见。\n'
            "一、<b>提高</b>认识 {: #x .y }\n| 表 | 格 |\n二、压实[责任](http://example.com)\n```\n代码\n```\n"
        ).encode(),
        "slug collision.txt": SPEECH.encode(),
        "slug-collision.txt": SPEECH.replace("两点", "两点").encode(),
        "corrupt.docx": b"PK\x03\x04\x14\x00\x00\x00broken zip",
        "not-really.docx": "这是一个改了扩展名的文本文件".encode(),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    _docx(HERE / "tables-and-empty-paragraphs.docx")


def _docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("在全县安全生产工作会议上的讲话")
    doc.add_paragraph("")
    doc.add_paragraph("同志们：")
    doc.add_paragraph("")
    doc.add_paragraph("下面，我讲两点意见。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "单位"
    table.cell(0, 1).text = "责任人"
    table.cell(1, 0).text = "应急局"
    table.cell(1, 1).text = "××"
    doc.add_paragraph("一、提高认识")
    doc.add_paragraph("要高度重视。")
    doc.add_paragraph("")
    doc.add_paragraph("二、压实责任")
    doc.add_paragraph("要落实责任。")
    buf = io.BytesIO()
    doc.save(buf)
    # Fixed timestamps inside the zip, so the committed file does not change on every run.
    src = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            info.date_time = (2020, 1, 1, 0, 0, 0)
            out.writestr(info, data)


if __name__ == "__main__":
    main()
