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
