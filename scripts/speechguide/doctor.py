"""`speechguide doctor`: what in `seeds/` needs a maintainer's hand, each item with its fix.

- files that could not be read (and why);
- duplicated speeches (the same text after normalisation: width, traditional → simplified,
  whitespace and punctuation ignored), and speeches with the same title and date;
- speeches whose structure is uncertain (evidence: `analyze --explain`);
- speeches whose metadata is inferred, not confirmed by a `.yml`, and fields nobody knows.

The build report shows the same list; the command prints it and exits 1 when a file is
unreadable or duplicated (things that are wrong, not merely unconfirmed).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .analyze import Analysis
from .mine import Corpus
from .model import META_LABELS, SpeechMeta
from .textutil import to_simplified

_NOISE_RE = re.compile(r"[\s\W_]+")


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # unreadable | duplicate | uncertain | unconfirmed | unknown
    files: tuple[str, ...]
    problem: str  # Chinese
    fix: str  # Chinese

    @property
    def serious(self) -> bool:
        return self.kind in ("unreadable", "duplicate")


KIND_ZH = {
    "unreadable": "读不了的文件",
    "duplicate": "重复的讲话",
    "uncertain": "结构不确定",
    "unconfirmed": "元数据是推断的",
    "unknown": "元数据不全",
}


def text_key(text: str) -> str:
    """The text with what copying changes removed: width, script, whitespace, punctuation."""
    norm = _NOISE_RE.sub("", to_simplified(unicodedata.normalize("NFKC", text)))
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def examine(corpus: Corpus, problems: list[tuple[str, str]]) -> list[Item]:
    items: list[Item] = []
    for name, message in problems:
        items.append(
            Item("unreadable", (name,), message, "把文件另存为 UTF-8 文本或 .docx，或从 seeds/ 里移走。")
        )
    by_text: dict[str, list[Analysis]] = defaultdict(list)
    by_title: dict[tuple[str, str], list[Analysis]] = defaultdict(list)
    for a in corpus.analyses:
        by_text[text_key(a.cleaned.text)].append(a)
        m = a.meta
        if m.title.known and not m.title.inferred:
            by_title[(str(m.title.value), str(m.date.value or m.year.value or ""))].append(a)
    same_text: set[str] = set()
    for group in by_text.values():
        if len(group) > 1:
            names = tuple(a.source.path.name for a in group)
            same_text.update(names)
            items.append(
                Item(
                    "duplicate",
                    names,
                    "这几个文件是同一篇讲话（去掉空白、标点和繁简差异后文字相同）。",
                    "只保留一个，其余删除。",
                )
            )
    for (title, when), group in by_title.items():
        names = tuple(a.source.path.name for a in group)
        if len(group) > 1 and not set(names) <= same_text:
            items.append(
                Item(
                    "duplicate",
                    names,
                    f"这几个文件标题相同（“{title}”{'，' + when if when else ''}），可能是同一篇讲话的不同版本。",
                    "比较后只保留最完整的一个；确是不同的讲话，就在 .yml 里写明各自的 title 或 date。",
                )
            )
    for a in corpus.analyses:
        name = a.source.path.name
        if a.speech.uncertain:
            items.append(
                Item(
                    "uncertain",
                    (name,),
                    f"结构可信度 {a.speech.confidence:.2f}：一级标题可能没有找对。",
                    f"运行 speechguide analyze seeds/{name} --explain 查看依据；把各部分标题单独成一行，或补上提纲句。",
                )
            )
        inferred = [f for f in SpeechMeta.FIELDS if getattr(a.meta, f).inferred]
        missing = [
            f
            for f in ("meeting_type", "level", "year")
            if not getattr(a.meta, f).known and f not in a.source.meta.stated_unknown
        ]
        if inferred:
            items.append(
                Item(
                    "unconfirmed",
                    (name,),
                    "从原文推断："
                    + "、".join(f"{META_LABELS[f]} {getattr(a.meta, f).value}" for f in inferred)
                    + "。",
                    f"核对后运行 speechguide meta seeds/{name} --write 存成 .yml（或改正后再存）。",
                )
            )
        if missing:
            items.append(
                Item(
                    "unknown",
                    (name,),
                    "原文和元数据文件都没有写明：" + "、".join(META_LABELS[f] for f in missing) + "。",
                    f"在 seeds/{a.source.path.with_suffix('.yml').name} 里写上 "
                    + "、".join(missing)
                    + ("（模板只用会议类型已知的讲话）" if "meeting_type" in missing else "")
                    + "；确实无从查考的，写“未知”。",
                )
            )
    return items


def report_text(items: list[Item], size: int) -> str:
    if not items:
        return f"seeds/ 里 {size} 篇讲话都没有需要处理的问题。"
    out = [f"seeds/ 里 {size} 篇讲话，{len(items)} 项需要看一看："]
    for kind, label in KIND_ZH.items():
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        out.append(f"\n{label}（{len(group)}）")
        for i in group:
            out.append(f"  - {'、'.join(i.files)}：{i.problem}")
            out.append(f"    处理：{i.fix}")
    return "\n".join(out)
