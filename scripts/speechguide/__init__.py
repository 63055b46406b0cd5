"""speechguide: real Chinese government speeches → an intranet style guide.

Stages (one module each, data flows one way):
ingest → clean → parse → mine → render.
"""

from __future__ import annotations

__version__ = "0.1.0"
