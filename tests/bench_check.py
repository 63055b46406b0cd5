"""Benchmark (run by hand, not by pytest): `speechguide check` speed on ~5,000-character drafts.

    .venv/bin/python tests/bench_check.py [--repeat 20]

Prints seconds per draft after start-up (the target is ≤ 0.1 s), the start-up itself (a fresh
`speechguide check` process on one draft), and characters per second.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speechguide.check import check_text
from speechguide.ingest import discover, read_source
from speechguide.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
TARGET = 5000


def drafts() -> list[str]:
    """Drafts of about 5,000 characters: each seed, repeated or cut to that length."""
    out = []
    for p in discover(ROOT / "seeds"):
        raw = read_source(p).raw
        while len(raw) < TARGET:
            raw += "\n" + raw
        out.append(raw[:TARGET])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    lex = load_lexicon(ROOT / "seeds" / "formulas.yml")
    texts = drafts()
    for t in texts:  # warm up: patterns compiled, lexicon automaton built
        check_text(t, lex)
    per: list[float] = []
    for _ in range(args.repeat):
        for t in texts:
            s = time.perf_counter()
            check_text(t, lex)
            per.append(time.perf_counter() - s)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "draft.txt"
        f.write_text(texts[0], encoding="utf-8")
        runs = []
        for _ in range(3):
            s = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "speechguide.cli", "check", str(f)], capture_output=True, check=False
            )
            runs.append(time.perf_counter() - s)
    med = statistics.median(per)
    print(f"drafts: {len(texts)} × {TARGET} characters, {args.repeat} rounds")
    print(
        f"per draft after start-up: median {med:.4f} s, p90 {sorted(per)[int(len(per) * 0.9)]:.4f} s (target ≤ 0.1 s)"
    )
    print(f"characters per second: {TARGET / med:,.0f}")
    print(f"one `speechguide check` process, start-up included: median {statistics.median(runs):.2f} s")


if __name__ == "__main__":
    main()
