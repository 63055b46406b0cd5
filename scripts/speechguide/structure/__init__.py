"""Stage 3: cleaned text → `Speech` tree. See `parse.parse` for the steps."""

from .parse import parse

__all__ = ["parse"]
