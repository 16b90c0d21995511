"""Start the window: ``run_gui(path)`` is what ``upfront`` (no sub-command) calls.

Also installs the last line of defence: an unexpected exception anywhere in the UI is logged in full to the
user's log folder and shown as one line, never as a traceback and never as a crash.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import resources
from checks.report import tool_version
from desktop.gui.paths import log_dir

log = logging.getLogger("upfront.gui")
_showing = False


def log_file() -> Path:
    return log_dir() / "upfront-gui.log"


def setup_logging() -> None:
    """Append to a rotating log in the user log folder; never fail start-up because of it."""
    root = logging.getLogger()
    target = str(log_file())
    for old in [h for h in root.handlers if getattr(h, "_upfront", None)]:
        if old._upfront == target:  # type: ignore[attr-defined]
            return
        root.removeHandler(old)  # the log folder moved (tests, portable installs): follow it
        old.close()
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(log_file(), maxBytes=1_000_000, backupCount=2,
                                                       encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._upfront = target  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log the traceback; show one calm line. Re-entrant errors while the box is up are only logged."""
    global _showing
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    app = QApplication.instance()
    if app is None or _showing:
        return
    _showing = True
    try:
        show_error(f"Something went wrong ({one_line(exc)}). Your decisions are saved; "
                   f"details were written to {log_file()}.")
    finally:
        _showing = False


def show_error(message: str) -> None:
    """The one-line dialog of the last line of defence (a seam for tests)."""
    QMessageBox.warning(None, "Upfront", message)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Upfront")
    app.setOrganizationName("Upfront")
    app.setApplicationVersion(tool_version())
    app.setDesktopFileName("upfront")
    icon = resources.path("icons", "upfront.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def run_gui(path: str | None) -> int:
    """Open the window (on ``path`` when given) and run until it is closed; returns the exit code."""
    setup_logging()
    app = make_app()
    sys.excepthook = excepthook
    from desktop.gui.window import MainWindow

    window = MainWindow()
    window.show()
    if path:
        QTimer.singleShot(0, lambda: window.open_file(path))
    return app.exec()
