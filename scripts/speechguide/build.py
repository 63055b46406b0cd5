"""`speechguide build`: seeds → Markdown pages in the folder of `docs/` this script owns.

`build` runs the pipeline:

1. discover the speech files in the seeds folder (sorted: same input → same output);
2. ingest + clean + parse + match formulas, each file on its own: a file that cannot be read
   becomes a problem (a message naming it), never a crash, and the others go on;
3. mine the corpus;
4. render every page;
5. write the pages that changed, remove stale ones (only inside the owned folder).
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .analyze import Analysis, analyze_source
from .guide import render_pattern_pages
from .ingest import DEFAULT_MAX_BYTES, IngestError, discover, read_source
from .lexicon import Lexicon, LexiconError, Matcher, load_lexicon
from .library import render_library
from .mine import Corpus, mine
from .model import UNKNOWN_TEXT
from .progress import QUIET, Progress
from .render import (
    Site,
    raw_file,
    render_check_rules,
    render_report,
    render_speech,
    render_speech_index,
)
from .stats import render_stats
from .templates import render_templates

OWNED_MARK = ".speechguide-generated"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    seeds_dir: Path
    docs_dir: Path
    prefix: str = "corpus"
    lexicon_path: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    use_directory_urls: bool = True


@dataclass(slots=True)
class BuildResult:
    corpus: Corpus
    problems: list[tuple[str, str]]  # (file name, Chinese message)
    pages: dict[str, str | bytes]  # docs-relative path → Markdown (or a binary file: .docx)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def speech_pages(self) -> dict[str, list[tuple[str, str]]]:
        """meeting type → [(title, docs-relative path)] for the navigation."""
        from .render import display_title

        out: dict[str, list[tuple[str, str]]] = {}
        site = Site(self.prefix)
        for a in self.corpus.analyses:
            out.setdefault(a.meta.shown("meeting_type"), []).append(
                (display_title(a), site.speech_path(a.source.slug))
            )
        return dict(sorted(out.items(), key=lambda kv: (kv[0] == UNKNOWN_TEXT, kv[0])))

    prefix: str = "corpus"

    def nav_sections(self, speeches_max: int = 60) -> dict[str, list]:
        """Index page → the nav entries under it (expanded by the MkDocs plugin). Up to
        `speeches_max` speeches are listed one by one under their meeting type; a larger corpus
        lists the meeting-type pages instead, so each page's navigation stays small."""
        from .patterns import load_data
        from .render import type_page

        p = self.prefix
        site = Site(self.prefix)
        if self.corpus.size <= speeches_max:
            groups: list = [
                {mtype: [{title: path} for title, path in pages]}
                for mtype, pages in self.speech_pages().items()
            ]
        else:
            groups = [
                {f"{mtype}（{len(pages)} 篇）": type_page(site, mtype)}
                for mtype, pages in self.speech_pages().items()
            ]
        patterns = sorted(
            k for k in self.pages if k.startswith(f"{p}/patterns/") and not k.endswith("index.md")
        )
        order = [f"{p}/patterns/{part['id']}.md" for part in load_data("guidance.yml")["parts"]]
        patterns.sort(key=lambda k: order.index(k) if k in order else len(order))
        return {f"{p}/speeches/index.md": groups, f"{p}/patterns/index.md": patterns}


# Analyses keyed by (path, hash of the file's and its sidecar's bytes, lexicon, size limit):
# `mkdocs serve` rebuilds re-analyse only the speeches that changed.
_CACHE: dict[tuple[str, str], Analysis] = {}


PARALLEL_MIN = 24  # below this many speeches to (re)analyse, a process pool costs more than it saves
_WORKER: dict[str, object] = {}


def _worker_init(lexicon_path: str | None, max_bytes: int) -> None:
    lex = load_lexicon(Path(lexicon_path)) if lexicon_path else None
    _WORKER["matcher"] = Matcher(lex.forms()) if lex else None
    _WORKER["near"] = lex.correct_forms() if lex else None
    _WORKER["max_bytes"] = max_bytes


def _worker_analyze(path: Path) -> Analysis | IngestError:
    try:
        source = read_source(path, max_bytes=_WORKER["max_bytes"])  # type: ignore[arg-type]
    except IngestError as err:
        return err
    return analyze_source(source, _WORKER["matcher"], _WORKER["near"])  # type: ignore[arg-type]


def _file_key(path: Path, lex_key: str, max_bytes: int) -> tuple[str, str]:
    """What the analysis of `path` depends on, read as bytes (no decoding: cheap in the parent)."""
    h = hashlib.sha1(f"{lex_key}\x00{max_bytes}".encode())
    for p in (path, path.with_suffix(".yml"), path.with_suffix(".yaml")):
        try:
            size = p.stat().st_size
            h.update(f"\x00{p.name}\x00{size}\x00".encode("utf-8", "surrogatepass"))
            if size <= max_bytes:
                h.update(p.read_bytes())
        except OSError:
            h.update(b"\x00-")
    return str(path), h.hexdigest()


def _analyze_all(
    paths: list[Path],
    lexicon: Lexicon | None,
    lexicon_path: Path | None,
    matcher: Matcher | None,
    max_bytes: int,
    progress: Progress = QUIET,
) -> list[Analysis | IngestError]:
    """Every file read (in order) and analysed; unchanged speeches come from the cache. When
    many changed, reading and analysing both run in a process pool (2 cores: about twice as
    fast); the parent only hashes the bytes."""
    lex_key = repr(lexicon.forms()) if lexicon else ""
    out: list[Analysis | IngestError | None] = []
    todo: list[tuple[int, tuple[str, str], Path]] = []
    with progress.stage("读取", len(paths), "个文件") as advance:
        for path in paths:
            key = _file_key(path, lex_key, max_bytes)
            hit = _CACHE.get(key)
            out.append(hit)
            if hit is None:
                todo.append((len(out) - 1, key, path))
            advance(1)
    near = lexicon.correct_forms() if lexicon else None
    results: list[Analysis | IngestError] = []
    with progress.stage(
        "分析", len(todo), "篇（其余未改动，沿用上次结果）" if len(todo) < len(paths) else "篇"
    ) as advance:
        if len(todo) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
            workers = min(os.cpu_count() or 2, 4)
            with ProcessPoolExecutor(
                workers,
                initializer=_worker_init,
                initargs=(str(lexicon_path) if lexicon else None, max_bytes),
            ) as ex:
                for a in ex.map(_worker_analyze, [t[2] for t in todo], chunksize=8):
                    results.append(a)
                    advance(1)
        else:
            for _i, _key, path in todo:
                try:
                    results.append(analyze_source(read_source(path, max_bytes=max_bytes), matcher, near))
                except IngestError as err:
                    results.append(err)
                advance(1)
    for (i, key, _path), a in zip(todo, results, strict=True):
        if isinstance(a, Analysis):
            _CACHE[key] = a
        out[i] = a
    return out  # type: ignore[return-value]


def build(opts: BuildOptions, *, write: bool = True, progress: Progress = QUIET) -> BuildResult:
    """seeds/ → the generated pages (written under `docs/<prefix>/` unless `write` is false);
    `progress` reports each stage (the MkDocs plugin logs them, a terminal also gets a bar)."""
    problems: list[tuple[str, str]] = []
    lexicon: Lexicon | None = None
    if opts.lexicon_path is not None and opts.lexicon_path.exists():
        try:
            lexicon = load_lexicon(opts.lexicon_path)
        except LexiconError as err:
            problems.append((opts.lexicon_path.name, str(err)))
    matcher = Matcher(lexicon.forms()) if lexicon else None

    analyses: list[Analysis] = []
    seen: dict[str, str] = {}
    paths = discover(opts.seeds_dir)
    for path, a in zip(
        paths, _analyze_all(paths, lexicon, opts.lexicon_path, matcher, opts.max_bytes, progress), strict=True
    ):
        if isinstance(a, IngestError):
            problems.append((path.name, str(a)))
            continue
        slug = a.source.slug
        if slug in seen:
            n = 2
            while f"{slug}-{n}" in seen:
                n += 1
            new = f"{slug}-{n}"
            problems.append(
                (
                    path.name,
                    f"“{path.name}”的网址名“{slug}”与“{seen[slug]}”相同，已改用“{new}”。请给其中一个文件改名。",
                )
            )
            from dataclasses import replace

            a = replace(a, source=replace(a.source, slug=new, id=new))
            slug = new
        seen[slug] = path.name
        analyses.append(a)

    with progress.stage("挖掘固定表述和句式", len(analyses)):
        corpus = mine(analyses, lexicon)
    site = Site(opts.prefix, opts.use_directory_urls)
    pages: dict[str, str | bytes] = {}
    with progress.stage("生成讲话页", len(corpus.analyses)) as advance:
        for a in corpus.analyses:
            pages[site.speech_path(a.source.slug)] = render_speech(a, corpus, site)
            pages[site.raw_path(a.source.slug)] = raw_file(a)
            advance(1)
    with progress.stage("生成其他页面", 7, "组"):
        pages.update(render_speech_index(corpus, site))
        pages.update(render_library(corpus, site))
        pages[f"{opts.prefix}/report.md"] = render_report(corpus, problems, site)
        pages[f"{opts.prefix}/check-rules.md"] = render_check_rules(site)
        pages.update(render_pattern_pages(corpus, site))
        pages.update(render_templates(corpus, site))
        pages[f"{opts.prefix}/stats.md"] = render_stats(corpus, site)
    result = BuildResult(corpus, problems, pages, prefix=opts.prefix)
    if write:
        with progress.stage("写入", len(pages), "个文件"):
            _write(opts.docs_dir, opts.prefix, pages, result)
    return result


def _write(docs_dir: Path, prefix: str, pages: dict[str, str | bytes], result: BuildResult) -> None:
    out = docs_dir / prefix
    if out.exists() and not (out / OWNED_MARK).exists() and any(out.iterdir()):
        raise RuntimeError(f"{out} 不是 speechguide 生成的目录（缺少 {OWNED_MARK}），为免误删，不写入。")
    out.mkdir(parents=True, exist_ok=True)
    mark = out / OWNED_MARK
    if not mark.exists():
        mark.write_text(
            "此目录由 speechguide build 生成，每次构建都会重写；不要手工修改。\n", encoding="utf-8"
        )
    wanted = {docs_dir / rel for rel in pages}
    for rel, content in pages.items():
        p = docs_dir / rel
        if isinstance(content, str):
            data = (content if content.endswith("\n") else content + "\n").encode("utf-8")
        else:
            data = content
        if p.exists() and p.read_bytes() == data:
            continue  # unchanged: no write, so `mkdocs serve` sees no change and does not loop
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        result.written.append(rel)
    for p in sorted(f for f in out.rglob("*") if f.is_file()):
        if p not in wanted and p != mark:
            p.unlink()
            result.removed.append(str(p.relative_to(docs_dir)))
    for d in sorted((d for d in out.rglob("*") if d.is_dir()), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()
