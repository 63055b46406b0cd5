"""`speechguide check`: a draft checker that knows the genre.

1. the pipeline on the draft (clean → parse → meta → lexicon matches);
2. every enabled rule of `data/check.yml` (`rules.py`), each returning hits with offsets into
   the cleaned text or the draft as written;
3. offsets mapped back to the draft (line:column), floods grouped by paragraph, severities from
   the config (`config.py`), ordered by severity then position (`engine.py`);
4. `--fix` applies the safe mechanical fixes (`fix.py`), `--annotate` writes the findings as Word
   comments (`annotate.py`).
"""

from .config import find_config, load_config
from .engine import check_analysis, check_text, clean_offset, raw_offset
from .model import SEVERITY_ORDER, SEVERITY_ZH, Finding, Rule, load_rules
from .report import report, summary, to_json
from .rules import CHECKS

__all__ = [
    "CHECKS",
    "SEVERITY_ORDER",
    "SEVERITY_ZH",
    "Finding",
    "Rule",
    "check_analysis",
    "check_text",
    "clean_offset",
    "find_config",
    "load_config",
    "load_rules",
    "raw_offset",
    "report",
    "summary",
    "to_json",
]
