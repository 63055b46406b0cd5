"""`speechguide` command line: analyze (and, as they land, check, build, formulas)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .ingest import DEFAULT_MAX_BYTES, IngestError
from .lexicon import LexiconError, load_lexicon


def _lexicon(args: argparse.Namespace, file: Path | None):
    from .analyze import default_lexicon

    if args.lexicon:
        return load_lexicon(Path(args.lexicon))
    return default_lexicon(file)


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analyze import analyze_file, explain, outline, to_json

    path = Path(args.file)
    lex = _lexicon(args, path)
    a = analyze_file(path, lexicon=lex, max_bytes=args.max_bytes)
    fmt = "json" if args.json else args.format
    if fmt == "json":
        sys.stdout.write(json.dumps(to_json(a), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(outline(a) + "\n")
    if args.explain:
        sys.stdout.write(("\n" if fmt != "json" else "") + explain(a) + "\n")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """The build script: the same build the MkDocs plugin runs, with the plugin's options."""
    from .build import BuildOptions, build
    from .progress import Progress
    from .site_config import read_site_config

    cfg = read_site_config(Path(args.config))
    progress = Progress(logger=None)
    result = build(
        BuildOptions(
            seeds_dir=cfg.seeds_dir,
            docs_dir=cfg.docs_dir,
            prefix=cfg.output,
            lexicon_path=cfg.lexicon_path,
            max_bytes=cfg.max_bytes,
            use_directory_urls=cfg.use_directory_urls,
        ),
        progress=progress,
    )
    if not args.quiet:
        for line in progress.lines:
            print(line, file=sys.stderr)
    for _name, message in result.problems:
        print(f"speechguide: 警告：{message}", file=sys.stderr)
    print(
        f"已生成 {len(result.pages)} 页到 {cfg.docs_dir / cfg.output}（改写 {len(result.written)} 页，删除 {len(result.removed)} 页），"
        f"{result.corpus.size} 篇讲话，{len(result.problems)} 个问题。"
    )
    return 1 if args.strict and result.problems else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 0: nothing wrong; 1: errors found (or left after --fix); 2: a file could not be checked."""
    from .analyze import analyze_source, outline
    from .check import check_text, find_config, load_config, report
    from .check import to_json as check_json
    from .ingest import read_source
    from .lexicon import Matcher

    errors = 0
    failed = 0
    left = 0
    results = []
    for name in args.files:
        path = Path(name)
        lex = _lexicon(args, path)
        try:
            config = load_config(Path(args.config) if args.config else find_config(path))
        except ValueError as err:
            print(f"speechguide: {err}", file=sys.stderr)
            return 2
        try:
            source = read_source(path)
        except IngestError as err:
            print(f"speechguide: {err}", file=sys.stderr)
            failed += 1
            continue
        findings = check_text(source.raw, lex, config)
        if args.fix:
            findings = _fix(source, findings, lex, config, quiet=args.format == "json")
            left += len(findings)
        if args.annotate:
            from .check.annotate import annotate

            out, n = annotate(source, findings)
            print(f"已写出 {out}（{n} 条批注；原文未改动）。", file=sys.stderr)
        errors += sum(1 for f in findings if f.severity.value == "error")
        if args.format == "json":
            results.append(check_json(path.name, findings))
        elif not (args.fix and not findings):
            a = analyze_source(source, Matcher(lex.forms()) if lex else None)
            head = [ln for ln in outline(a).split("\n") if not ln.startswith("[")]
            print(report(path.name, "\n".join(head), findings))
            print()
    if args.format == "json":
        sys.stdout.write(
            json.dumps(results if len(results) != 1 else results[0], ensure_ascii=False, indent=2) + "\n"
        )
    if failed:
        return 2
    if args.fix:  # like `ruff --fix`: 0 only when nothing is left for the writer
        return 1 if left else 0
    return 1 if errors else 0


def _fix(source, findings, lex, config, *, quiet: bool):
    """Apply the safe fixes, print each, and return what is left after re-checking."""
    from .check import check_text
    from .check.fix import fix_file
    from .ingest import read_source

    applied, left = fix_file(source, findings)
    out = sys.stderr if quiet else sys.stdout
    for a in applied:
        print(f"{source.path.name}:{a.line}: “{a.before}” → “{a.after}”", file=out)
    for s, _e, _new in left:
        print(
            f"{source.path.name}: 第 {source.raw.count(chr(10), 0, s) + 1} 行的一处没有自动改（跨越了 Word 的格式边界），请手工修改。",
            file=out,
        )
    if applied:
        print(f"{source.path.name}: 自动改正 {len(applied)} 处。", file=out)
    else:
        print(f"{source.path.name}: 没有可以自动改正的地方。", file=out)
    fresh = read_source(source.path)
    remaining = check_text(fresh.raw, lex, config)
    if remaining:
        print(f"{source.path.name}: 还有 {len(remaining)} 处需要人工处理：", file=out)
    return remaining


def cmd_formulas(args: argparse.Namespace) -> int:
    """The formula library the site shows: lexicon and mined entries with their use."""
    from .library import entries

    result = _build_unwritten(args)
    for _name, message in result.problems:
        print(f"speechguide: 警告：{message}", file=sys.stderr)
    rows = [
        {
            "text": e.text,
            "category": e.category,
            "source": e.source,
            "speeches": list(e.speeches),
            "occurrences": e.occurrences,
            "anchor": e.anchor,
        }
        | ({"kind": e.kind, "shape": e.shape} if e.source == "mined" else {})
        for e in entries(result.corpus)
    ]
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in rows:
            src = "收录" if r["source"] == "lexicon" else "挖掘"
            print(f"{r['text']}\t{r['category']}\t{src}\t{len(r['speeches'])} 篇\t{r['occurrences']} 处")
    return 0


def cmd_meta(args: argparse.Namespace) -> int:
    """Metadata read from each speech, as the `.yml` that confirms it; `--write` saves it."""
    from .analyze import analyze_file
    from .ingest import discover
    from .structure.meta import yml_commented

    files: list[Path] = []
    for name in args.paths:
        p = Path(name)
        files.extend(discover(p) if p.is_dir() else [p])
    if not files:
        print("speechguide: 没有找到讲话文件（.txt、.md、.docx）。", file=sys.stderr)
        return 2
    failed = 0
    out = []
    for path in files:
        try:
            a = analyze_file(path)
        except IngestError as err:
            print(f"speechguide: {err}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            from .analyze import to_json

            j = to_json(a)
            out.append({"file": path.name, "meta": j["meta"], "meta_evidence": j["meta_evidence"]})
            continue
        text = yml_commented(a.meta)
        target = path.with_suffix(".yml")
        if args.write:
            if target.exists():
                print(f"# {target.name} 已存在，未改动")
            elif not text:
                print(f"# {path.name}：原文没有写明可以推断的信息，未写 .yml")
            else:
                target.write_text(f"# 从 {path.name} 的原文推断，已核对的请保留\n" + text, encoding="utf-8")
                print(f"# 已写入 {target}")
            continue
        print(f"# {path.name} → {target.name}")
        print(text or "# （原文没有写明可以推断的信息）")
    if args.json:
        sys.stdout.write(json.dumps(out if len(out) != 1 else out[0], ensure_ascii=False, indent=2) + "\n")
    return 2 if failed else 0


def _build_unwritten(args: argparse.Namespace):
    """The site build with mkdocs.yml's options (`--seeds`/`--lexicon` override), pages not
    written: for commands that report on the corpus."""
    from .build import BuildOptions, build
    from .site_config import read_site_config

    cfg = read_site_config(Path(args.config))
    lexicon = getattr(args, "lexicon", None)
    return build(
        BuildOptions(
            seeds_dir=Path(args.seeds) if args.seeds else cfg.seeds_dir,
            docs_dir=cfg.docs_dir,
            prefix=cfg.output,
            lexicon_path=Path(lexicon) if lexicon else cfg.lexicon_path,
            max_bytes=cfg.max_bytes,
        ),
        write=False,
    )


def cmd_doctor(args: argparse.Namespace) -> int:
    """What in seeds/ needs a maintainer's hand: unreadable, duplicated, uncertain, unconfirmed."""
    from .doctor import examine, report_text

    result = _build_unwritten(args)
    items = examine(result.corpus, result.problems)
    print(report_text(items, result.corpus.size))
    return 1 if any(i.serious for i in items) else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="speechguide", description="讲话稿写作指南：分析、检查、生成站点。")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="分析一篇讲话稿的结构")
    a.add_argument("file")
    a.add_argument("--json", action="store_true", help="输出 JSON（同 --format json）")
    a.add_argument("--format", choices=["outline", "json"], default="outline")
    a.add_argument("--lexicon", help="固定表述库（默认 seeds/formulas.yml）")
    a.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="文件大小上限（字节）")
    a.add_argument(
        "--explain", action="store_true", help="列出每组候选编号为什么被采用或不采用（证据和得分）"
    )
    a.set_defaults(func=cmd_analyze)
    c = sub.add_parser("check", help="检查讲话稿：结构、编号、固定表述、待填项、过时提法、标点")
    c.add_argument("files", nargs="+")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--config", help="规则设置文件（默认找 .speechguide.yml）")
    c.add_argument("--lexicon", help="固定表述库（默认 seeds/formulas.yml）")
    c.add_argument(
        "--fix",
        action="store_true",
        help="自动改正安全的机械性问题（半角标点、过时提法、顺序……），改在原文件里",
    )
    c.add_argument(
        "--annotate", action="store_true", help="另存一份 NAME.checked.docx，每个问题作为 Word 批注；原文不动"
    )
    c.set_defaults(func=cmd_check)
    f = sub.add_parser("formulas", help="列出固定表述库（收录的和从语料中挖掘的）")
    f.add_argument("--json", action="store_true")
    f.add_argument("--config", default="mkdocs.yml")
    f.add_argument("--seeds", help="讲话稿目录（默认取 mkdocs.yml 的设置）")
    f.add_argument("--lexicon", help="固定表述库（默认取 mkdocs.yml 的设置）")
    f.set_defaults(func=cmd_formulas)
    m = sub.add_parser("meta", help="从原文推断会议类型、层级、日期、讲话人、主题，输出可保存的 .yml")
    m.add_argument("paths", nargs="+", help="讲话文件或目录")
    m.add_argument("--json", action="store_true", help="输出 JSON（含依据）")
    m.add_argument("--write", action="store_true", help="为还没有 .yml 的讲话写出 .yml（不覆盖已有的）")
    m.set_defaults(func=cmd_meta)
    d = sub.add_parser(
        "doctor", help="列出 seeds/ 里要处理的问题：读不了、重复、结构不确定、元数据未确认，并给出处理办法"
    )
    d.add_argument("--config", default="mkdocs.yml")
    d.add_argument("--seeds", help="讲话稿目录（默认取 mkdocs.yml 的设置）")
    d.set_defaults(func=cmd_doctor)
    b = sub.add_parser("build", help="从 seeds/ 生成站点的 Markdown（mkdocs build 也会自动运行这一步）")
    b.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml 的路径")
    b.add_argument("--strict", action="store_true", help="有读不了的文件时退出码为 1")
    b.add_argument("-q", "--quiet", action="store_true", help="不输出各阶段的进度")
    b.set_defaults(func=cmd_build)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except IngestError as err:
        print(f"speechguide: {err}", file=sys.stderr)
        return 2
    except LexiconError as err:
        print(f"speechguide: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `speechguide formulas | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
