"""Benchmark (run by hand, not collected by pytest): `mine_formulas` on synthetic corpora of
N = 10, 100, 1000 speeches (~5,000 characters each) recombined from the seeds' paragraphs.

    .venv/bin/python tests/bench_mining.py [--sizes 10 100 1000] [--seed 7]

The corpus is deterministic (random.Random(seed)): each speech takes a title and a salutation,
then seed paragraphs (section headings included) until ~5,000 characters, lightly varied —
its own place name, sentences shuffled or dropped, two clauses swapped, a character changed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

from speechguide.clean import clean
from speechguide.mining import Doc, mine_formulas

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TARGET = 5000
SENTENCE_RE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,2}、|第[一二三四五六七八九十]{1,2}，)[^\n。]{4,40}$")
PLACES = "东西南北清河平安永宁长乐新华丰泽宝山临江云溪青石白水金城"


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """(body paragraphs, heading lines) of the cleaned seeds."""
    paras, heads = [], []
    for p in sorted(SEEDS.glob("*.txt")):
        for line in clean(p.read_text(encoding="utf-8")).text.split("\n"):
            line = line.strip()
            if HEADING_RE.match(line):
                heads.append(line)
            elif len(line) >= 40:
                paras.append(line)
    return paras, heads


def vary(par: str, rng: random.Random, place: str, chars: str) -> str:
    par = par.replace("全县", f"全{place[-1]}").replace("x党委", f"{place}党委").replace("我县", place)
    sents = SENTENCE_RE.findall(par)
    if len(sents) > 2 and rng.random() < 0.3:
        rng.shuffle(sents)
    if len(sents) > 2 and rng.random() < 0.3:
        sents.pop(rng.randrange(len(sents)))
    if sents and rng.random() < 0.3:
        k = rng.randrange(len(sents))
        clauses = sents[k].split("，")
        if len(clauses) > 2:
            a = rng.randrange(len(clauses) - 2)  # keep the last clause (it holds the sentence end)
            clauses[a], clauses[a + 1] = clauses[a + 1], clauses[a]
            sents[k] = "，".join(clauses)
    out = "".join(sents)
    if out and rng.random() < 0.2:
        i = rng.randrange(len(out))
        if "\u4e00" <= out[i] <= "\u9fff":
            out = out[:i] + rng.choice(chars) + out[i + 1 :]
    return out


def corpus(n: int, seed: int) -> list[Doc]:
    rng = random.Random(seed)
    paras, heads = seed_paragraphs()
    chars = "".join(sorted({c for p in paras for c in p if "\u4e00" <= c <= "\u9fff"}))
    docs = []
    for d in range(n):
        place = rng.choice(PLACES) + rng.choice(PLACES) + rng.choice("县市区")
        lines = [f"在{place}安全生产工作会议上的讲话", "同志们："]
        headings = []
        size = sum(len(x) + 1 for x in lines)
        while size < TARGET:
            if heads and rng.random() < 0.15:
                h = rng.choice(heads)
                headings.append((size, size + len(h)))
                lines.append(h)
                size += len(h) + 1
            par = vary(rng.choice(paras), rng, place, chars)
            if par:
                lines.append(par)
                size += len(par) + 1
        docs.append(Doc(f"s{d:04d}", "\n".join(lines), tuple(headings)))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    mine_formulas(corpus(3, args.seed))  # warm up: settings, traditional→simplified table
    rows = []
    for n in args.sizes:
        docs = corpus(n, args.seed)
        chars = sum(len(d.text) for d in docs)
        repeats = 3 if n <= 100 else 1
        runs, found = [], 0
        for _ in range(repeats):
            t = time.perf_counter()
            found = len(mine_formulas(docs))
            runs.append(time.perf_counter() - t)
        rows.append((n, chars, statistics.median(runs), repeats, found))
        print(f"  N={n}: {runs[-1]:.2f} s", file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}")
    print(f"{'N':>6}{'chars':>12}{'seconds':>10}{'chars/s':>12}{'runs':>6}{'mined':>8}")
    for n, chars, t, r, found in rows:
        print(f"{n:>6}{chars:>12,}{t:>10.3f}{chars / t:>12,.0f}{r:>6}{found:>8,}")
    times = {n: t for n, _, t, _, _ in rows}
    for a, b in [(10, 100), (100, 1000)]:
        if a in times and b in times:
            print(f"time({b})/time({a}) = {times[b] / times[a]:.2f}  (target ≤ 12)")


if __name__ == "__main__":
    main()
