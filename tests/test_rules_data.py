"""Every pattern in the data files is tested by its own examples and counterexamples."""

from __future__ import annotations

import re

import pytest

from speechguide.model import SlotKind
from speechguide.patterns import load_data, rules
from speechguide.slots import find_slots, slot_patterns
from speechguide.structure.rules import _c
from speechguide.textutil import cn_number

CLEAN = rules("clean.yml")
STRUCT = load_data("structure.yml")
SLOTS = load_data("slots.yml")


def _sub(rule, text: str) -> str:
    """As `clean` applies the rule (its `requires` prefilter included)."""
    return rule.sub(text)


@pytest.mark.parametrize("rule", CLEAN, ids=lambda r: r.id)
def test_clean_rule_examples(rule) -> None:
    assert rule.examples and rule.counterexamples, f"{rule.id} needs examples and counterexamples"
    for ex in rule.examples:
        assert _sub(rule, ex["in"]) == ex["out"], ex
    for ce in rule.counterexamples:
        assert _sub(rule, ce) == ce, ce
    if rule.requires is not None:  # a prefilter may skip texts, never a text the rule changes
        for ex in rule.examples:
            assert rule.requires.search(ex["in"]), ex


def _entries():
    d = STRUCT
    yield from (("marker", e) for e in d["markers"])
    yield from (("title", e) for e in d["title"])
    yield from (("salutation", e) for e in d["salutation"])
    yield ("title_prefix", {"id": "title_prefix", **d["title_prefix"]})
    yield ("title_suffix", {"id": "title_suffix", **d["title_suffix"]})
    yield from (("title_meta", e) for e in d["title_meta"])
    yield ("glued_title", {"id": "glued_title", **d["glued_title"]})
    yield from (("roadmap", e) for e in d["roadmap"])
    yield from (("closing", e) for e in d["closing"]["openers"])
    yield ("call", d["closing"]["call"])
    yield from (("multi", e) for e in d["multi"])
    yield ("toc", {"id": "toc", **d["toc"]})
    yield ("footer", {"id": "footer", **d["footer"]})
    yield from (("frame", e) for e in d["anaphora"]["frames"])
    yield ("short_lead", {"id": "short_lead", **d["anaphora"]["short_lead"]})


@pytest.mark.parametrize(
    ("kind", "entry"), list(_entries()), ids=lambda x: x if isinstance(x, str) else x["id"]
)
def test_structure_pattern_examples(kind: str, entry: dict) -> None:
    rx = re.compile(entry["pattern"])
    anchored = kind == "marker" or entry["pattern"].startswith("^")
    assert entry.get("examples") and entry.get("counterexamples"), entry["id"]
    for ex in entry["examples"]:
        m = rx.match(ex) if anchored else rx.search(ex)
        assert m, f"{entry['id']}: {ex!r} should match"
        if "num" in rx.groupindex and m.group("num") not in ("几",):
            assert cn_number(m.group("num")) is not None, ex
    for ce in entry["counterexamples"]:
        m = rx.match(ce) if anchored else rx.search(ce)
        assert not m, f"{entry['id']}: {ce!r} should not match"
    if anchored and kind != "marker":  # the parser matches at a line's offset in the text
        pos_rx = _c(entry["pattern"])
        for ex in entry["examples"]:
            assert pos_rx.match("前文\n" + ex, 3), f"{entry['id']}: {ex!r} should match at a line start"


def test_leading_caret_is_dropped_for_pos_matching() -> None:
    rx = _c("^同志们[，,]")
    assert rx.match("xx同志们，", 2)


@pytest.mark.parametrize("entry", SLOTS["rules"], ids=lambda e: e["id"])
def test_slot_rule_examples(entry: dict) -> None:
    rule = next(r for r in slot_patterns().rules if r.id == entry["id"])
    for ex in entry["examples"]:
        assert rule.regex.search(ex), f"{entry['id']}: {ex!r}"
        assert rule.requires is None or rule.requires.search(ex), f"{entry['id']} requires: {ex!r}"
        found = find_slots(ex)
        assert found, ex
    for ce in entry["counterexamples"]:
        assert not any(
            rule.regex.fullmatch(ce[s.start : s.end])
            for s in find_slots(ce)
            if s.kind is SlotKind(entry["kind"])
        ), ce


def test_person_examples() -> None:
    people = SLOTS["people"]
    for ex in people["examples"]:
        assert any(s.kind is SlotKind.PERSON for s in find_slots(ex)), ex
    for ce in people["counterexamples"]:
        assert not any(s.kind is SlotKind.PERSON for s in find_slots(ce)), ce


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X月X日", [("X月X日", "date", "【日期】")]),
        ("建党X周年", [("X", "number", "【数字】")]),
        ("X市召开", [("X", "place", "【地名】")]),
        ("x党委要", [("x", "organisation", "【单位名称】")]),
        ("刚才，X通报了", [("X", "person", "【姓名职务】")]),
        ("201x年第四季度", [("201x年", "date", "【日期】")]),
        ("是**首次", [("**", "unknown", "【待填】")]),
        ("《**日报》", [("**", "organisation", "【单位名称】")]),
        ("余巧萍副县长通报", [("余巧萍副县长", "person", "【姓名职务】")]),
        ("姓名：____", [("____", "unknown", "【待填】")]),
        ("Xbox and WiFi 3*4", []),
    ],
)
def test_slot_kinds(text: str, expected: list) -> None:
    assert [(text[s.start : s.end], s.kind.value, s.label) for s in find_slots(text)] == expected


# --------------------------------------------------------------------------- meta.yml

META = load_data("meta.yml")


@pytest.mark.parametrize("entry", META["meeting_name"], ids=lambda e: e["id"])
def test_meeting_name_examples(entry: dict) -> None:
    rx = re.compile(entry["pattern"])
    assert entry["examples"] and entry["counterexamples"], entry["id"]
    for ex in entry["examples"]:
        m = rx.search(ex["in"])
        assert m and m.group("m") == ex["m"], (ex, m and m.group("m"))
    for ce in entry["counterexamples"]:
        assert not rx.search(ce), ce


@pytest.mark.parametrize("entry", META["meeting_types"], ids=lambda e: e["slug"])
def test_meeting_type_examples(entry: dict) -> None:
    from speechguide.structure.meta import meeting_type_of

    assert entry["examples"] and entry["counterexamples"], entry["type"]
    for ex in entry["examples"]:  # classified as this type by the whole taxonomy, in its order
        assert meeting_type_of(ex) == entry["type"], (ex, meeting_type_of(ex))
    for ce in entry["counterexamples"]:
        assert meeting_type_of(ce) != entry["type"], ce


def test_meeting_type_slugs_are_unique() -> None:
    slugs = [e["slug"] for e in META["meeting_types"]]
    assert len(slugs) == len(set(slugs)) and all(re.fullmatch(r"[a-z-]+", s) for s in slugs)


@pytest.mark.parametrize("entry", META["levels"], ids=lambda e: e["level"])
def test_level_examples(entry: dict) -> None:
    from speechguide.structure.meta import level_of

    assert entry["examples"] and entry["counterexamples"], entry["level"]
    for ex in entry["examples"]:
        got = level_of(ex)
        assert got and got[0] == entry["level"], (ex, got)
    for ce in entry["counterexamples"]:
        got = level_of(ce)
        assert not got or got[0] != entry["level"], (ce, got)


@pytest.mark.parametrize("key", ["represent", "office", "byline", "host"])
def test_meta_pattern_examples(key: str) -> None:
    entry = META[key]
    rx = re.compile(entry["pattern"])
    for ex in entry["examples"]:
        assert rx.search(ex), ex
    for ce in entry["counterexamples"]:
        assert not rx.search(ce) if key != "office" else not rx.fullmatch(ce), ce


def test_topics_have_title_words_and_vocabulary() -> None:
    from speechguide.structure.meta import meta_rules

    for t in meta_rules().topics:
        assert t.words and t.title.pattern, t.topic


@pytest.mark.parametrize("key", ["terms", "furniture"])
def test_not_slot_examples(key: str) -> None:
    entry = SLOTS["not_slots"][key]
    rx = re.compile(entry["pattern"])
    for ex in entry["examples"]:
        assert rx.search(ex), ex
        assert not [
            s
            for s in find_slots(ex)
            if rx.search(ex, s.start) and rx.search(ex).start() <= s.start < rx.search(ex).end()
        ], ex
    for ce in entry["counterexamples"]:
        assert not rx.search(ce), ce
        assert find_slots(ce), ce  # still a slot
