"""Take a picture of the window on a PDF, as a person would see it: for the README and for looking.

    xvfb-run -a env QT_QPA_PLATFORM=xcb uv run python -m desktop.gui.screenshot PDF OUT.png [--select N]

Opens the window, waits for the analysis, selects the N-th finding (so the viewer scrolls and outlines it),
lets the flash settle, then saves ``window.grab()`` (plus ``--screen`` for the whole X screen, which shows
the real window frame). ``--partial`` takes the picture at the first partial result instead (a long PDF, still
being read). ``--timing`` also prints when the first page was painted, in seconds since the launch: since
``UPFRONT_LAUNCH_T0`` (a ``time.time()`` the launcher sets just before starting the process; ``bench/bench_bundle.py``
does) or else since this module started. Exit code 0 when the analysis finished (or, with ``--partial``, showed a
partial result), 1 otherwise.

In the PyInstaller app it runs as ``dist/Upfront/upfront -m desktop.gui.screenshot PDF OUT.png`` (desktop/frozen.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    started = time.time()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--select", type=int, default=0, help="row of the finding to select (in list order)")
    parser.add_argument("--tab", choices=("findings", "promises", "disclosures"), default="findings")
    parser.add_argument("--size", default="1440x900")
    parser.add_argument("--screen", type=Path, help="also save the whole screen here")
    parser.add_argument("--partial", action="store_true", help="picture the first partial result")
    parser.add_argument("--timing", action="store_true", help="print when the first page was painted")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QTimer

    from desktop.gui.app import make_app
    from desktop.gui.window import MainWindow

    app = make_app([sys.argv[0]])
    window = MainWindow()
    window.quiet = True
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    state: dict[str, object] = {}
    painted: list[float] = []
    window.viewer.first_paint.connect(lambda _s: painted or painted.append(time.time()))
    window.review_ready.connect(lambda r: state.setdefault("review", r))
    window.analysis_failed.connect(lambda m: state.setdefault("error", m))
    if args.partial:
        window.partial_shown.connect(lambda r: state.setdefault("partial", r))
    window.open_file(str(args.pdf))
    deadline = time.monotonic() + 180
    while not state and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if "review" in state or "partial" in state:
        window.tabs.setCurrentIndex(("findings", "promises", "disclosures").index(args.tab))
        window.findings.select_row(args.select)
    # flash done, side panels filled, pages rendered at full resolution (a partial result is short-lived)
    settle = time.monotonic() + (0.4 if "partial" in state else 2.0)
    while time.monotonic() < settle:
        app.processEvents()
        time.sleep(0.01)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out))
    if args.screen:
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(args.screen))
    print(f"{args.out}: {state.get('error') or ('partial result' if 'partial' in state else 'analysed')}")
    if args.timing:
        launched = float(os.environ.get("UPFRONT_LAUNCH_T0") or started)
        print(f"first page painted: {painted[0] - launched:.3f} s after launch" if painted else
              "first page painted: never")
    QTimer.singleShot(0, window.close)
    app.processEvents()
    return 0 if "review" in state or "partial" in state else 1


if __name__ == "__main__":
    sys.exit(main())
