"""Score parses against gold labels (`NAME.txt` + `NAME.json`: title, announced_count, sections
with heading and first-level point count) — the same measures as the project is judged by:

- section count: share of speeches with exactly the gold number of sections;
- headings: share of gold sections whose heading matches (punctuation and a leading 要 ignored;
  equal, or one a prefix of the other covering 60% of it, 4+ characters);
- points: share of gold sections with the gold number of first-level points;
- titles: share of speeches whose title matches (none when the gold has none).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from speechguide.analyze import analyze_file, to_json

PUNCT = re.compile(r"[\s，,。.、；;：:！!？?“”\"'‘’（）()《》<>【】\[\]—\-…·]")


def norm(s: str | None) -> str:
    s = PUNCT.sub("", s or "")
    return s[1:] if s.startswith("要") else s


def heading_match(a: str | None, b: str | None) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(short) >= 0.6 * len(long_)


@dataclass
class Score:
    speeches: int = 0
    count_ok: int = 0
    sections: int = 0
    headings_ok: int = 0
    points_ok: int = 0
    titles: int = 0
    titles_ok: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, ok: int, n: int) -> float:
        return ok / n if n else 1.0

    @property
    def count(self) -> float:
        return self.rate(self.count_ok, self.speeches)

    @property
    def headings(self) -> float:
        return self.rate(self.headings_ok, self.sections)

    @property
    def points(self) -> float:
        return self.rate(self.points_ok, self.sections)

    @property
    def title(self) -> float:
        return self.rate(self.titles_ok, self.titles)

    def line(self) -> str:
        return (
            f"speeches={self.speeches} section-count={self.count:.0%} headings={self.headings:.0%} "
            f"points={self.points:.0%} titles={self.title:.0%}"
        )


def score_folder(folder: Path) -> Score:
    sc = Score()
    for gj in sorted(folder.glob("*.json")):
        txt = gj.with_suffix(".txt")
        if not txt.exists():
            continue
        gold = json.loads(gj.read_text(encoding="utf-8"))
        out = to_json(analyze_file(txt))
        sc.speeches += 1
        secs, gs = out["sections"], gold["sections"]
        sc.count_ok += len(secs) == len(gs)
        if len(secs) != len(gs):
            sc.misses.append(f"{txt.name}: {len(secs)} sections, gold {len(gs)}")
        for i, g in enumerate(gs):
            s = secs[i] if i < len(secs) else {}
            sc.sections += 1
            h = heading_match(s.get("heading"), g["heading"]) or heading_match(
                s.get("heading"), g.get("heading_clean")
            )
            p = len(s.get("points") or []) == g["subpoints"]
            sc.headings_ok += h
            sc.points_ok += p
            if not (h and p):
                sc.misses.append(
                    f"{txt.name} §{i + 1}: heading {s.get('heading')!r} / {g['heading']!r}, points {len(s.get('points') or [])} / {g['subpoints']}"
                )
        if "title" in gold:
            sc.titles += 1
            ok = (gold["title"] is None and not out["title"]) or (
                gold["title"] is not None and norm(out["title"]) == norm(gold["title"])
            )
            sc.titles_ok += ok
            if not ok:
                sc.misses.append(f"{txt.name}: title {out['title']!r} / {gold['title']!r}")
    return sc


# --------------------------------------------------------------------------- metadata

META_FIELDS = ("meeting_type", "level", "date", "year", "speaker", "office", "topic")


def meta_norm(field_name: str, value: object) -> object:
    """Compare as a reader would: 未知 = null, `市`/`市级` alike, names without spaces."""
    if value in (None, "", "未知"):
        return None
    if field_name == "level":
        return str(value).replace("级", "").replace("全国", "中央").replace("系统内", "单位")
    if field_name in ("speaker", "office"):
        return re.sub(r"\s+", "", str(value))
    return value


@dataclass
class MetaScore:
    """Per field: how many gold values (null included: saying 未知 where the text is silent is
    right) the inference reproduced."""

    total: dict[str, int] = field(default_factory=dict)
    ok: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        n = self.total.get(name, 0)
        return self.ok.get(name, 0) / n if n else 1.0

    def line(self) -> str:
        return "  ".join(f"{k} {self.rate(k):.0%} ({self.ok.get(k, 0)}/{self.total[k]})" for k in self.total)


def score_meta(folder: Path, names: set[str] | None = None) -> MetaScore:
    sc = MetaScore()
    for gold_path in sorted(folder.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8")).get("meta_gold")
        if gold is None or (names is not None and gold_path.stem not in names):
            continue
        got = to_json(analyze_file(gold_path.with_suffix(".txt")))["meta"]
        for k in META_FIELDS:
            if k not in gold:
                continue
            sc.total[k] = sc.total.get(k, 0) + 1
            if meta_norm(k, got.get(k)) == meta_norm(k, gold[k]):
                sc.ok[k] = sc.ok.get(k, 0) + 1
            else:
                sc.misses.append(f"{gold_path.stem}: {k} = {got.get(k)!r}, gold {gold[k]!r}")
    return sc
