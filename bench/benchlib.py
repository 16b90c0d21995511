"""What the bench scripts share: where the corpus is, the big reference contract, and a median timer."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared"))
CUAD_PDF = SHARED / "corpus" / "cuad-dev" / "pdf"
BIG = CUAD_PDF / "CERES,INC_01_25_2012-EX-10.20-Collaboration Agreement.PDF"  # the 154-page dev contract


def median_time(fn: Callable[[], Any], repeat: int, clock: Callable[[], float] = time.perf_counter):
    """Median seconds of ``repeat`` calls and the last result (medians resist the shared machine's noise)."""
    times, out = [], None
    for _ in range(repeat):
        t0 = clock()
        out = fn()
        times.append(clock() - t0)
    return statistics.median(times), out
