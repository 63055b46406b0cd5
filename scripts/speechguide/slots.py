"""Slots: placeholders left in sample speeches (`X月X日`, `**`, `×××`) and real people's names
(`余巧萍副县长`), each a span with a kind and a label such as 【日期】."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import SLOT_LABELS, Slot, SlotKind
from .patterns import load_data


@dataclass(frozen=True, slots=True)
class SlotRule:
    id: str
    kind: SlotKind
    regex: re.Pattern[str]
    requires: re.Pattern[str] | None = None  # skip the rule when the text has none of these


@dataclass(frozen=True, slots=True)
class SlotPatterns:
    rules: tuple[SlotRule, ...]
    person: re.Pattern[str]
    keep: frozenset[str]
    not_names: tuple[str, ...]
    not_slots: tuple[re.Pattern[str], ...]  # terms and page furniture a slot may not overlap


@cache
def slot_patterns() -> SlotPatterns:
    d = load_data("slots.yml")
    people = d["people"]
    titles = "|".join(sorted(map(re.escape, people["titles"]), key=len, reverse=True))
    # A name right after a boundary: surname + 0–2 characters, then an official title.
    person = re.compile(
        rf"(?:(?<=[，,。：:、；“（(\s])|(?<=刚才)|(?<=^)|(?<=由)|(?<=请))"
        rf"(?P<name>[{people['surnames']}][\u4e00-\u9fff]{{0,2}}?)(?P<title>{titles})",
        re.MULTILINE,
    )
    return SlotPatterns(
        rules=tuple(
            SlotRule(
                r["id"],
                SlotKind(r["kind"]),
                re.compile(r["pattern"]),
                re.compile(r["requires"]) if r.get("requires") else None,
            )
            for r in d["rules"]
        ),
        person=person,
        keep=frozenset(people["keep"]),
        not_names=tuple(people["not_names"]),
        not_slots=tuple(re.compile(v["pattern"]) for v in d["not_slots"].values()),
    )


def _latin_glued(mt: str, s: int, e: int) -> bool:
    """`Xbox`, `WiFi`: an X that belongs to a Latin word is not a mask."""
    if not any(c in "Xx" for c in mt[s:e]):
        return False
    before = mt[s - 1] if s > 0 else ""
    after = mt[e] if e < len(mt) else ""
    return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())


def find_slots(text: str, mt: str | None = None) -> list[Slot]:
    """All slots in `text`, left to right, non-overlapping (earlier rules win)."""
    mt = text if mt is None else mt
    P = slot_patterns()
    taken: list[tuple[int, int, SlotKind]] = []
    # Terms (`X射线`) and page furniture (`【收藏】`) are taken first, by nothing.
    blocked = [(m.start(), m.end()) for rx in P.not_slots for m in rx.finditer(mt)]

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te, _ in taken) and all(
            e <= bs or s >= be for bs, be in blocked
        )

    for rule in P.rules:
        if rule.requires is not None and not rule.requires.search(mt):
            continue
        for m in rule.regex.finditer(mt):
            s, e = m.start(), m.end()
            if s == e or not free(s, e) or _latin_glued(mt, s, e):
                continue
            taken.append((s, e, rule.kind))
    for m in P.person.finditer(mt):
        name = m.group("name")
        if name in P.keep or any(name.startswith(w) for w in P.not_names) or len(name) < 1:
            continue
        if m.group("title") == "同志" and len(name) < 2:
            continue
        s, e = m.start(), m.end()
        if free(s, e):
            taken.append((s, e, SlotKind.PERSON))
    taken.sort()
    return [Slot(s, e, k, SLOT_LABELS[k]) for s, e, k in taken]
