"""How long building + rendering an expectations sheet takes after analysis, on the largest CUAD contract.

The target: under 0.3 s for the 154-page CUAD contract once the Review exists. The analysis of the
same file is timed in the same run, so the ratio printed is comparable across machines.

usage:
  uv run python bench/bench_sheet.py                  # the largest PDF in ../shared/corpus/cuad-dev/pdf
  uv run python bench/bench_sheet.py FILE.pdf --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from checks.analyze import analyze  # noqa: E402
from desktop.sheet import SheetOptions, build_sheet, render_sheet  # noqa: E402
from desktop.sheet.render import register_fonts  # noqa: E402

CUAD = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared")) / "corpus" / "cuad-dev" / "pdf"
READERS = (("finance",), ("it",), ("executive",), ("users",), ("finance", "it", "executive", "users"))


def largest_pdf(folder: Path) -> Path:
    """The PDF with the most pages (ties: by name), read from the page tree only."""
    best: tuple[int, str] = (-1, "")
    for pdf in sorted(folder.iterdir()):
        if pdf.suffix.lower() != ".pdf":
            continue
        try:
            doc = pdfium.PdfDocument(str(pdf))
            pages = len(doc)
            doc.close()
        except pdfium.PdfiumError:
            continue
        best = max(best, (pages, str(pdf)))
    if best[0] < 0:
        raise SystemExit(f"no readable PDF in {folder}")
    return Path(best[1])


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = args.file or largest_pdf(CUAD)
    register_fonts()  # once per process, like the app: not part of a sheet's cost
    analysis, review = timed(lambda: analyze(path), args.repeat)
    print(f"{path.name}: {review.document.page_count} pages, {len(review.clauses)} clauses, "
          f"{len(review.findings)} findings")
    print(f"analysis (median of {args.repeat}): {analysis:.3f} s")
    worst, combined = 0.0, 0.0
    for readers in READERS:
        options = SheetOptions(readers=readers, paper="a4", date="1 January 2026")
        build, sheet = timed(lambda options=options: build_sheet(review, options), args.repeat)
        render, pdf = timed(lambda sheet=sheet, options=options: render_sheet(sheet, options), args.repeat)
        total = build + render
        if len(readers) == 1:
            worst = max(worst, total)
        else:
            combined = total
        print(f"sheet {'+'.join(readers):<30} build {build:.3f} s  render {render:.3f} s  total {total:.3f} s  "
              f"= {total / analysis:.2f} x analysis  ({len(pdf) // 1024} KiB)")
    verdict = "OK" if worst < 0.3 else "OVER"
    print(f"slowest one-reader sheet after analysis: {worst:.3f} s (target < 0.3 s: {verdict}); "
          f"ratio to analysis {worst / analysis:.3f}; all four readers in one sheet: {combined:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
