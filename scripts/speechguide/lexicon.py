"""The curated formula lexicon (`seeds/formulas.yml`) and matching it in a text.

All forms (canonical, accepted variants, outdated variants) go into one Aho–Corasick
automaton; overlapping hits resolve leftmost-longest, so `党政同责、一岗双责、齐抓共管、失职追责`
wins over `一岗双责` inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import yaml

from .textutil import to_simplified

CATEGORIES = ("责任体系", "方针理念", "工作方法", "作风纪律", "形势判断", "号召", "其他")


class LexiconError(Exception):
    """The lexicon file is not usable; the message (Chinese) names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Formula:
    id: str
    text: str
    category: str
    variants: tuple[str, ...] = ()
    outdated: tuple[tuple[str, str], ...] = ()  # (text, reason)
    note: str = ""
    source: str = "lexicon"


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    formula_id: str
    form: str  # canonical | variant | outdated


@dataclass(frozen=True, slots=True)
class Lexicon:
    formulas: tuple[Formula, ...]
    path: Path | None = None
    _index: dict[str, Formula] = field(default_factory=dict, compare=False, repr=False)

    def get(self, fid: str) -> Formula | None:
        return self._index.get(fid)

    def correct_forms(self) -> list[tuple[str, str]]:
        """(text, formula id) of the canonical and accepted forms of six characters or more: what
        near misses are near to. Four-character phrases differ by one character legitimately
        (真抓实干 / 真抓实抓), so they are left out."""
        return [(t, fid) for t, fid, form in self.forms() if form != "outdated" and len(t) >= 6]

    def forms(self) -> list[tuple[str, str, str]]:
        """(text, formula id, form) for every form."""
        out = []
        for f in self.formulas:
            out.append((f.text, f.id, "canonical"))
            out.extend((v, f.id, "variant") for v in f.variants)
            out.extend((t, f.id, "outdated") for t, _ in f.outdated)
        return out


def _str_list(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where} 应是字符串列表")
    return tuple(value)


def load_lexicon(path: Path) -> Lexicon:
    """Read and validate the lexicon: ids unique, texts unique across all forms, known categories."""
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"“{name}”：固定表述库读不出来（{type(exc).__name__}）。") from None
    if not isinstance(data, dict) or not isinstance(data.get("formulas"), list):
        raise LexiconError(f"“{name}”：应有顶层键 formulas，值为列表。")
    formulas: list[Formula] = []
    seen_ids: set[str] = set()
    seen_text: dict[str, str] = {}
    for k, e in enumerate(data["formulas"], 1):
        where = f"“{name}”第 {k} 条"
        if not isinstance(e, dict):
            raise LexiconError(f"{where}：应是键值表。")
        fid, text, cat = e.get("id"), e.get("text"), e.get("category", "其他")
        if not isinstance(fid, str) or not fid.replace("-", "").isalnum() or not fid.isascii():
            raise LexiconError(f"{where}：id 应是英文字母、数字和连字符。")
        if fid in seen_ids:
            raise LexiconError(f"{where}：id “{fid}”重复。")
        if not isinstance(text, str) or len(text.strip()) < 2:
            raise LexiconError(f"{where}（{fid}）：text 至少两个字。")
        if cat not in CATEGORIES:
            raise LexiconError(f"{where}（{fid}）：类别“{cat}”不在 {('、'.join(CATEGORIES))} 之中。")
        variants = _str_list(e.get("variants"), f"{where}（{fid}）variants")
        outdated_raw = e.get("outdated") or []
        if not isinstance(outdated_raw, list):
            raise LexiconError(f"{where}（{fid}）：outdated 应是列表。")
        outdated = []
        for o in outdated_raw:
            if (
                not isinstance(o, dict)
                or not isinstance(o.get("text"), str)
                or not isinstance(o.get("reason"), str)
            ):
                raise LexiconError(f"{where}（{fid}）：outdated 每项要有 text 和 reason。")
            outdated.append((o["text"], o["reason"]))
        for form in (text, *variants, *(t for t, _ in outdated)):
            if form in seen_text and seen_text[form] != fid:
                raise LexiconError(f"{where}（{fid}）：“{form}”已经属于“{seen_text[form]}”。")
            if form in seen_text and form != text and seen_text[form] == fid:
                continue
            seen_text[form] = fid
        if set(variants) & {t for t, _ in outdated}:
            raise LexiconError(f"{where}（{fid}）：同一写法既是可接受写法又是过时写法。")
        seen_ids.add(fid)
        formulas.append(
            Formula(
                fid,
                text,
                cat,
                tuple(dict.fromkeys(v for v in variants if v != text)),
                tuple(outdated),
                e.get("note") or "",
            )
        )
    lex = Lexicon(tuple(formulas), path)
    lex._index.update({f.id: f for f in formulas})
    return lex


class Matcher:
    """Aho–Corasick over every form of every formula; leftmost-longest, no overlaps."""

    def __init__(self, forms: list[tuple[str, str, str]]) -> None:
        self._auto = ahocorasick.Automaton()
        for text, fid, form in forms:
            key = to_simplified(text)
            if key and key not in self._auto:
                self._auto.add_word(key, (len(key), fid, form))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def find(self, mt: str) -> list[Hit]:
        if self._empty:
            return []
        raw = [(end + 1 - n, end + 1, fid, form) for end, (n, fid, form) in self._auto.iter(mt)]
        raw.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[Hit] = []
        last_end = -1
        for s, e, fid, form in raw:
            if s >= last_end:
                out.append(Hit(s, e, fid, form))
                last_end = e
        return out
