"""The vocabulary shared by every stage: roles, numbering styles, slots, diagnostics, the tree.

Nodes hold offsets into the cleaned text, never copies: a node's text is a slice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

# Whitespace next to a non-ASCII character (a title's line breaks and letter-spacing).
_TITLE_SPACE_RE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


class Role(StrEnum):
    """What a stretch of a speech does. The values are the Chinese names shown on the site."""

    TITLE = "标题"
    """`在……上的讲话`: the first line, when it names the occasion."""
    TITLE_META = "题注"
    """Title-block lines that are not the title: subtitle, date, speaker, source."""
    SALUTATION = "称谓"
    """`同志们：`, `各位领导、同志们：`."""
    OPENING = "开场"
    """Everything between the salutation and the first section: occasion, purpose, thanks."""
    ROADMAP = "提纲句"
    """`下面，我讲三点意见。`: announces the sections (and often their count)."""
    HEADING = "一级标题"
    """A section heading, on its own line or the lead sentence of a paragraph."""
    SUBHEADING = "二级标题"
    """A subsection heading (`（一）` under `一、`)."""
    BODY = "正文"
    """Section text that is not a point."""
    POINT = "要点"
    """A point inside a section: `一是……`, `一要……`, an anaphora run member."""
    CLOSING = "结语"
    """`同志们，……`, `总之，……`, `我就讲这么多，谢谢。`."""
    CALL = "号召"
    """`让我们……而努力奋斗！`: the call to action, usually inside the closing."""
    NOISE = "非正文"
    """Kept but not structure: a 目录 block, a site footer, a second speech's remains."""
    BREAK = "换行"
    """The line breaks between paragraphs (so the leaves reproduce the text)."""


class NumberingStyle(StrEnum):
    """How a run of sections or points is numbered."""

    DUN = "一、"
    """`一、思想领航，把准方向`."""
    DI = "第一，"
    """`第一，要提高思想认识，……。`."""
    YAO = "一要"
    """`一要切实增强……。`."""
    SHI = "一是"
    """`一是要强化属地管理责任。`."""
    PAREN = "（一）"
    """`（一）提高政治站位`."""
    ARABIC = "1."
    """`1.` / `1、` / `1．`."""
    PAREN_ARABIC = "（1）"
    """`（1）建立台账`."""
    ASPECT = "一方面"
    """`一方面，……另一方面，……`."""
    SEQUENCE = "首先"
    """`首先……其次……最后……`."""
    ANAPHORA = "排比"
    """Consecutive sentences opening with the same lead phrase (`要狠抓……不动摇` ×5)."""
    NONE = "无"
    """No numbering found."""


class SlotKind(StrEnum):
    """What a placeholder stands for."""

    DATE = "date"
    NUMBER = "number"
    PERSON = "person"
    ORG = "organisation"
    PLACE = "place"
    UNKNOWN = "unknown"


SLOT_LABELS: dict[SlotKind, str] = {
    SlotKind.DATE: "【日期】",
    SlotKind.NUMBER: "【数字】",
    SlotKind.PERSON: "【姓名职务】",
    SlotKind.ORG: "【单位名称】",
    SlotKind.PLACE: "【地名】",
    SlotKind.UNKNOWN: "【待填】",
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Edit:
    """One cleaning change. `before` stood in the raw text where `after` stands in the cleaned
    text at `start`; `raw_start` is the same place in the raw text."""

    kind: str
    start: int
    raw_start: int
    before: str
    after: str

    @property
    def end(self) -> int:
        return self.start + len(self.after)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Leaf:
    """A contiguous stretch of the cleaned text with one role; the leaves tile the text."""

    start: int
    end: int
    role: Role


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line of the cleaned text (without its line break) and its main role."""

    index: int
    start: int
    end: int
    role: Role


@dataclass(frozen=True, slots=True)
class Point:
    """A point inside a section. `marker` is `一是`/`一要`/`一方面`/`首先` or, for an anaphora
    run, the shared lead phrase (`要狠抓`)."""

    number: int | None
    marker: str
    style: NumberingStyle
    start: int
    end: int
    marker_start: int
    marker_end: int
    lead_end: int

    @property
    def lead_span(self) -> tuple[int, int]:
        return (self.start, self.lead_end)


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section. `start`/`end` cover the heading and the body; the heading runs from
    `start` to `heading_end` (marker included); `inline` when the heading is the lead sentence
    of a paragraph rather than a line of its own."""

    level: int
    number: int | None
    marker: str
    style: NumberingStyle
    start: int
    end: int
    marker_end: int
    heading_end: int
    inline: bool
    points: tuple[Point, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Slot:
    """A placeholder to fill in (`X月X日`, `**`, a real person's name)."""

    start: int
    end: int
    kind: SlotKind
    label: str


@dataclass(frozen=True, slots=True)
class Roadmap:
    start: int
    end: int
    count: int | None
    count_start: int | None = None
    count_end: int | None = None


@dataclass(frozen=True, slots=True)
class Weighing:
    """One candidate run of section markers and the evidence for and against it being the
    sections: `(name, weight, note)` each; taken when accepted and earliest."""

    style: NumberingStyle
    markers: tuple[tuple[int, int], ...]  # (start, end) of each marker
    evidence: tuple[tuple[str, float, str], ...]
    score: float
    accepted: bool
    chosen: bool

    @property
    def verdict(self) -> str:
        return "采用" if self.chosen else ("可用，但不是最早的一组" if self.accepted else "不采用")


@dataclass(frozen=True, slots=True)
class TitleMeta:
    """A title-block line that is not the title: `date` `（2018年9月3日）`, `subtitle`
    `——在……上的讲话`, `speaker` `省长 胡玉亭`, `source` `来源：…`, `time` `时间：…` (a page's
    publication time, not the speech's date)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MetaField:
    """One metadata value and where it came from: `yml` (the sidecar or front matter), `text`
    (the speech's own title), `inferred` (read from the text, `evidence` quoting it), or
    `unknown` (the text says nothing: `value` is None)."""

    value: str | int | None
    origin: str = "unknown"
    evidence: str | None = None
    start: int | None = None  # the evidence's span in the cleaned text, when it is one
    end: int | None = None

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def inferred(self) -> bool:
        return self.origin == "inferred"


UNKNOWN = MetaField(None)
# The metadata fields as the site and the commands name them.
META_LABELS = {
    "meeting_type": "会议类型",
    "level": "层级",
    "date": "日期",
    "year": "年份",
    "speaker": "讲话人",
    "office": "职务",
    "topic": "主题",
}
# Shown wherever a field is not known.
UNKNOWN_TEXT = "未知"


@dataclass(frozen=True, slots=True)
class SpeechMeta:
    """What a speech is: its display title, the meeting it was given at and the inferred or
    stated fields (see `FIELDS`)."""

    title: MetaField = UNKNOWN
    meeting: MetaField = UNKNOWN  # the meeting's own name: 全县安全生产工作会议
    meeting_type: MetaField = UNKNOWN
    level: MetaField = UNKNOWN
    date: MetaField = UNKNOWN  # YYYY-MM-DD
    year: MetaField = UNKNOWN
    speaker: MetaField = UNKNOWN
    office: MetaField = UNKNOWN
    topic: MetaField = UNKNOWN

    FIELDS = ("meeting_type", "level", "date", "year", "speaker", "office", "topic")

    def shown(self, name: str) -> str:
        """The field as the site shows it: its value, or 未知."""
        v = getattr(self, name).value
        return UNKNOWN_TEXT if v is None else str(v)


# Below this structure confidence a speech's outline is shown as uncertain.
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Speech:
    """The parse of one cleaned text."""

    text: str
    title: tuple[int, int] | None
    salutation: tuple[int, int] | None
    roadmap: Roadmap | None
    numbering_style: NumberingStyle
    sections: tuple[Section, ...]
    closing: tuple[int, int] | None
    call: tuple[int, int] | None
    paragraphs: tuple[Paragraph, ...]
    leaves: tuple[Leaf, ...]
    slots: tuple[Slot, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    speeches_in_file: int = 1
    confidence: float = 1.0
    weighings: tuple[Weighing, ...] = ()
    title_meta: tuple[TitleMeta, ...] = ()
    excerpt: bool = False  # cut (a truncation notice, `（节选）`, `（摘要）`): its end is not the speech's

    @property
    def uncertain(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def slice(self, span: tuple[int, int] | None) -> str | None:
        return None if span is None else self.text[span[0] : span[1]]

    @property
    def title_text(self) -> str | None:
        """The title as one line: line breaks and letter-spacing (`弘 扬 精 神`) between Chinese
        characters removed; spaces between Latin words kept."""
        t = self.slice(self.title)
        return None if t is None else _TITLE_SPACE_RE.sub("", t)


@dataclass(frozen=True, slots=True)
class Cleaned:
    raw: str
    text: str
    edits: tuple[Edit, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
