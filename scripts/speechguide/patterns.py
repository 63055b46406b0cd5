"""Load the pattern data files (`data/*.yml`) once, compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Rule:
    """A regex rule from a data file, with the examples that are its tests."""

    id: str
    kind: str
    regex: re.Pattern[str]
    replace: str | None
    translate: dict[str, str] | None
    examples: tuple[dict[str, Any], ...]
    counterexamples: tuple[str, ...]
    extra: dict[str, Any]
    # A cheap pattern the text must contain before `regex` runs at all: some rules start with
    # `[^\n。]{0,20}` and backtrack at every position of a text that cannot match.
    requires: re.Pattern[str] | None = None

    def finditer(self, text: str):
        if self.requires is not None and not self.requires.search(text):
            return iter(())
        return self.regex.finditer(text)

    def sub(self, text: str) -> str:
        return "".join(_pieces(self, text))

    def substitute(self, m: re.Match[str]) -> str:
        if self.translate is not None:
            return self.translate.get(m.group(0), m.group(0))
        return m.expand(self.replace or "")


@cache
def load_data(name: str) -> dict[str, Any]:
    text = resources.files("speechguide.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _pieces(rule: Rule, text: str):
    pos = 0
    for m in rule.finditer(text):
        yield text[pos : m.start()]
        yield rule.substitute(m)
        pos = m.end()
    yield text[pos:]


def compile_rule(entry: dict[str, Any], flags: int = re.MULTILINE) -> Rule:
    known = {"id", "kind", "pattern", "replace", "translate", "examples", "counterexamples", "requires"}
    return Rule(
        id=entry["id"],
        kind=entry.get("kind", entry["id"]),
        regex=re.compile(entry["pattern"], flags),
        replace=entry.get("replace"),
        translate=entry.get("translate"),
        examples=tuple(entry.get("examples", ())),
        counterexamples=tuple(entry.get("counterexamples", ())),
        extra={k: v for k, v in entry.items() if k not in known},
        requires=re.compile(entry["requires"]) if entry.get("requires") else None,
    )


@cache
def rules(name: str, section: str = "rules") -> tuple[Rule, ...]:
    return tuple(compile_rule(e) for e in load_data(name)[section])
