"""OCR speed on the 18F TDRS award (pages 1-2 are scans): seconds per OCR'd page and ocrmypdf's fixed start-up.

Why two runs: OCR of page 1 alone and of pages 1-2 separates the per-page cost (the difference) from the fixed
cost of starting ocrmypdf and rewriting the 59-page file. The reference, timed in the same run, is reading the
whole award's text layer (``read_document``), so the ratio survives load on the shared 2-core machine.

    uv run python bench/bench_ocr.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.ocr import ocr_available, ocr_pdf
from extractors.pdf import read_document

AWARD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real-pdfs" / "TDRS Fully Executed Base Award.pdf"


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if hint := ocr_available():
        print(hint)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "copy.pdf"
        read = _median(lambda: read_document(AWARD, require_text=False), args.repeat)
        one = _median(lambda: ocr_pdf(AWARD, out, [1]), args.repeat)
        two = _median(lambda: ocr_pdf(AWARD, out, [1, 2]), args.repeat)
    per_page = two - one
    load = os.getloadavg()[0]
    print(f"load avg {load:.1f}; reference read_document (59 pages): {read:.2f} s")
    print(f"OCR page 1: {one:.2f} s; pages 1-2: {two:.2f} s; per page {per_page:.2f} s; "
          f"fixed start-up {one - per_page:.2f} s; per page / reference {per_page / read:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
