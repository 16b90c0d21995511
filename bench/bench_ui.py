"""Does the window stay responsive? Heartbeat gaps while the largest CUAD contract is analysed, and time to
the first painted page, and how soon the first findings are listed while a long contract is still read.

A 10 ms QTimer ticks on the UI thread for the whole analysis; the longest gap between two ticks is how long
the window was frozen at worst (target < 100 ms). "First page" is from the open_file() call to the first page
painted with its rendered image (target < 0.5 s). "First findings" is from open_file() to the first review (partial
or whole) listed in the window. The reference is the same analysis run headless (no window, no timer) in this
process, so the GUI overhead prints as a ratio, and so does the cost of the partial results (headless analyze()
with and without ``on_partial``).

    uv run python bench/bench_ui.py [PDF] [--runs 3] [--append]   # --append: replaces this bench's section
    xvfb-run -a env QT_QPA_PLATFORM=xcb uv run python bench/bench_ui.py   # a real X window instead of offscreen
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DEFAULT = ROOT.parent / "shared/corpus/cuad-dev/pdf/CERES,INC_01_25_2012-EX-10.20-Collaboration Agreement.PDF"
GAP_TARGET_MS, PAINT_TARGET_S = 100.0, 0.5
SECTION = "## bench_ui.py — window responsiveness"


def one_run(app, window_cls, path: Path) -> dict[str, float]:
    from PySide6.QtCore import QTimer

    window = window_cls()
    window.quiet = True
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    state: dict[str, float] = {}
    window.viewer.first_paint.connect(lambda _s: state.setdefault("paint", time.perf_counter()))
    window.review_ready.connect(lambda _r: state.setdefault("done", time.perf_counter()))
    window.analysis_failed.connect(lambda _m: state.setdefault("done", time.perf_counter()))
    timer.start()
    app.processEvents()
    start = time.perf_counter()
    ticks.append(start)
    first: dict[str, object] = {}

    def listed(review) -> None:  # the window's own signals: the findings are in the list now
        if "at" not in first:
            first.update(at=time.perf_counter(), pages=review.meta.get("partial", "all"))

    window.partial_shown.connect(listed)
    window.review_ready.connect(listed)
    window.open_file(str(path))
    while "done" not in state and time.perf_counter() - start < 300:
        app.processEvents()
        time.sleep(0.001)
    end = time.perf_counter()
    ticks.append(end)
    timer.stop()
    gaps = [b - a for a, b in pairwise(ticks)]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    findings = len(window.review.findings) if window.review else -1
    window.close()
    window.deleteLater()
    app.processEvents()
    return {"gap_ms": max(gaps) * 1000, "gap_at_s": ticks[worst] - start, "paint_s": state.get("paint", end) - start,
            "analysis_s": state.get("done", end) - start, "ticks": len(ticks), "findings": findings,
            "first_s": float(first.get("at", end)) - start, "first_pages": str(first.get("pages", "none"))}


def cancel_latency(app, window_cls, path: Path) -> float:
    """Seconds from Cancel (after page 10 is read) until the worker thread has really stopped."""
    window = window_cls()
    window.quiet = True
    window.show()
    state: dict[str, float] = {}
    window.open_file(str(path))
    worker = window.worker
    worker.signals.progress.connect(lambda done, _total: done >= 10 and state.setdefault("go", time.perf_counter()))
    worker.signals.done.connect(lambda: state.setdefault("done", time.perf_counter()))
    deadline = time.perf_counter() + 120
    while "go" not in state and "done" not in state and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    cancelled_at = time.perf_counter()
    window.cancel_analysis()
    while "done" not in state and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    window.close()
    window.deleteLater()
    app.processEvents()
    return state.get("done", deadline) - cancelled_at


def scroll_gap(app, window_cls, path: Path, steps: int = 200) -> tuple[float, bool]:
    """Longest heartbeat gap while the analysed file is scrolled from first to last page in ``steps`` jumps
    20 ms apart (pages render on the render thread meanwhile), and whether the last page was drawn sharp."""
    from PySide6.QtCore import QTimer

    window = window_cls()
    window.quiet = True
    window.resize(1400, 900)
    window.show()
    state: dict[str, float] = {}
    window.review_ready.connect(lambda _r: state.setdefault("done", 1))
    window.analysis_failed.connect(lambda _m: state.setdefault("done", 1))
    window.open_file(str(path))
    deadline = time.perf_counter() + 300
    while "done" not in state and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    bar = window.viewer.verticalScrollBar()
    ticks: list[float] = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    for step in range(steps):
        bar.setValue(round(bar.maximum() * step / (steps - 1)))
        until = time.perf_counter() + 0.02
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.001)
    until = time.perf_counter() + 1.0
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    viewer = window.viewer
    last_drawn = any(index == viewer.current_page() - 1 for index, _width in viewer._cache)
    window.close()
    window.deleteLater()
    app.processEvents()
    return max((b - a for a, b in pairwise(ticks)), default=0.0) * 1000, last_drawn


def idle_gap(app, seconds: float) -> float:
    """Longest heartbeat gap with the window idle: what the machine's own scheduling costs (reference)."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return max((b - a for a, b in pairwise(ticks)), default=0.0) * 1000


def _replace_section(readme: str, block: str) -> str:
    """Put ``block`` where this bench's first section was (dropping every older one), else at the end."""
    parts = re.split(r"(?m)^(?=## )", readme)
    ours = [i for i, part in enumerate(parts) if part.startswith(SECTION)]
    if not ours:
        return readme.rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n"
    kept = [block if i == ours[0] else part for i, part in enumerate(parts) if i == ours[0] or i not in ours]
    return "".join(kept).rstrip("\n") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--append", action="store_true", help="append the figures to bench/README.md")
    args = parser.parse_args()
    if not args.pdf.is_file():
        print(f"bench_ui: {args.pdf} not found (needs the shared corpus)", file=sys.stderr)
        return 2
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="upfront-bench-ui-") as folder:
        os.environ["UPFRONT_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["UPFRONT_CONFIG_DIR"] = str(Path(folder) / "config")
        from checks.analyze import analyze
        from checks.rules import load_pack_chain
        from desktop.gui.app import make_app
        from desktop.gui.window import MainWindow

        app = make_app([sys.argv[0]])
        pack = load_pack_chain([])
        headless, with_partials = [], []
        for _ in range(args.runs):  # interleaved, so a change in the machine's load hits both alike
            t = time.perf_counter()
            analyze(args.pdf, pack)
            headless.append(time.perf_counter() - t)
            t = time.perf_counter()
            analyze(args.pdf, pack, on_partial=lambda _review: None)
            with_partials.append(time.perf_counter() - t)
        runs = [one_run(app, MainWindow, args.pdf) for _ in range(args.runs)]
        idle = idle_gap(app, statistics.median(r["analysis_s"] for r in runs))
        cancel = max(cancel_latency(app, MainWindow, args.pdf) for _ in range(args.runs))
        scroll, last_drawn = scroll_gap(app, MainWindow, args.pdf)
    load_end = os.getloadavg()[0]
    gap = max(r["gap_ms"] for r in runs)
    worst = max(runs, key=lambda r: r["gap_ms"])
    paint = max(r["paint_s"] for r in runs)
    gui = statistics.median(r["analysis_s"] for r in runs)
    ref = statistics.median(headless)
    partial_ref = statistics.median(with_partials)
    early = max(runs, key=lambda r: r["first_s"])
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    lines = [
        f"file: {args.pdf.name} ({runs[0]['findings']} findings), platform {platform}, {args.runs} runs",
        f"longest UI heartbeat gap during analysis: {gap:.1f} ms (worst run; target < {GAP_TARGET_MS:.0f} ms) "
        f"{'OK' if gap < GAP_TARGET_MS else 'OVER'} (at {worst['gap_at_s']:.2f} s of {worst['analysis_s']:.2f} s); "
        f"reference: idle window, same length, same run: {idle:.1f} ms",
        f"first page painted after open: {paint:.3f} s (worst run; target < {PAINT_TARGET_S} s) "
        f"{'OK' if paint < PAINT_TARGET_S else 'OVER'}",
        f"first findings listed after open: {early['first_s']:.2f} s (worst run; pages read: {early['first_pages']}) "
        f"vs whole review at {early['analysis_s']:.2f} s; partial results cost: headless analyze() "
        f"{partial_ref:.2f} s with them vs {ref:.2f} s without (ratio {partial_ref / ref:.2f})",
        f"scrolling first to last page in 4 s (200 jumps): longest gap {scroll:.1f} ms "
        f"{'OK' if scroll < GAP_TARGET_MS else 'OVER'}; last page drawn sharp 1 s later: "
        f"{'yes' if last_drawn else 'NO'}",
        f"cancel after page 10 -> worker stopped: {cancel * 1000:.0f} ms (worst run; target < 1000 ms) "
        f"{'OK' if cancel < 1.0 else 'OVER'}",
        f"analysis in the window: {gui:.2f} s median vs headless analyze() {ref:.2f} s median "
        f"(ratio {gui / ref:.2f})",
        f"machine: load average (1 min) {load_start:.1f} at start, {load_end:.1f} at end, {os.cpu_count()} cores "
        "(shared)",
    ]
    print("\n".join(lines))
    if args.append:
        readme = ROOT / "bench" / "README.md"
        old = readme.read_text(encoding="utf-8") if readme.is_file() else "# Benchmarks\n"
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        block = (f"## bench_ui.py — window responsiveness ({stamp})\n\n`uv run python bench/bench_ui.py --append`"
                 "\n\n" + "\n".join(f"- {line}" for line in lines) + "\n\n")
        from desktop.atomic import atomic_write_text

        atomic_write_text(readme, _replace_section(old, block))
    return 0 if gap < GAP_TARGET_MS and paint < PAINT_TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
