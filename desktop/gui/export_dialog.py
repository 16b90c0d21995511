"""Export expectations sheet: reader, names, which lines go in, and a live first-page preview.

All sheet logic lives in ``desktop.sheet`` (build_sheet / render_sheet / write_sheet); this dialog only
collects the choices and shows the result. The choices are kept per document (``state``) so a second export
starts where the first one ended.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from checks.model import Review
from desktop import sheet
from desktop.gui.render import render_first_page
from desktop.gui.style import READER_LABELS
from extractors.errors import UpfrontError

log = logging.getLogger(__name__)
LineIdRole = Qt.ItemDataRole.UserRole + 30
NAME_FIELDS = (("customer", "Customer"), ("provider", "Provider"), ("title", "Title"),
               ("prepared_by", "Prepared by"), ("contact", "Contact"))


class ExportSheetDialog(QDialog):
    """Choices on the left, preview of page 1 on the right; Save writes the PDF atomically via write_sheet."""

    def __init__(self, review: Review, state: dict[str, Any] | None = None, parent: QWidget | None = None,
                 default_folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Export expectations sheet")
        self.review = review
        self.api = sheet
        self.written: Path | None = None
        self.default_folder = default_folder or str(Path(review.document.path).parent)
        state = dict(state or {})
        self.readers = QButtonGroup(self)
        reader_row = QHBoxLayout()
        chosen = (state.get("readers") or ["finance"])[0]
        for reader, label in READER_LABELS.items():
            button = QRadioButton(label)
            button.setProperty("reader", reader)
            button.setChecked(reader == chosen)
            self.readers.addButton(button)
            reader_row.addWidget(button)
        self.readers.buttonToggled.connect(lambda _b, on: on and self._rebuild_lines())
        form = QFormLayout()
        form.addRow("For", _wrap(reader_row))
        self.fields: dict[str, QLineEdit] = {}
        meta = review.meta or {}
        for key, label in NAME_FIELDS:
            edit = QLineEdit(str(state.get(key, "")))
            edit.setPlaceholderText(str(meta.get(key, "")) or "from the document")
            edit.textChanged.connect(self._schedule_preview)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.excluded: set[str] = set(state.get("excluded", []))
        self.lines = QListWidget()
        self.lines.setWordWrap(True)
        self.lines.itemChanged.connect(self._line_toggled)
        self.preview = QLabel("Preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(380, 500))
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel("Lines on the sheet (untick to leave one out):"))
        left.addWidget(self.lines, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(scroll, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 680)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update_preview)
        self.preview_pages = 0
        self._rebuild_lines()

    # -- choices -------------------------------------------------------------------------------------------
    def reader(self) -> str:
        button = self.readers.checkedButton()
        return str(button.property("reader")) if button else "finance"

    def options(self, with_excluded: bool = True):
        values = {key: edit.text().strip() for key, edit in self.fields.items()}
        return self.api.SheetOptions(readers=(self.reader(),), excluded=frozenset(self.excluded)
                                     if with_excluded else frozenset(), **values)

    def state(self) -> dict[str, Any]:
        """What to remember for this document's next export."""
        out: dict[str, Any] = {key: edit.text().strip() for key, edit in self.fields.items()}
        out["readers"] = [self.reader()]
        out["excluded"] = sorted(self.excluded)
        return out

    def _rebuild_lines(self) -> None:
        try:
            sheet = self.api.build_sheet(self.review, self.options(with_excluded=False))
        except Exception as err:  # a sheet bug must not take the window down
            log.exception("build_sheet failed")
            self.preview.setText(f"The sheet could not be built: {err}")
            return
        self.lines.blockSignals(True)
        self.lines.clear()
        for line in getattr(sheet, "lines", ()):
            text = f"{line.label}: {line.text or line.value}" if line.label else str(line.text)
            if getattr(line, "page", 0):
                text += f"  (p. {line.page})"
            item = QListWidgetItem(text)
            item.setData(LineIdRole, line.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if line.id in self.excluded else Qt.CheckState.Checked)
            item.setToolTip(str(getattr(line, "section", "")))
            self.lines.addItem(item)
        self.lines.blockSignals(False)
        self._schedule_preview()

    def _line_toggled(self, item: QListWidgetItem) -> None:
        line_id = item.data(LineIdRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.excluded.discard(line_id)
        else:
            self.excluded.add(line_id)
        self._schedule_preview()

    def _schedule_preview(self, *_args) -> None:
        self._timer.start()

    # -- preview and save ----------------------------------------------------------------------------------
    def update_preview(self) -> None:
        """Render the sheet to bytes and show its first page (pdfium reads them from memory)."""
        try:
            sheet = self.api.build_sheet(self.review, self.options())
            data = self.api.render_sheet(sheet, self.options())
        except Exception as err:
            log.exception("render_sheet failed")
            self.preview.setText(f"The preview could not be drawn: {err}")
            return
        width = max(200, self.preview.width() - 8)
        try:
            image, self.preview_pages = render_first_page(bytes(data), width)
        except Exception as err:  # pdfium could not read what render_sheet wrote
            log.exception("preview render failed")
            image, self.preview_pages = None, 0
            self.preview.setToolTip(str(err))
        if image is None or image.isNull():
            self.preview.setText("The preview could not be drawn.")
            return
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.preview.setToolTip(f"{self.preview_pages} page(s)")

    def suggested_name(self) -> str:
        return f"{Path(self.review.document.path).stem}-expectations-{self.reader()}.pdf"

    def save(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save expectations sheet",
                                                  str(Path(self.default_folder) / self.suggested_name()),
                                                  "PDF files (*.pdf)")
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if Path(path).resolve() == Path(self.review.document.path).resolve():
            QMessageBox.warning(self, "Export", "Choose another name: the proposal itself is never overwritten.")
            return
        try:
            self.written = Path(self.api.write_sheet(self.review, path, self.options()))
        except UpfrontError as err:
            QMessageBox.warning(self, "Export", " ".join(str(err).split()))
            return
        except Exception as err:
            log.exception("write_sheet failed")
            QMessageBox.warning(self, "Export", f"The sheet could not be written ({type(err).__name__}: {err}).")
            return
        self.accept()


def _wrap(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w
