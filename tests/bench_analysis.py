"""Benchmark (run by hand, not by pytest): analysis speed (ingest + clean + parse + meta +
formula matching) on the seed speeches, in characters per second, and the meta stage's share.

    .venv/bin/python tests/bench_analysis.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from speechguide.analyze import analyze_source
from speechguide.clean import clean
from speechguide.ingest import discover, read_source
from speechguide.lexicon import Matcher, load_lexicon
from speechguide.structure import parse
from speechguide.structure.meta import infer_meta

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    files = discover(SEEDS)
    matcher = Matcher(load_lexicon(SEEDS / "formulas.yml").forms())
    sources = [read_source(p) for p in files]
    chars = sum(len(s.raw) for s in sources)
    # Warm up: compile patterns, load the traditional→simplified table.
    for s in sources:
        analyze_source(s, matcher)

    def timed(fn) -> float:
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        return statistics.median(runs)

    t_ingest = timed(lambda: [read_source(p) for p in files])
    t_clean = timed(lambda: [clean(s.raw) for s in sources])
    cleaned = [clean(s.raw).text for s in sources]
    t_parse = timed(lambda: [parse(t) for t in cleaned])
    speeches = [parse(t) for t in cleaned]
    t_meta = timed(lambda: [infer_meta(sp) for sp in speeches])
    t_all = timed(lambda: [analyze_source(read_source(p), matcher) for p in files])
    print(
        f"cores: {os.cpu_count()}  files: {len(files)}  characters: {chars}  repeats: {args.repeat} (median)"
    )
    print(f"{'stage':<34}{'seconds':>10}{'chars/s':>14}")
    for name, t in [
        ("ingest", t_ingest),
        ("clean", t_clean),
        ("parse", t_parse),
        ("meta", t_meta),
        ("ingest+clean+parse+meta+formulas", t_all),
    ]:
        print(f"{name:<34}{t:>10.4f}{chars / t:>14,.0f}")
    print(f"meta stage / whole analysis: {t_meta / t_all:.1%}")


if __name__ == "__main__":
    main()
