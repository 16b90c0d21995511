"""`upfront` command: no argument opens the window on the sample; `check`, `sheet` and `rules` run headless.

Imports no Qt at module level, so the headless commands work on machines without a display.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import resources
from checks.model import SEVERITY_RANK
from extractors.errors import UpfrontError

SAMPLE = resources.path("samples", "proposal-with-problems.pdf")
COMMANDS = ("check", "sheet", "rules")


def _fail(message: str) -> int:
    print(f"upfront: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def _pack(args: argparse.Namespace):
    """The active pack: built-in, the user's config folder, --rules PATH (in order), minus --disable RULE."""
    from checks.rules import disable_rules, load_pack_chain

    return disable_rules(load_pack_chain(getattr(args, "rules", None) or []), getattr(args, "disable", None) or [])


def _ocr_missing() -> str | None:
    """The one-line install hint when --ocr is asked for but ocrmypdf/tesseract is missing, else None."""
    from extractors.ocr import ocr_available

    return ocr_available()


def _limits(args: argparse.Namespace):
    """--max-pages / --time-limit / --max-memory over the UPFRONT_* variables over the defaults."""
    from desktop.limits import limits_from

    return limits_from(max_pages=getattr(args, "max_pages", None), time_limit=getattr(args, "time_limit", None),
                       max_memory_mb=getattr(args, "max_memory", None))


def _choice(args: argparse.Namespace):
    """--provider / --customer: the user's word on the parties' roles (every judgement then follows it)."""
    from extractors.model import PartyChoice

    return PartyChoice(getattr(args, "provider", None) or "", getattr(args, "customer", None) or "")


def _analyze(path: str, pack, password: str | None, ocr: bool = False, limits=None, choice=None):
    """analyze(), or with ``ocr`` and pages without text: ``analyze_ocr`` of those pages (a cached copy).

    The input is only read. The review names the original path and sha256; a warning names the OCR'd pages
    and the copy, so a reader knows which text came from OCR.
    """
    from checks.analyze import analyze, analyze_ocr

    if not ocr:
        return analyze(path, pack, password=password, limits=limits, choice=choice)
    review = analyze(path, pack, password=password, require_text=False, limits=limits, choice=choice)
    missing = review.document.pages_without_text
    if not missing:  # nothing to OCR: the file is read once
        return review
    name = Path(path).name

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"upfront: OCR {name}: page {min(done + 1, total)} of {total}", file=sys.stderr, flush=True)

    return analyze_ocr(path, review.document.sha256, missing, pack, limits=limits, on_ocr_progress=progress,
                       choice=choice)


def _check_one(job: tuple) -> tuple[str, str, int]:
    """Analyse one file (in a worker process with --jobs); returns (output, error, worst severity rank).

    ``job`` is (path, format, rules, disabled, password, ocr, limits, choice).
    """
    path, fmt, rules, disabled, password, ocr, limits, choice = job
    from checks.report import review_csv, review_json, review_text
    from checks.rules import disable_rules, load_pack_chain

    try:
        review = _analyze(path, disable_rules(load_pack_chain(rules), disabled), password, ocr, limits, choice)
    except UpfrontError as err:
        return "", str(err), -1
    except Exception as err:  # never a traceback for a user: name the file and the problem
        return "", f"{Path(path).name}: could not be analysed ({type(err).__name__}: {err})", -1
    worst = max((SEVERITY_RANK.get(f.severity, 0) for f in review.findings), default=-1)
    if fmt == "json":
        out = json.dumps(review_json(review), ensure_ascii=False)
    elif fmt == "csv":
        out = review_csv(review, header=False)
    else:
        out = review_text(review)
    return out, "", worst


def cmd_check(args: argparse.Namespace) -> int:
    try:
        _pack(args)  # validate the pack once, up front, with a clear message
    except UpfrontError as err:
        return _fail(str(err))
    if args.ocr and (hint := _ocr_missing()):
        return _fail(hint)
    limits = _limits(args)
    choice = _choice(args)
    jobs = [(str(p), args.format, args.rules or [], args.disable or [], args.password, args.ocr, limits, choice)
            for p in args.files]
    fail_rank = SEVERITY_RANK[args.fail_on] if args.fail_on != "none" else 99
    if args.format == "csv":
        from checks.report import csv_header

        sys.stdout.write(csv_header())
    if args.jobs > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(args.jobs, len(jobs))) as pool:
            return _emit(pool.map(_check_one, jobs, chunksize=1), fail_rank, args.format)
    return _emit(map(_check_one, jobs), fail_rank, args.format)


def _emit(results, fail_rank: int, fmt: str) -> int:
    """Print each result as it comes (in input order); exit 2 beats 1 beats 0."""
    status = 0
    for out, err, worst in results:
        if err:
            print(f"upfront: {' '.join(err.split())}", file=sys.stderr)
            status = 2
            continue
        sys.stdout.write(out if fmt == "csv" else out + "\n")
        sys.stdout.flush()
        if worst >= fail_rank and status == 0:
            status = 1
    return status


def cmd_sheet(args: argparse.Namespace) -> int:
    from desktop.sheet import SheetOptions, write_sheet

    readers = list(dict.fromkeys(r.strip() for part in args.readers for r in part.split(",") if r.strip()))
    if not readers:
        return _fail("--for needs a reader: " + ", ".join(resources.AUDIENCES))
    for r in readers:
        if r not in resources.AUDIENCES:
            return _fail(f"unknown reader {r!r}: use one of {', '.join(resources.AUDIENCES)}")
    if args.ocr and (hint := _ocr_missing()):
        return _fail(hint)
    try:
        review = _analyze(str(args.file), _pack(args), args.password, ocr=args.ocr, limits=_limits(args),
                          choice=_choice(args))
        out = args.output or Path(args.file).with_name(f"{Path(args.file).stem}-expectations-{'-'.join(readers)}.pdf")
        options = SheetOptions(readers=tuple(readers), paper=args.paper, customer=args.customer or "",
                               provider=args.provider or "", prepared_by=args.prepared_by or "")
        written = write_sheet(review, out, options)
    except UpfrontError as err:
        return _fail(str(err))
    print(written)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    """List the active rules with where each comes from, or validate a pack folder (--check PATH)."""
    from checks.rules import default_pack, load_pack

    try:
        if args.check:
            base = default_pack()
            pack = load_pack(args.check, base=base)
            folder = Path(args.check).resolve()
            before = {b.id: b for b in base.rules}
            # a rule is this pack's when it comes from a file in the folder, or a built-in one it overrode
            added = [r for r in pack.rules if r.id not in before and Path(r.source).resolve().is_relative_to(folder)]
            changed = [r for r in pack.rules if r.id in before and r != before[r.id]]
            print(f"{args.check}: OK ({len(added)} rules added, {len(changed)} built-in rules changed)")
            return 0
        pack = _pack(args)
    except UpfrontError as err:
        return _fail(str(err))
    print(f"rule pack {pack.label}: {len(pack.active)} of {len(pack.rules)} rules active")
    for rule in pack.rules:
        state = rule.level if rule.enabled else "off"
        print(f"{rule.id:<34} {rule.kind:<15} {rule.finding:<19} {state:<10} {rule.source}")
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="upfront", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="check PDFs and print findings")
    check.add_argument("files", nargs="+", type=Path)
    check.add_argument("--format", choices=("text", "json", "csv"), default="text")
    check.add_argument("--fail-on", choices=("error", "warning", "suggestion", "none"), default="error")
    check.add_argument("--jobs", type=_positive_int, default=1, help="worker processes for several files")
    for p in (check,):
        p.add_argument("--disable", action="append", metavar="RULE", help="switch a rule off (repeatable)")
    sheet = sub.add_parser("sheet", help="write an expectations sheet (PDF) for one or more readers")
    sheet.add_argument("file", type=Path)
    sheet.add_argument("--for", dest="readers", action="append", default=None,
                       help="finance, it, executive, users (repeat or comma-separate)")
    sheet.add_argument("-o", "--output", type=Path)
    sheet.add_argument("--paper", choices=("auto", "a4", "letter"), default="auto")
    sheet.add_argument("--prepared-by")
    rules = sub.add_parser("rules", help="list the active rules, or validate a pack with --check PATH")
    rules.add_argument("--check", type=Path, metavar="PATH")
    for p in (check, sheet, rules):
        p.add_argument("--rules", action="append", metavar="PATH", help="a user rule pack folder (repeatable)")
    for p in (sheet, rules):
        p.add_argument("--disable", action="append", metavar="RULE", help="switch a rule off (repeatable)")
    for p in (check, sheet):
        p.add_argument("--provider", metavar="NAME", help="the party that provides (its name as the document "
                       "gives it; a name found nowhere is used as given)")
        p.add_argument("--customer", metavar="NAME", help="the party that receives and pays")
        p.add_argument("--password", help="password of an encrypted PDF")
        p.add_argument("--max-pages", type=float, metavar="N", help="refuse longer documents (default 2000; 0: none)")
        p.add_argument("--time-limit", type=float, metavar="SECONDS",
                       help="give up reading one document after this long (default 120; 0: none)")
        p.add_argument("--max-memory", type=float, metavar="MB",
                       help="give up when the process uses more memory (default 2048; 0: none)")
        p.add_argument("--ocr", action="store_true",
                       help="read scanned pages by OCR (a cached copy; needs the 'ocr' extra and tesseract)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        from desktop.gui.app import run_gui

        return run_gui(argv[0] if argv else str(SAMPLE))
    args = build_parser().parse_args(argv)
    if args.command == "sheet" and not args.readers:
        args.readers = ["executive"]
    try:
        return {"check": cmd_check, "sheet": cmd_sheet, "rules": cmd_rules}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
