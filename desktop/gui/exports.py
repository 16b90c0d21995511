"""What the window writes: the expectations sheet (through its dialog) and the review as CSV. Both need the
whole review; neither ever writes over the input PDF or a copy of it (``desktop.sheet.write.check_target``)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from checks.report import review_csv
from desktop.atomic import atomic_write_text
from desktop.gui.export_dialog import ExportSheetDialog
from desktop.gui.session import Session
from desktop.sheet.write import check_target
from extractors.errors import UpfrontError

log = logging.getLogger(__name__)


def sheet_dialog(parent: QWidget, session: Session, settings: QSettings) -> ExportSheetDialog | None:
    """The export dialog on the session's review, with the sheet options saved for this document."""
    if session.review is None:
        return None
    return ExportSheetDialog(session.review, session.sheet_state, parent, str(settings.value("exportFolder", "")))


def run_sheet_dialog(dialog: ExportSheetDialog, session: Session, settings: QSettings) -> Path | None:
    """Show the dialog until closed; keep its options for the document; return the sheet written, if any."""
    dialog.exec()
    if session.store is not None:
        try:
            session.store.set_sheet(dialog.state())
        except UpfrontError as err:
            log.warning("sheet options not saved: %s", err)
    if dialog.written:
        settings.setValue("exportFolder", str(dialog.written.parent))
    return dialog.written


def ask_csv_path(parent: QWidget, session: Session, settings: QSettings) -> str:
    """Where to write the review as CSV ("" when the user cancels)."""
    suggested = Path(str(settings.value("exportFolder", Path(session.path).parent))) / \
        f"{Path(session.path).stem}-review.csv"
    path, _ = QFileDialog.getSaveFileName(parent, "Export review as CSV", str(suggested), "CSV files (*.csv)")
    return path


def write_csv(session: Session, path: str | Path) -> Path:
    """Every finding with its decision, as CSV; raises UpfrontError (e.g. when ``path`` is the input PDF)."""
    assert session.review is not None
    check_target(session.review, Path(path))  # never over the input PDF (or a copy of it)
    return atomic_write_text(path, review_csv(session.review, session.decisions))
