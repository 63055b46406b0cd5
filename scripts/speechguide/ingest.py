"""Stage 1: a file → `Source` (the text exactly as in the file, decoded; its metadata).

`read_source` works in this order:

1. refuse what is not a speech file: missing, unsupported suffix, over the size limit (checked
   with `stat` before reading), empty;
2. `.docx`: paragraphs in document order, table cells and content controls included;
3. text: BOM → strict UTF-8 → charset-normalizer's guess, accepted only for a Chinese encoding
   whose decoding reads as Chinese; anything else is refused, never decoded into mojibake;
4. metadata: YAML front matter (removed from the text) and/or a sidecar `NAME.yml`; the sidecar
   wins for keys set in both.

Every refusal is an `IngestError` whose one-line message (Chinese) names the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
DEFAULT_MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None  # optional override of the speech title
    meeting_type: str = "未知"  # 部署会, 动员会, 季度工作会, 培训班, 推进会…
    level: str = "未知"  # 县级, 市级, 系统内…
    year: int | None = None
    speaker_role: str = "未知"
    tags: tuple[str, ...] = ()
    note: str | None = None
    date: str | None = None  # YYYY-MM-DD
    speaker: str | None = None
    office: str | None = None
    topic: str | None = None
    # Fields the .yml states as not known (`year: unknown`): a maintainer looked, the text
    # does not say; not a gap to report.
    stated_unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: str  # == slug
    slug: str
    path: Path
    raw: str  # decoded text exactly as in the file (only a BOM removed); .docx: paragraphs joined by "\n"
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "big5", "utf-16-le", …, or "docx"
    meta: Meta
    warnings: tuple[str, ...] = ()  # Chinese, non-fatal


class IngestError(Exception):
    """Refused input. `code` is a short id, `message` is Chinese and names the file.

    Codes: missing, unsupported, too_large, empty, binary, encoding, docx, metadata, unreadable.
    """

    def __init__(self, path: Path, code: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # The default pickling would call IngestError(message) and fail (process pools).
        return (type(self), (self.path, self.code, self.message))


def _err(path: Path, code: str, what: str) -> IngestError:
    # One line, whatever the file name holds.
    name = path.name.replace("\r", " ").replace("\n", " ")
    return IngestError(path, code, f"“{name}”：{what}")


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".removesuffix(".0") + " MB"
    if n >= 1000:
        return f"{n / 1000:.1f}".removesuffix(".0") + " KB"
    return f"{n} 字节"


def _too_large(path: Path, size: int, limit: int) -> IngestError:
    have, cap = _size(size), _size(limit)
    if have == cap:  # 2,000,001 bytes against 2,000,000 would both read "2 MB"
        have, cap = f"{size:,} 字节", f"{limit:,} 字节"
    return _err(path, "too_large", f"文件有 {have}，超过上限 {cap}，未读取（上限可用 max_bytes 设置调整）。")


# --------------------------------------------------------------------------- slugs and discovery


def slugify_stem(stem: str) -> str:
    """URL-safe ASCII slug of a file stem, deterministic.

    `2021-county-training` → itself; `My Speech_01` → `my-speech-01`; a stem with non-ASCII
    characters gets `-` + 8 hex digits of its SHA-1 so different Chinese names do not collide
    (`安全讲话` → `s-` + hash when nothing ASCII is left); an ASCII stem with no letter or digit
    → `speech`.
    """
    nfc = unicodedata.normalize("NFC", stem)  # macOS hands out decomposed (NFD) names
    # NFKC first so full-width letters and digits (２０２１) keep their ASCII meaning.
    ascii_part = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", nfc).lower()).strip("-")
    if nfc.isascii():
        return ascii_part or "speech"
    digest = hashlib.sha1(nfc.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"s-{digest}"


def discover(folder: Path) -> list[Path]:
    """Speech files directly in `folder`, sorted by name.

    Skipped: hidden files, Office lock files (`~$…`), anything without a speech suffix (sidecar
    `.yml`/`.yaml`, `formulas.yml`, images…), folders. A missing folder holds no speeches.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if not p.name.startswith((".", "~$")) and p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()
    ]
    return sorted(found, key=lambda p: p.name)


# --------------------------------------------------------------------------- decoding

# Checked longest first: the UTF-32 LE BOM begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of files that are certainly not text (ZIP only for .txt/.md: a .docx is one).
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"%PDF-", "PDF 文件"),
    (b"PK\x03\x04", "ZIP 压缩包（或改了扩展名的 Word 文档）"),
    (b"PK\x05\x06", "ZIP 压缩包"),
    (b"\x7fELF", "可执行文件"),
    (b"MZ\x90\x00", "Windows 可执行文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word/Excel（.doc/.xls）文件，请在 Word 中另存为 .docx"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
# Chinese encodings charset-normalizer may name, with the codec we decode with: GBK and GB2312
# are read as GB18030, their superset, so a rare character never fails the strict decode.
CHINESE_CODECS = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "big5": "big5",
    "cp950": "cp950",
    "big5hkscs": "big5hkscs",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
}
# The 500 most frequent characters of jieba's dictionary (simplified) and their traditional
# forms (OpenCC s2t, s2tw). Real Chinese has ~40–85 % of its ideographs among them, mojibake
# (Korean, Japanese, Latin text read as GBK; GBK read as Big5) under 20 %.
COMMON_HANZI = frozenset(
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可"
    "过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所"
    "如现理机体表力好外与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城"
    "十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知"
    "级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首共马形己儿司太目基领"
    "队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五"
    "京河接条规式县白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边"
    "据集联古广完质阳难增历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑"
    "革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃"
    "观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源息语股铁断派速怎需片爱律纪支早况病境证编"
    "國爲這個來會時學說們於後發對長過業裏經門動進區開產軍還種現機體與當兩實麼關從內沒將員東頭間無見戰點場"
    "數樣問並萬級應資務氣漢總電聲設義統處馬兒領隊計別權話報給變書幾華議稱決張導術結師達題條規縣風運組聽濟"
    "黨論強黃選記卻職號類傳帶幹農邊據聯廣質陽難歷專認車臺遊舉線團備爭衆連調轉該爾讓較際親單紅價約亞則屬積"
    "圖準極裝許參喫觀魚辦復遠羣構隨勢熱網語鐵斷愛紀況證編為著裡眾"
)
# Invisible characters that do not make a file non-empty (besides str.isspace()).
INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u180e\u3164\uffa0\u2800")
TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def _is_ideograph(c: str) -> bool:
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def _is_unified(c: str) -> bool:
    return 0x4E00 <= ord(c) <= 0x9FFF


def _is_unassigned(c: str) -> bool:
    """Replacement, unassigned, private-use or lone-surrogate character: what reading bytes with
    the wrong encoding produces, and a real text (almost) never holds."""
    return c == "\ufffd" or unicodedata.category(c) in ("Cn", "Co", "Cs")


def _is_garbage(c: str) -> bool:
    return _is_unassigned(c) or (c < " " and c not in TEXT_CONTROLS)


def _count(counts: Counter[str], pred: Any) -> int:
    return sum(n for c, n in counts.items() if pred(c))


def _chinese_score(text: str) -> float | None:
    """How much `text` reads as Chinese (share of common characters among its ideographs), or
    None when it does not: few garbage characters, ideographs make most of the non-ASCII letters,
    mostly from the CJK Unified block, and common ones among them."""
    counts = Counter(text)
    if _count(counts, _is_garbage) > max(2, len(text) // 200):
        return None
    ideographs = _count(counts, _is_ideograph)
    letters = _count(counts, lambda c: not c.isascii() and c.isalpha())
    if ideographs == 0 or ideographs < 0.8 * letters:
        return None
    if _count(counts, _is_unified) < 0.9 * ideographs:
        return None
    common = _count(counts, COMMON_HANZI.__contains__) / ideographs
    return common if common >= 0.3 else None


def _looks_binary(text: str) -> bool:
    # Control characters (other than line/tab) in numbers a text never has.
    controls = sum(1 for c in text if c < " " and c not in TEXT_CONTROLS)
    return controls > 16 and controls * 20 > len(text)


def _decode_bom(path: Path, data: bytes) -> tuple[str, str] | None:
    tried: list[str] = []
    for bom, enc in BOMS:
        if not data.startswith(bom):
            continue
        tried.append(enc)
        try:
            text = data[len(bom) :].decode(enc)
        except UnicodeDecodeError:
            continue  # FF FE 00 00 may still be UTF-16 LE: try the next BOM
        # UTF-8 validates itself; UTF-16/32 decode almost any bytes, so the result is checked.
        if enc == "utf-8-sig" or sum(1 for c in text if _is_unassigned(c)) <= max(2, len(text) // 100):
            return text, enc
    if tried:
        name = tried[0].upper()
        raise _err(path, "encoding", f"文件开头标明是 {name} 编码，但内容不是有效的 {name} 文本，无法读取。")
    return None


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name), or `IngestError` (binary / encoding)."""
    bom = _decode_bom(path, data)
    if bom is not None:
        return bom
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            raise _err(path, "binary", f"这是{what}，不是文本文件。")
    if b"\x00" in data:
        raise _err(path, "binary", "含有空字节，是二进制文件（或没有 BOM 的 UTF-16 文本），不是可读的文本。")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    try:
        guess = codecs.lookup(best.encoding).name if best is not None else None
    except LookupError:
        guess = None
    # The guess comes first, but short GB text is often guessed as Big5 (and the reverse), so
    # GB18030 and Big5 are tried too; the reading that looks most like Chinese wins.
    candidates = [CHINESE_CODECS[guess]] if guess in CHINESE_CODECS else []
    candidates += [c for c in ("gb18030", "big5", "cp950") if c not in candidates]
    best_text: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _chinese_score(text)
        if score is not None and (best_text is None or score > best_text[0]):
            best_text = (score, text, enc)
    if best_text is not None:
        return best_text[1], best_text[2]
    like = f"（像是 {guess}）" if guess and guess not in CHINESE_CODECS else ""
    raise _err(
        path,
        "encoding",
        f"无法确定文字编码{like}：不是 UTF-8、GB18030/GBK、Big5 或带 BOM 的 UTF-16 中文文本。请另存为 UTF-8 后再试。",
    )


# --------------------------------------------------------------------------- .docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Inside a paragraph: no text of the paragraph itself (properties, deleted or moved-away text,
# field codes, drawings/text boxes — python-docx leaves those out of paragraph text too).
_SKIP_IN_P = frozenset(
    W + t
    for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "sdtPr", "drawing", "pict", "object")
) | {MC + "Fallback"}
# Wrappers around paragraphs, tables, rows or cells whose content counts as if unwrapped.
_WRAPPERS = frozenset(W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"))
_DOCX_UNZIPPED_FACTOR = 50  # zip bomb guard: unpacked parts at most 50× the size limit


def para_pieces(p: Any) -> list[tuple[str, Any]]:
    """A paragraph's text as pieces (text, the `w:t` element it comes from, or None for a tab or
    break): joined they are the paragraph's line in the speech text. `--fix` and `--annotate`
    use the elements to edit or mark the draft where the text came from."""
    parts: list[tuple[str, Any]] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_P:
                continue  # comments and processing instructions have a non-str tag
            if tag == W + "t":
                parts.append((child.text or "", child))
            elif tag in (W + "tab", W + "ptab"):
                parts.append(("\t", None))
            elif tag in (W + "br", W + "cr"):
                parts.append(("\n", None))  # a page break too: text on either side must not run together
            elif tag == W + "noBreakHyphen":
                parts.append(("-", None))
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    walk(choice)
            else:
                walk(child)

    walk(p)
    return parts


def _para_text(p: Any) -> str:
    return "".join(t for t, _ in para_pieces(p))


def _unwrapped(el: Any, tag: str) -> Iterator[Any]:
    """Children of `el` with `tag`, looking through content controls and similar wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _unwrapped(child, tag)


def docx_paragraphs(container: Any) -> list[Any]:
    """The `w:p` elements of a body or a table cell, in document order, tables included — the
    lines of the speech text, one each."""
    out: list[Any] = []
    for child in container:
        tag = child.tag
        if tag == W + "p":
            out.append(child)
        elif tag == W + "tbl":
            for row in _unwrapped(child, W + "tr"):
                for cell in _unwrapped(row, W + "tc"):
                    if not _merged_continuation(cell):
                        out.extend(docx_paragraphs(cell))
        elif tag in _WRAPPERS:
            out.extend(docx_paragraphs(child))
    return out


def _merged_continuation(tc: Any) -> bool:
    """A cell continuing a merge: Word shows the first cell's text only (python-docx would
    return the first cell again for it)."""
    props = tc.find(W + "tcPr")
    if props is None:
        return False
    for name in ("vMerge", "hMerge"):
        merge = props.find(W + name)
        if merge is not None and merge.get(W + "val", "continue") == "continue":
            return True
    return False


def _read_docx(path: Path, max_bytes: int) -> str:
    with path.open("rb") as f:
        head = f.read(8)
    if not head.startswith(b"PK"):
        what = next((w for m, w in BINARY_MAGIC if head.startswith(m)), None)
        why = f"这其实是{what}" if what else "不是 ZIP 格式（可能是改了扩展名的其他文件）"
        raise _err(path, "docx", f"不是有效的 Word（.docx）文件：{why}。")
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _err(path, "docx", "Word（.docx）文件已损坏：压缩结构不完整，打不开。") from None
    limit = max_bytes * _DOCX_UNZIPPED_FACTOR
    if unpacked > limit:
        raise _err(
            path, "docx", f"Word（.docx）文件解压后有 {_size(unpacked)}，超过 {_size(limit)}，不予读取。"
        )

    from docx import Document

    try:
        body = Document(str(path)).element.body
        lines = [_para_text(p) for p in docx_paragraphs(body)]
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for broken parts
        raise _err(
            path, "docx", f"不是有效的 Word（.docx）文件，读不出正文（{type(exc).__name__}）。"
        ) from None
    return "\n".join(lines)


# --------------------------------------------------------------------------- metadata

KNOWN_KEYS = (
    "title",
    "meeting_type",
    "level",
    "year",
    "date",
    "speaker",
    "office",
    "topic",
    "speaker_role",
    "tags",
    "note",
)
OPTIONAL_TEXT_KEYS = ("title", "note", "speaker", "office", "topic")
DATE_VALUE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
UNKNOWN_YEAR = ("unknown", "未知", "不详", "")
# `---` line, YAML, `---` line, at the very start of a text file (CRLF allowed; may be empty).
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(?:(.*?)\r?\n)??---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
TAG_SEPARATORS = re.compile(r"[,，、;；]")


def _text_value(key: str, value: Any, where: Path) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        raise _err(where, "metadata", f"元数据 {key} 应是一段文字，现在是{_yaml_kind(value)}。")
    return str(value).strip() or None


def _date_value(value: Any, where: Path) -> str | None:
    """`2023-04-03` (a YAML date or text) → "2023-04-03"; blank/未知 → None."""
    if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_YEAR):
        return None
    if isinstance(value, dt.date):
        value = value.isoformat()
    m = DATE_VALUE_RE.match(str(value).strip()) if isinstance(value, str) else None
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            day = None
        if day is not None and 1949 <= day.year <= 2100:
            return day.isoformat()
    raise _err(
        where, "metadata", f"元数据 date 应是“年-月-日”（如 2023-04-03）或“未知”，现在是{_yaml_kind(value)}。"
    )


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“键: 值”表"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, dt.date):
        return f"日期 {value}"
    return f"“{value}”"


def _parse_meta(fields: dict[Any, Any], where: Path, warnings: list[str]) -> dict[str, Any]:
    """Validated `Meta` keyword arguments from one YAML mapping (front matter or sidecar)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in KNOWN_KEYS:
            warnings.append(
                f"“{where.name}”：不认识的元数据项“{key}”，已忽略（可用的有：{'、'.join(KNOWN_KEYS)}）。"
            )
            continue
        if (
            isinstance(value, str)
            and value.strip().lower() in UNKNOWN_YEAR
            and key in ("year", "date", "level", "meeting_type", "speaker", "office", "topic")
        ):
            out["stated_unknown"] = (*out.get("stated_unknown", ()), key)
        if key == "year":
            if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_YEAR):
                out["year"] = None
            elif isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2100:
                out["year"] = value
            else:
                raise _err(
                    where,
                    "metadata",
                    f"元数据 year 应是 1949–2100 之间的年份或“未知”，现在是{_yaml_kind(value)}。",
                )
        elif key == "date":
            out["date"] = _date_value(value, where)
        elif key == "tags":
            if value is None:
                items: list[Any] = []
            elif isinstance(value, str):
                items = TAG_SEPARATORS.split(value)  # "防汛、安全" is two tags, not one
            elif isinstance(value, list):
                items = value
            else:
                raise _err(where, "metadata", f"元数据 tags 应是文字或文字列表，现在是{_yaml_kind(value)}。")
            tags: list[str] = []
            for item in items:
                tag = _text_value("tags", item, where)
                if tag and tag not in tags:
                    tags.append(tag)
            out["tags"] = tuple(tags)
        else:
            text = _text_value(key, value, where)
            if text is not None:
                out[key] = text
            elif key in OPTIONAL_TEXT_KEYS:
                out[key] = None
            else:
                out[key] = "未知"  # blank means not known, the same as leaving it out
    return out


# libyaml when PyYAML has it: a sidecar per speech, and the pure-Python parser is ~10× slower.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str, where: Path, what: str) -> dict[Any, Any]:
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"（第 {mark.line + 1} 行附近）" if mark is not None else ""
        raise _err(where, "metadata", f"{what}不是有效的 YAML{at}。") from None
    except (ValueError, TypeError, OverflowError, RecursionError):
        # e.g. `note: 2021-13-45` looks like a date but is none; absurdly deep nesting
        raise _err(where, "metadata", f"{what}不是有效的 YAML（有无法识别的值）。") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _err(
            where,
            "metadata",
            f"{what}应是“键: 值”的形式（如 meeting_type: 部署会），现在是{_yaml_kind(data)}。",
        )
    return data


def _read_sidecar(sidecar: Path, max_bytes: int, warnings: list[str]) -> dict[str, Any]:
    try:
        if sidecar.stat().st_size > max_bytes:
            raise _err(sidecar, "metadata", f"元数据文件超过 {_size(max_bytes)}，不像元数据。")
        data = sidecar.read_bytes()
    except OSError:
        raise _err(sidecar, "metadata", "元数据文件无法读取。") from None
    try:
        # Same decoding as speeches: Notepad on Chinese Windows may save the sidecar as GBK.
        text, _ = _decode(sidecar, data)
    except IngestError:
        raise _err(sidecar, "metadata", "元数据文件不是可读的文本（请存为 UTF-8）。") from None
    return _parse_meta(_load_yaml(text, sidecar, "元数据文件"), sidecar, warnings)


def _sidecar(path: Path, warnings: list[str]) -> Path | None:
    found = [p for p in (path.with_suffix(".yml"), path.with_suffix(".yaml")) if p.is_file()]
    if len(found) == 2:
        warnings.append(f"“{path.name}”：同时有 {found[0].name} 和 {found[1].name}，只用了 {found[0].name}。")
    return found[0] if found else None


# --------------------------------------------------------------------------- read


def _is_blank(text: str) -> bool:
    return all(c.isspace() or c in INVISIBLE or unicodedata.category(c) == "Cf" for c in text)


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one speech file. Raises `IngestError` for anything that is not a readable speech."""
    path = Path(path)
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise _err(path, "missing", "文件不存在。") from None
    except OSError as exc:
        raise _err(path, "unreadable", f"无法访问文件（{exc.strerror or type(exc).__name__}）。") from None
    if not path.is_file():
        raise _err(path, "missing", "不是文件（是文件夹或特殊文件）。")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = "旧版 .doc 请在 Word 中另存为 .docx；" if suffix == ".doc" else ""
        raise _err(
            path, "unsupported", f"不支持 {path.suffix or '无扩展名的'} 文件，{hint}只读 .txt、.md、.docx。"
        )
    if st.st_size > max_bytes:
        raise _too_large(path, st.st_size, max_bytes)
    if st.st_size == 0:
        raise _err(path, "empty", "文件为空。")

    try:
        if suffix == ".docx":
            raw, encoding = _read_docx(path, max_bytes), "docx"
        else:
            with path.open("rb") as f:
                data = f.read(max_bytes + 1)  # the file may have grown since stat
            if len(data) > max_bytes:
                raise _too_large(path, len(data), max_bytes)
            raw, encoding = _decode(path, data)
    except OSError as exc:
        raise _err(path, "unreadable", f"无法读取文件（{exc.strerror or type(exc).__name__}）。") from None
    if encoding != "docx" and _looks_binary(raw):
        raise _err(path, "binary", "含有大量控制字符，是二进制文件，不是可读的文本。")

    warnings: list[str] = []
    fields: dict[str, Any] = {}
    m = FRONT_MATTER_RE.match(raw) if encoding != "docx" else None
    if m:
        front = _load_yaml(m.group(1) or "", path, "开头的 --- 元数据块")
        fields.update(_parse_meta(front, path, warnings))
        raw = raw[m.end() :]  # metadata, not speech text
    sidecar = _sidecar(path, warnings)
    if sidecar is not None:
        fields.update(_read_sidecar(sidecar, max_bytes, warnings))

    if _is_blank(raw):
        raise _err(path, "empty", "文件里只有空白，没有文字。")
    slug = slugify_stem(path.stem)
    return Source(slug, slug, path, raw, encoding, Meta(**fields), tuple(warnings))
