"""The normalisation search applies to texts and queries alike: compatibility forms folded
(full width → half width, ① → 1), lower case, traditional → simplified (one character to one,
the pipeline's table), and everything that is not a letter or a digit dropped, so punctuation
and spaces inside a phrase do not matter. `search-worker.js` does the same per character.
"""

from __future__ import annotations

import re
import unicodedata

from ..textutil import to_simplified

# Letters and digits stay (str.isalnum and JavaScript's [\p{L}\p{N}] agree on them); `_` is a
# word character to `re` only.
_DROP_RE = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    # Punctuation goes first: what is left (ideographs, mostly) is usually NFKC already, and the
    # check is much cheaper than the conversion.
    kept = _DROP_RE.sub("", text).lower()
    if not unicodedata.is_normalized("NFKC", kept):
        kept = _DROP_RE.sub("", unicodedata.normalize("NFKC", kept).lower())
    return to_simplified(kept)


def bigrams(norm: str) -> set[str]:
    """The distinct character bigrams of a normalised text (a one-character text has none)."""
    return {norm[i : i + 2] for i in range(len(norm) - 1)}
