"""The window's widgets, laid out: viewer, banner, legend, tabs, status bar; and the About box. Widgets become
attributes of the window, which wires them together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import resources
from checks.report import tool_version
from desktop.gui.findings_panel import FindingsPanel
from desktop.gui.panels import DisclosurePanel, PromisesPanel
from desktop.gui.parties_bar import PartiesBar
from desktop.gui.viewer import PdfView

if TYPE_CHECKING:
    from desktop.gui.window import MainWindow

ICON = resources.path("icons", "upfront.svg")
LICENCES = (
    ("PySide6 / Qt", "LGPL-3.0"), ("PDFium (via pypdfium2)", "BSD-3-Clause / Apache-2.0"),
    ("pdfplumber", "MIT"), ("ReportLab", "BSD-3-Clause"), ("RapidFuzz", "MIT"), ("platformdirs", "MIT"),
    ("regex", "Apache-2.0"), ("DejaVu fonts", "Bitstream Vera licence"),
)


def build_layout(w: MainWindow) -> None:
    """The viewer with the scanned-pages banner above it and the legend below, beside the tabs."""
    w.viewer = PdfView()
    w.findings = FindingsPanel()
    w.promises = PromisesPanel()
    w.disclosures = DisclosurePanel()
    w.tabs = QTabWidget()
    w.tabs.addTab(w.findings, "Findings")
    w.tabs.addTab(w.promises, "What it promises")
    w.tabs.addTab(w.disclosures, "Disclosures")
    w.banner = QLabel(wordWrap=True)
    w.ocr_button = QPushButton("Read scanned pages (OCR)")
    w.ocr_button.setToolTip("OCR the pages without text into a copy (the original is not changed), "
                               "then check the copy")
    w.ocr_button.clicked.connect(w.run_ocr)
    w.banner_row = QWidget()
    w.banner_row.setStyleSheet("background:#fff3cd;color:#5c4400;border-bottom:1px solid #e0c060")
    banner_layout = QHBoxLayout(w.banner_row)
    banner_layout.setContentsMargins(8, 4, 8, 4)
    banner_layout.addWidget(w.banner, 1)
    banner_layout.addWidget(w.ocr_button)
    w.banner_row.hide()
    w.legend = QLabel()
    w.legend.setTextFormat(Qt.TextFormat.RichText)
    w.legend.setStyleSheet("padding:2px 6px")
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.setSpacing(0)
    left_layout.addWidget(w.banner_row)
    left_layout.addWidget(w.viewer, 1)
    left_layout.addWidget(w.legend)
    w.parties_bar = PartiesBar()
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.setSpacing(0)
    right_layout.addWidget(w.parties_bar)
    right_layout.addWidget(w.tabs, 1)
    w.splitter = QSplitter(Qt.Orientation.Horizontal)
    w.splitter.addWidget(left)
    w.splitter.addWidget(right)
    w.splitter.setStretchFactor(0, 3)
    w.splitter.setStretchFactor(1, 2)
    w.splitter.setObjectName("mainSplitter")
    w.setCentralWidget(w.splitter)

def build_status_bar(w: MainWindow) -> None:
    """Progress, Cancel, the page and the counts, at the right of the status bar."""
    w.counts = QLabel()
    w.page_label = QLabel()
    w.progress = QProgressBar()
    w.progress.setMaximumWidth(260)
    w.progress.setFormat("page %v of %m")
    w.progress.setTextVisible(True)
    w.cancel_button = QPushButton("Cancel")
    w.cancel_button.setToolTip("Stop the analysis (Esc)")
    w.cancel_button.clicked.connect(w.cancel_analysis)
    bar = w.statusBar()
    bar.addPermanentWidget(w.progress)
    bar.addPermanentWidget(w.cancel_button)
    bar.addPermanentWidget(w.page_label)
    bar.addPermanentWidget(w.counts)
    w.progress.hide()
    w.cancel_button.hide()


def about_box(w: MainWindow) -> None:
    """The About box: version, licence, the libraries and their licences, the rule pack."""
    rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{lic}</td></tr>" for name, lic in LICENCES)
    box = QMessageBox(w)
    box.setWindowTitle("About Upfront")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<h3>Upfront {tool_version()}</h3><p>Checks sales proposals and service contracts for vague "
                "promises and missing disclosures, offline, and writes an expectations sheet for the "
                "customer.</p><p>Licence: MIT. Built with:</p>"
                f"<table>{rows}</table><p>Rules: {w.pack.label if w.pack else 'default'}</p>")
    if ICON.is_file():
        box.setIconPixmap(QIcon(str(ICON)).pixmap(64, 64))
    box.exec()
