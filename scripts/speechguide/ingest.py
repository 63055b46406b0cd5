"""Stage 1: a file → `Source` (raw text exactly as in the file, decoded; metadata).

`read_source` works in this order:

1. refuse what is not a speech file: missing, unsupported suffix, over the size limit (checked
   with `stat` before reading), empty;
2. `.docx`: paragraphs in document order, table cells included (python-docx);
3. text: BOM → strict UTF-8 → charset-normalizer's guess, accepted only for a Chinese encoding
   whose decoding reads as Chinese; anything else is refused, never decoded into mojibake;
4. metadata: YAML front matter (removed from the text) and/or a sidecar `NAME.yml`.

Every refusal is an `IngestError` whose message (Chinese) names the file.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
DEFAULT_MAX_BYTES = 2_000_000
CHINESE_ENCODINGS = (
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "big5hkscs",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "hz",
)

# Magic numbers of files that are certainly not text.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"%PDF", "PDF 文件"),
    (b"PK\x03\x04", "ZIP 压缩包（或 Word 文档）"),
    (b"\x7fELF", "可执行文件"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel（.doc/.xls）文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# `---\n…\n---\n` at the very start of a text file.
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    meeting_type: str = "未知"
    level: str = "未知"
    year: int | None = None
    speaker_role: str = "未知"
    tags: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    slug: str
    path: Path
    raw: str
    encoding: str
    meta: Meta
    warnings: tuple[str, ...] = ()


class IngestError(Exception):
    """Refused input. `code` is a short id; the message is Chinese and names the file."""

    def __init__(self, path: Path, code: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.code = code
        self.message = message


def _err(path: Path, code: str, what: str) -> IngestError:
    return IngestError(path, code, f"“{path.name}”：{what}")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB"


# --------------------------------------------------------------------------- slugs and discovery


def slugify_stem(stem: str) -> str:
    """ASCII slug from a file stem; non-ASCII stems get a short hash so Chinese names do not collide."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if stem.isascii():
        return ascii_part or "speech"
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"s-{digest}"


def discover(folder: Path) -> list[Path]:
    """Speech files in `folder` (not recursive), sorted by name; sidecars and hidden files skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in SUPPORTED_SUFFIXES
    )


# --------------------------------------------------------------------------- decoding


def _looks_chinese(text: str) -> bool:
    """Decoded text reads as Chinese: mostly common CJK ideographs among the non-ASCII letters,
    almost no replacement or control characters."""
    if not text:
        return False
    bad = sum(
        1
        for c in text
        if c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\r\n\t")
    )
    if bad > max(2, len(text) // 200):
        return False
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    if not letters:
        return True  # ASCII-only text that is not valid UTF-8 cannot happen; nothing to judge
    common = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    return common / len(letters) >= 0.7


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError:
                raise _err(
                    path, "encoding", f"文件开头标明是 {enc.upper()} 编码，但内容不是有效的 {enc.upper()}。"
                ) from None
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            raise _err(path, "binary", f"这是{what}，不是文本文件。")
    if b"\x00" in data:
        raise _err(path, "binary", "含有空字节，像是二进制文件（或没有 BOM 的 UTF-16），不是可读的文本。")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    enc = best.encoding if best is not None else None
    if enc in ("gbk", "gb2312", "hz", "cp936"):
        enc = "gb18030"  # superset: never lose a rare character
    if enc in CHINESE_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = ""
        if _looks_chinese(text):
            return text, enc
    # charset-normalizer may prefer a non-Chinese code page for short GB text: try GB18030 strictly.
    try:
        text = data.decode("gb18030")
        if _looks_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    guess = f"（像是 {enc}）" if enc else ""
    raise _err(
        path,
        "encoding",
        f"无法确定文字编码{guess}，不是 UTF-8、GB18030/GBK 或带 BOM 的 UTF-16。请另存为 UTF-8 文本。",
    )


def _read_docx(path: Path) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _err(path, "docx", f"不是有效的 Word（.docx）文件，打不开（{type(exc).__name__}）。") from None
    except Exception as exc:  # python-docx raises lxml errors for broken XML parts
        raise _err(path, "docx", f"Word 文件已损坏，读不出内容（{type(exc).__name__}）。") from None
    lines: list[str] = []

    def para_text(p) -> str:
        return "".join(t.text or "" for t in p.iter(qn("w:t")))

    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(para_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                seen: set[int] = set()
                for cell in row.iter(qn("w:tc")):
                    if id(cell) in seen:
                        continue
                    seen.add(id(cell))
                    for p in cell.iter(qn("w:p")):
                        lines.append(para_text(p))
    return "\n".join(lines)


# --------------------------------------------------------------------------- metadata

KNOWN_KEYS = {"title", "meeting_type", "level", "year", "speaker_role", "tags", "note"}


def _parse_meta(fields: dict[str, Any], where: Path, warnings: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in KNOWN_KEYS:
            warnings.append(f"“{where.name}”：不认识的元数据项“{key}”，已忽略。")
            continue
        if key == "year":
            if value is None or (isinstance(value, str) and value.strip().lower() in ("unknown", "未知", "")):
                out["year"] = None
            elif isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2100:
                out["year"] = value
            else:
                raise _err(
                    where, "metadata", f"元数据 year 应是 1949–2100 之间的年份或“未知”，现在是“{value}”。"
                )
        elif key == "tags":
            if isinstance(value, str):
                out["tags"] = (value,)
            elif isinstance(value, list) and all(isinstance(t, (str, int)) for t in value):
                out["tags"] = tuple(str(t) for t in value)
            elif value is None:
                out["tags"] = ()
            else:
                raise _err(where, "metadata", "元数据 tags 应是字符串或字符串列表。")
        else:
            if value is None:
                continue
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise _err(where, "metadata", f"元数据 {key} 应是文字。")
            out[key] = str(value)
    return out


def _load_yaml(text: str, where: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise _err(where, "metadata", f"元数据不是有效的 YAML{at}。") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _err(where, "metadata", "元数据应是“键: 值”的形式。")
    return data


# --------------------------------------------------------------------------- read


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    path = Path(path)
    if not path.is_file():
        raise _err(path, "missing", "文件不存在。")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise _err(path, "unsupported", f"不支持 {path.suffix or '无扩展名'} 文件，只读 .txt、.md、.docx。")
    size = path.stat().st_size
    if size > max_bytes:
        raise _err(
            path,
            "too_large",
            f"文件有 {_size(size)}，超过上限 {_size(max_bytes)}（可在 mkdocs.yml 的 max_bytes 调整）。",
        )
    if size == 0:
        raise _err(path, "empty", "文件是空的。")

    warnings: list[str] = []
    if path.suffix.lower() == ".docx":
        raw, encoding = _read_docx(path), "docx"
    else:
        data = path.read_bytes()
        if data.startswith(b"PK\x03\x04") and path.suffix.lower() != ".docx":
            raise _err(path, "binary", "这是 ZIP 压缩包（或改了扩展名的 Word 文档），不是文本文件。")
        raw, encoding = _decode(path, data)

    fields: dict[str, Any] = {}
    m = FRONT_MATTER_RE.match(raw) if encoding != "docx" else None
    if m:
        fields.update(_parse_meta(_load_yaml(m.group(1), path), path, warnings))
        raw = raw[m.end() :]
    sidecar = next((p for p in (path.with_suffix(".yml"), path.with_suffix(".yaml")) if p.is_file()), None)
    if sidecar is not None:
        try:
            text = sidecar.read_text(encoding="utf-8-sig")
        except (UnicodeDecodeError, OSError):
            raise _err(sidecar, "metadata", "元数据文件不是 UTF-8 文本。") from None
        fields.update(_parse_meta(_load_yaml(text, sidecar), sidecar, warnings))

    if not raw.strip(" \t\r\n\u3000\u00a0" + INVISIBLE):
        raise _err(path, "empty", "文件里只有空白，没有文字。")
    slug = slugify_stem(path.stem)
    return Source(slug, slug, path, raw, encoding, Meta(**fields), tuple(warnings))
