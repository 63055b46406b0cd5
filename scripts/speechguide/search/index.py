"""The search index as static files under `search/sg/`, loaded piece by piece by the worker.

Design (why not a positional index, why not a library: see docs in README "搜索"):
- Every block (paragraph) gets a global id (gid) in listing order: formula library, pattern
  pages, templates, … then speeches, newest first. Hits therefore come out in listing order and
  a query can stop after the first page of results.
- Postings: for each distinct character bigram, the sorted gids of the blocks holding it
  (delta-coded). A phrase's candidates are the blocks holding its rarest bigrams; the worker then
  fetches those blocks' text and keeps only blocks where the phrase is contiguous. Block-level
  postings hold one entry per block, not one per occurrence, and the text is needed for the
  snippet anyway.
- Dictionary: bigram → postings, hashed into `k/<n>.json` shards. Short postings are inline;
  long ones are cut into chunks `p/<n>.json` of CHUNK gids with a directory, so a query fetches
  only the chunks covering the blocks it looks at.
- Texts: `t/<gid // TEXT_GROUP>.json` holds TEXT_GROUP consecutive blocks with their pages' URL,
  title, kind, meeting type and year.
- `manifest.json`: shard count, blocks per page, facets per page (meeting type, year) and a
  build id the worker puts on every request, so a rebuilt site never mixes old and new files.

Extraction is cached by each page's content, so a rebuild after one edit re-reads that page only;
the postings are then merged from the cache (a linear pass).
"""

from __future__ import annotations

import hashlib
import json
import operator
import shutil
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..textutil import simplified_table
from .blocks import SearchPage
from .normalize import bigrams, normalize

FORMAT = 1
INLINE = 96  # postings up to this many gids live in the dictionary shard
CHUNK = 2048  # gids per postings chunk
TEXT_GROUP = 8  # blocks per text file
KEYS_PER_SHARD = 256
FACET_BASE = 0x30  # printable, no JSON escapes

# Bigram → a small integer, for the life of the process: blocks keep their bigrams as arrays of
# these (4 bytes each instead of a string object each; at 10,000 speeches that is gigabytes).
_KEY_IDS: dict[str, int] = {}
_KEYS: list[str] = []
# page content → the bigram ids of each block (see `_page_keys`)
_KEYS_CACHE: dict[str, tuple[array, ...]] = {}
_KEYS_CACHE_MAX = 200_000


@dataclass(frozen=True, slots=True)
class IndexStats:
    pages: int
    blocks: int
    keys: int
    files: int
    bytes: int


def shard_of(key: str, shards: int) -> int:
    """FNV-1a over code points; the worker computes the same."""
    h = 0x811C9DC5
    for ch in key:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def _key_ids(keys: set[str]) -> array:
    ids = _KEY_IDS
    out = array("I")
    for k in keys:
        i = ids.get(k)
        if i is None:
            i = ids[k] = len(_KEYS)
            _KEYS.append(k)
        out.append(i)
    return out


def _page_keys(page: SearchPage) -> tuple[array, ...]:
    digest = hashlib.sha1(
        "\x00".join(b.text for b in page.blocks).encode("utf-8", "surrogatepass")
    ).hexdigest()
    hit = _KEYS_CACHE.get(digest)
    if hit is None:
        hit = tuple(_key_ids(bigrams(normalize(b.text))) for b in page.blocks)
        if len(_KEYS_CACHE) >= _KEYS_CACHE_MAX:
            _KEYS_CACHE.clear()
        _KEYS_CACHE[digest] = hit
    return hit


def _facet_string(codes: list[int]) -> str:
    return "".join(chr(FACET_BASE + c) for c in codes)


def _deltas(gids: array) -> list[int]:
    return [gids[0], *map(operator.sub, gids[1:], gids[:-1])]


def build_index(pages: list[SearchPage], out: Path) -> IndexStats:
    """Write the index of `pages` into `out` (replacing what is there)."""
    pages = sorted(pages, key=lambda p: p.order)
    by_id: defaultdict[int, array] = defaultdict(lambda: array("I"))
    gid = 0
    for page in pages:
        for keys in _page_keys(page):
            for k in keys:
                by_id[k].append(gid)
            gid += 1
    n_blocks = gid
    postings = {_KEYS[k]: gids for k, gids in by_id.items()}
    del by_id

    if out.exists():
        shutil.rmtree(out)
    for sub in ("k", "p", "t"):
        (out / sub).mkdir(parents=True)
    files = 0
    size = 0

    def write(rel: str, data) -> None:
        nonlocal files, size
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (out / rel).write_bytes(raw)
        files += 1
        size += len(raw)

    # Dictionary shards and postings chunks.
    shards = 1
    while shards * KEYS_PER_SHARD < len(postings):
        shards *= 2
    buckets: list[dict[str, dict]] = [{} for _ in range(shards)]
    chunk_no = 0
    for key in sorted(postings):
        gids = postings[key]
        if len(gids) <= INLINE:
            entry = {"n": len(gids), "g": _deltas(gids)}
        else:
            directory = []
            for i in range(0, len(gids), CHUNK):
                part = gids[i : i + CHUNK]
                write(f"p/{chunk_no}.json", _deltas(part))
                directory.append([part[0], chunk_no, len(part)])
                chunk_no += 1
            entry = {"n": len(gids), "c": directory}
        buckets[shard_of(key, shards)][key] = entry
    for i, bucket in enumerate(buckets):
        write(f"k/{i}.json", bucket)

    # Block texts, with the pages they belong to.
    page_info = [[p.url, p.title, p.kind, p.meeting_type or "", p.year or 0] for p in pages]
    flat: list[tuple[int, list]] = []
    for pid, page in enumerate(pages):
        flat.extend((pid, [pid, b.anchor, b.section, b.text]) for b in page.blocks)
    for start in range(0, n_blocks, TEXT_GROUP):
        group = flat[start : start + TEXT_GROUP]
        pids = sorted({pid for pid, _ in group})
        write(
            f"t/{start // TEXT_GROUP}.json",
            {"p": {str(pid): page_info[pid] for pid in pids}, "b": [b for _, b in group]},
        )

    # Manifest: what the worker needs before its first fetch.
    types = sorted({p.meeting_type for p in pages if p.meeting_type})
    years = sorted({p.year for p in pages if p.year}, reverse=True)
    build_id = hashlib.sha1(
        json.dumps([page_info, [len(p.blocks) for p in pages]], ensure_ascii=False).encode("utf-8")
        + str(len(postings)).encode()
    ).hexdigest()[:12]
    manifest = {
        "format": FORMAT,
        "build": build_id,
        "shards": shards,
        "textGroup": TEXT_GROUP,
        "blockCounts": [len(p.blocks) for p in pages],
        "types": types,
        "years": years,
        # One character a page (code FACET_BASE + index, 0 = none): a tenth of a JSON list's size.
        "pageTypes": _facet_string([types.index(p.meeting_type) + 1 if p.meeting_type else 0 for p in pages]),
        "pageYears": _facet_string([years.index(p.year) + 1 if p.year else 0 for p in pages]),
        "facetBase": FACET_BASE,
    }
    write("manifest.json", manifest)
    # Traditional → simplified pairs for the worker's normalisation (the pipeline's table).
    table = simplified_table()
    write("t2s.json", "".join(chr(k) + v for k, v in sorted(table.items())))
    return IndexStats(len(pages), n_blocks, len(postings), files, size)
