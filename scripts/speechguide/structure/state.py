"""The parse state shared by the frame, section and point steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Diagnostic, Role, Severity
from .candidates import Run
from .evidence import Weighed
from .rules import Span


@dataclass(slots=True)
class State:
    text: str
    mt: str
    blocks: list[Span]
    roles: list[tuple[int, int, Role]]
    cuts: set[int]
    diags: list[Diagnostic]
    truncated: bool = False
    # Every candidate section run with its evidence, in the order weighed (for `--explain`).
    weighed: list[tuple[Run, Weighed]] = field(default_factory=list)


def diag(
    st: State, code: str, sev: Severity, msg: str, start: int | None = None, end: int | None = None
) -> None:
    st.diags.append(Diagnostic(code, sev, msg, start, end))


RUN_PROBLEMS = (
    ("gaps", "numbering_gap", "{what}编号跳号：“{m}”前面缺了一个序号。"),
    ("repeats", "numbering_repeat", "{what}编号重复：“{m}”用了两次。"),
    ("disorder", "numbering_order", "{what}编号顺序错乱：“{m}”排在了更大的序号后面。"),
)


def run_diagnostics(st: State, run: Run, what: str) -> None:
    for attr, code, msg in RUN_PROBLEMS:
        for c in getattr(run, attr):
            diag(st, code, Severity.ERROR, msg.format(what=what, m=st.text[c.pos : c.end]), c.pos, c.end)
