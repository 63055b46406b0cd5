"""Signs of life for a long build: one log line per stage (count and seconds), and on a terminal
a live bar (tqdm) while the stage runs.

MkDocs users read its log: the lines go to the `mkdocs.plugins.speechguide` logger at INFO, so
`mkdocs build` shows them, `-q` hides them, and CI logs get one line per stage, not a bar.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

log = logging.getLogger("mkdocs.plugins.speechguide")

# Below this many items a bar would only flicker.
BAR_MIN = 50


@dataclass
class Progress:
    """Report stages to `log`; `live` draws a bar on stderr (default: when stderr is a terminal)."""

    logger: logging.Logger | None = field(default_factory=lambda: log)
    live: bool | None = None
    lines: list[str] = field(default_factory=list)  # what was logged, for tests and the CLI

    @contextmanager
    def stage(self, name: str, total: int, unit: str = "篇") -> Iterator[Callable[[int], None]]:
        """`with progress.stage("分析", n) as advance: … advance(1) …` then one line:
        `speechguide：分析 1000 篇，12.3 秒`."""
        live = self.live if self.live is not None else sys.stderr.isatty()
        bar = None
        if live and total >= BAR_MIN:
            from tqdm import tqdm

            bar = tqdm(total=total, desc=f"speechguide {name}", unit=unit, leave=False, file=sys.stderr)
        start = time.perf_counter()

        def advance(n: int = 1) -> None:
            if bar is not None:
                bar.update(n)

        try:
            yield advance
        finally:
            if bar is not None:
                bar.close()
        line = f"speechguide：{name} {total} {unit}，{time.perf_counter() - start:.1f} 秒"
        self.lines.append(line)
        if self.logger is not None:
            self.logger.info(line)


QUIET = Progress(logger=None, live=False)
