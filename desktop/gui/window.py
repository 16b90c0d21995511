"""The main window: viewer on the left, findings / promises / disclosures on the right, analysis in the
background, decisions autosaved. It wires widgets together and owns no rule or extraction logic."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

import resources
from checks.model import SEVERITIES, Review
from checks.partial import is_partial, is_stopped, pages_read, stopped
from checks.report import review_csv, tool_version
from checks.rules import load_pack_chain
from desktop.atomic import atomic_write_text
from desktop.gui.decisions import DecisionStore
from desktop.gui.export_dialog import ExportSheetDialog
from desktop.gui.findings_panel import FindingsPanel
from desktop.gui.panels import DisclosurePanel, PromisesPanel
from desktop.gui.paths import config_dir
from desktop.gui.render import renderer
from desktop.gui.style import KIND_STYLE, kind_color, kind_label, severity_color, severity_label
from desktop.gui.viewer import PdfView
from desktop.gui.worker import AnalysisWorker, OcrWorker
from desktop.limits import limits_from
from desktop.sheet.write import check_target
from extractors.errors import UpfrontError
from extractors.pdf import page_ranges

log = logging.getLogger(__name__)
SAMPLE = resources.path("samples", "proposal-with-problems.pdf")
MAX_RECENT = 10
ICON = resources.path("icons", "upfront.svg")
LICENCES = (
    ("PySide6 / Qt", "LGPL-3.0"), ("PDFium (via pypdfium2)", "BSD-3-Clause / Apache-2.0"),
    ("pdfplumber", "MIT"), ("ReportLab", "BSD-3-Clause"), ("RapidFuzz", "MIT"), ("platformdirs", "MIT"),
    ("DejaVu fonts", "Bitstream Vera licence"),
)


def settings() -> QSettings:
    """Window layout and recent files, in an INI file in the user's config folder."""
    return QSettings(str(config_dir() / "upfront-gui.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """One document at a time; opening another cancels the running analysis."""

    review_ready = Signal(object)  # Review, after decisions are loaded and every panel is filled
    partial_shown = Signal(object)  # Review of the pages read so far, once it is listed
    analysis_failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Upfront")
        if ICON.is_file():
            self.setWindowIcon(QIcon(str(ICON)))
        self.setAcceptDrops(True)
        self.settings = settings()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.worker: AnalysisWorker | None = None
        self._workers: set[AnalysisWorker] = set()  # alive until their run() returns
        self.review: Review | None = None
        self.store: DecisionStore | None = None
        self._preview_store: DecisionStore | None = None  # saved decisions, shown (not changed) on partial results
        self.path = ""  # the file the user opened: title, recents, decisions and exports name it
        self.shown_path = ""  # the file in the viewer: ``path``, or its OCR copy (whose text is highlighted)
        self.ocr_pages: list[int] = []  # pages read by OCR when ``shown_path`` is a copy
        self._ocr_sha256 = ""  # the original's sha256 when ``shown_path`` is a copy
        self.password: str | None = None
        self.pack = None
        self.quiet = False  # tests: report problems in the status bar instead of modal dialogs
        self.last_error = ""

        self.viewer = PdfView()
        self.findings = FindingsPanel()
        self.promises = PromisesPanel()
        self.disclosures = DisclosurePanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.findings, "Findings")
        self.tabs.addTab(self.promises, "What it promises")
        self.tabs.addTab(self.disclosures, "Disclosures")
        self.banner = QLabel(wordWrap=True)
        self.ocr_button = QPushButton("Read scanned pages (OCR)")
        self.ocr_button.setToolTip("OCR the pages without text into a copy (the original is not changed), "
                                   "then check the copy")
        self.ocr_button.clicked.connect(self.run_ocr)
        self.banner_row = QWidget()
        self.banner_row.setStyleSheet("background:#fff3cd;color:#5c4400;border-bottom:1px solid #e0c060")
        banner_layout = QHBoxLayout(self.banner_row)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.banner, 1)
        banner_layout.addWidget(self.ocr_button)
        self.banner_row.hide()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet("padding:2px 6px")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.banner_row)
        left_layout.addWidget(self.viewer, 1)
        left_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setObjectName("mainSplitter")
        self.setCentralWidget(self.splitter)

        self._build_status_bar()
        self._build_actions()
        self._connect()
        self._update_legend(None)
        self._update_enabled()
        self.resize(1400, 900)
        self._restore_layout()
        renderer()  # the render thread starts now, not when the first file opens
        # Everything imported so far lives as long as the app: take it out of the collector's walks, which
        # otherwise hold the GIL for ~80 ms on the first full collection (measured by bench/bench_ui.py).
        gc.collect()
        gc.freeze()

    # -- construction --------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.counts = QLabel()
        self.page_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("page %v of %m")
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis (Esc)")
        self.cancel_button.clicked.connect(self.cancel_analysis)
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.page_label)
        bar.addPermanentWidget(self.counts)
        self.progress.hide()
        self.cancel_button.hide()

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list | tuple):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self.choose_file, key.Open, "Open a proposal or contract (Ctrl+O)")
        self.sample_action = self._action("Open &sample", lambda: self.open_file(str(SAMPLE)),
                                          tip="Open the bundled sample proposal")
        self.export_action = self._action("&Export expectations sheet…", self.export_sheet, "Ctrl+E",
                                          "Write the expectations sheet for one reader (Ctrl+E)")
        self.csv_action = self._action("Export review as &CSV…", self.export_csv, "Ctrl+Shift+E",
                                       "Write every finding with its decision to a CSV file")
        self.quit_action = self._action("&Quit", self.close, key.Quit)
        self.next_action = self._action("&Next finding", lambda: self.findings.step(1), "F8")
        self.prev_action = self._action("&Previous finding", lambda: self.findings.step(-1), "Shift+F8")
        self.filter_action = self._action("&Filter findings", self.focus_filter, key.Find)
        self.accept_action = self._action("&Accept (will fix)", self.findings.accept_current, "A")
        self.dismiss_action = self._action("&Dismiss…", self.findings.dismiss_current, "D")
        self.note_action = self._action("&Note…", self.findings.note_current, "N")
        self.zoom_in_action = self._action("Zoom &in", self.viewer.zoom_in, [key.ZoomIn, "Ctrl+="])
        self.zoom_out_action = self._action("Zoom &out", self.viewer.zoom_out, key.ZoomOut)
        self.fit_width_action = self._action("Fit &width", self.viewer.fit_width, "Ctrl+0")
        self.fit_page_action = self._action("Fit &page", self.viewer.fit_page, "Ctrl+9")
        self.next_page_action = self._action("Next page", lambda: self.viewer.go_to_page(
            self.viewer.current_page() + 1), "Ctrl+PgDown")
        self.prev_page_action = self._action("Previous page", lambda: self.viewer.go_to_page(
            self.viewer.current_page() - 1), "Ctrl+PgUp")
        self.cancel_action = self._action("&Cancel analysis", self.cancel_analysis, "Esc")
        self.about_action = self._action("&About Upfront", self.about)
        for a in (self.accept_action, self.dismiss_action, self.note_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.findings.table.addAction(a)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.csv_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu("&View")
        for a in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action, self.fit_page_action, None,
                  self.next_page_action, self.prev_page_action):
            view_menu.addSeparator() if a is None else view_menu.addAction(a)
        review_menu = menu.addMenu("&Review")
        for a in (self.next_action, self.prev_action, None, self.accept_action, self.dismiss_action,
                  self.note_action, None, self.filter_action, self.cancel_action):
            review_menu.addSeparator() if a is None else review_menu.addAction(a)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._fill_recent()

        tools = QToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        tools.addAction(self.open_action)
        tools.addAction(self.export_action)
        tools.addSeparator()
        tools.addAction(self.prev_page_action)
        self.page_box = QSpinBox()
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.setToolTip("Go to page")
        self.page_box.valueChanged.connect(lambda n: n != self.viewer.current_page() and self.viewer.go_to_page(n))
        tools.addWidget(self.page_box)
        self.page_total = QLabel(" of 0 ")
        tools.addWidget(self.page_total)
        tools.addAction(self.next_page_action)
        tools.addSeparator()
        tools.addAction(self.zoom_out_action)
        self.zoom_label = QLabel(" 100% ")
        tools.addWidget(self.zoom_label)
        tools.addAction(self.zoom_in_action)
        tools.addAction(self.fit_width_action)
        tools.addAction(self.fit_page_action)
        tools.addSeparator()
        tools.addAction(self.prev_action)
        tools.addAction(self.next_action)
        self.addToolBar(tools)

    def _connect(self) -> None:
        self.findings.selected.connect(self._finding_selected)
        self.findings.decide.connect(self._decide)
        self.findings.filters_changed.connect(self._sync_highlights)
        self.viewer.highlight_clicked.connect(self.select_finding)
        self.promises.jump.connect(self.viewer.show_spans)
        self.disclosures.jump.connect(self.viewer.show_spans)
        self.viewer.page_changed.connect(self._page_changed)
        self.viewer.zoom_changed.connect(lambda z: self.zoom_label.setText(f" {round(z * 100)}% "))

    # -- opening and analysing -----------------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(Path(self.path).parent) if self.path else str(self.settings.value("lastFolder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open proposal or contract", start,
                                              "PDF files (*.pdf *.PDF);;All files (*)")
        if path:
            self.open_file(path)

    def open_file(self, path: str, password: str | None = None) -> bool:
        """Show the PDF at once and start the analysis in the background."""
        return self._open(path, password)

    def _open(self, path: str, password: str | None = None, ocr_copy: str = "", ocr_pages: list[int] | None = None,
              ocr_sha256: str = "") -> bool:
        """Open ``path``; with ``ocr_copy``, show and check that copy but name everything after ``path``."""
        self.cancel_analysis(quiet=True)
        file = Path(path)
        if not file.is_file():
            self._problem("Cannot open", f"{file.name or path}: file not found" if not file.is_dir()
                          else f"{file.name}: is a folder, not a PDF")
            return False
        self.path = str(file)
        self.shown_path = ocr_copy or self.path
        self.ocr_pages = list(ocr_pages or []) if ocr_copy else []
        self._ocr_sha256 = ocr_sha256 if ocr_copy else ""
        self.password = password
        self.review = None
        self.store = None
        self._preview_store = None
        self.banner_row.hide()
        self.findings.set_findings((), None, lambda _k: {})
        self.promises.set_review(None)
        self.disclosures.set_review(None)
        self.viewer.set_findings(())
        self._update_legend(None)
        self.setWindowTitle(f"{file.name} — Upfront")
        self.settings.setValue("lastFolder", str(file.parent))
        self.viewer.open(self.shown_path, None if ocr_copy else password)  # pages appear as they are read
        self._start_analysis()
        self._update_enabled()
        return True

    def _start_analysis(self) -> None:
        if self.pack is None:
            try:
                self.pack = load_pack_chain([])
            except UpfrontError as err:
                self._problem("Rules", str(err))
                return
        limits = limits_from()  # the defaults, or UPFRONT_MAX_PAGES / _TIME_LIMIT / _MAX_MEMORY_MB when set
        if self.shown_path != self.path:  # an OCR copy: the review is relabelled with the original
            worker = AnalysisWorker(self.shown_path, self.pack, None,
                                    ocr_of=(self.path, self._ocr_sha256, self.ocr_pages), limits=limits)
        else:
            worker = AnalysisWorker(self.path, self.pack, self.password, limits=limits)
        # lambdas bound to this worker (run on the UI thread): results of a replaced or cancelled run are dropped
        signals = worker.signals
        signals.progress.connect(lambda done, total, w=worker: w is self.worker and self._progress(done, total))
        signals.partial.connect(lambda review, w=worker: w is self.worker and self._partial(review))
        signals.finished.connect(lambda review, w=worker: w is self.worker and self._finished(review))
        signals.failed.connect(lambda message, w=worker: w is self.worker and self._failed(message))
        signals.password_needed.connect(lambda message, wrong, w=worker: w is self.worker
                                        and self._password_needed(message, wrong))
        signals.cancelled.connect(self._cancelled)
        signals.done.connect(lambda w=worker: self._workers.discard(w))
        self.worker = worker
        self._workers.add(worker)
        self.progress.setRange(0, max(1, self.viewer.page_count))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage("Analysing…")
        self.pool.start(worker)

    def cancel_analysis(self, quiet: bool = False) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.cancel()
            if self.showing_part:
                self._reading_stopped()
            if not quiet and self.showing_part:
                self.statusBar().showMessage(f"Analysis cancelled: {self._partial_scope()}")
            elif not quiet:
                self.statusBar().showMessage("Analysis cancelled.", 5000)
        self.progress.hide()
        self.cancel_button.hide()

    def _partial_scope(self) -> str:
        done, total = pages_read(self.review) if self.review is not None else (0, 0)
        return f"the findings shown are from pages 1–{done} of {total} only."

    def _reading_stopped(self) -> None:
        """The partial review on show is all there will be (cancelled or failed): the panels stop saying
        'still reading'."""
        if self.review is None or is_stopped(self.review):
            return
        self.review = stopped(self.review)
        done, total = pages_read(self.review)
        self.promises.set_review(self.review)
        self.disclosures.show_waiting(f"Reading stopped at page {done} of {total}: reopen to see what is missing.")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _cancelled(self) -> None:
        self.ocr_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def _failed(self, message: str) -> None:
        self.ocr_button.setEnabled(True)
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        said = message
        if self.showing_part:  # what was found before the failure stays listed, and says so
            self._reading_stopped()
            said = f"{message} — {self._partial_scope()}"
        self.statusBar().showMessage(said, 10000)
        self.analysis_failed.emit(message)
        self._problem("Cannot check this file", said)

    def _password_needed(self, message: str, wrong: bool) -> None:
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        if self.quiet:
            self.last_error = message
            self.analysis_failed.emit(message)
            return
        prompt = ("Wrong password. Try again:" if wrong else "This PDF is encrypted. Enter its password:")
        password, ok = QInputDialog.getText(self, "Password needed", f"{Path(self.path).name}\n\n{prompt}",
                                            QLineEdit.EchoMode.Password)
        if ok:
            self.open_file(self.path, password)
        else:
            self.statusBar().showMessage(message, 10000)

    @property
    def showing_part(self) -> bool:
        """True while the review shown covers only the pages read so far."""
        return self.review is not None and is_partial(self.review)

    def _partial(self, review: Review) -> None:
        """Show what the pages read so far say; decisions and exports wait for the whole review."""
        if self._preview_store is None:
            try:
                self._preview_store = DecisionStore.peek(review.document.sha256, self.path)
            except Exception:  # an unreadable data folder: show the findings as open; the whole review says why
                log.exception("decision store (preview)")
        self._show_review(review)
        self.disclosures.show_waiting("What is missing is known once every page is read…")
        done, total = pages_read(review)
        self.statusBar().showMessage(f"First results from pages 1–{done} of {total}; still reading…")
        self.partial_shown.emit(review)

    def _finished(self, review: Review) -> None:
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        try:
            self.store = DecisionStore.open(review.document.sha256, self.path, [f.key for f in review.findings])
        except Exception as err:  # unreadable data folder: keep working, say decisions will not be kept
            log.exception("decision store")
            self.store = None
            self.statusBar().showMessage(f"Decisions cannot be saved ({err}).", 10000)
        self._preview_store = None
        self._show_review(review)
        # filled on a later event-loop tick, so the window never stalls on a big contract
        QTimer.singleShot(0, lambda r=review: self.review is r and self.disclosures.set_review(r))
        self._show_text_layer_notice(review)
        self._add_recent(self.path)
        if self.store is not None and self.store.carried_over:
            self.statusBar().showMessage(f"Kept {self.store.carried_over} decision(s) from an earlier version "
                                         "of this file.", 8000)
        else:
            self.statusBar().showMessage(f"{len(review.findings)} findings.", 5000)
        self.review_ready.emit(review)

    def _show_review(self, review: Review) -> None:
        """Findings, highlights, promises, legend and counts of a (partial or whole) review."""
        self.review = review
        self.findings.set_findings(review.findings, self._status_of, self._decision_of)
        self.viewer.set_findings(review.findings)
        QTimer.singleShot(0, lambda r=review: self.review is r and self.promises.set_review(r))
        self._update_legend(review)
        self._sync_highlights()
        self._update_counts()
        self._update_enabled()

    def _show_text_layer_notice(self, review: Review) -> None:
        missing = review.document.pages_without_text
        if not missing:
            return
        pages = page_ranges(missing)
        if review.document.text_layer == "none":
            self.banner.setText("This PDF has no text layer (scanned): nothing could be checked until its pages "
                                "are read by OCR.")
        else:
            self.banner.setText(f"Page{'s' if len(missing) > 1 else ''} {pages} ha{'ve' if len(missing) > 1 else 's'}"
                                " no text layer (scanned?) and were not checked.")
        self.banner_row.show()

    def run_ocr(self) -> None:
        """OCR the scanned pages into a cached copy in the background, then open and check the copy."""
        from extractors.ocr import ocr_available

        review = self.review
        if review is None or not review.document.pages_without_text:
            return
        hint = ocr_available()
        if hint:
            self._problem("OCR is not installed", hint)
            return
        self.cancel_analysis(quiet=True)
        worker = OcrWorker(self.path, review.document.sha256, review.document.pages_without_text)
        signals = worker.signals
        signals.progress.connect(lambda done, total, w=worker: w is self.worker and self._progress(done, total))
        signals.finished.connect(lambda copy, w=worker: w is self.worker and self._ocr_finished(
            str(copy), w.sha256, list(w.pages)))
        signals.failed.connect(lambda message, w=worker: w is self.worker and self._failed(message))
        signals.cancelled.connect(self._cancelled)
        signals.done.connect(lambda w=worker: self._workers.discard(w))
        self.worker = worker
        self._workers.add(worker)
        self.progress.setRange(0, len(worker.pages))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.ocr_button.setEnabled(False)
        self.statusBar().showMessage(f"Reading {len(worker.pages)} scanned page(s) by OCR…")
        self.pool.start(worker)

    def _ocr_finished(self, copy: str, sha256: str, pages: list[int]) -> None:
        original = Path(self.path).name
        self.worker = None
        self.ocr_button.setEnabled(True)
        if self._open(self.path, self.password, ocr_copy=copy, ocr_pages=pages, ocr_sha256=sha256):
            self.statusBar().showMessage(f"Checking an OCR copy of {original}; the original is unchanged.", 10000)

    # -- decisions -----------------------------------------------------------------------------------------
    def _status_of(self, key: str) -> str:
        store = self.store or self._preview_store
        return store.status(key) if store else "open"

    def _decision_of(self, key: str) -> dict[str, str]:
        store = self.store or self._preview_store
        return store.get(key) if store else {"status": "open", "note": "", "reason": ""}

    def decide(self, key: str, status: str | None = None, note: str | None = None, reason: str | None = None) -> None:
        """Record a decision (autosaved) and refresh every view of it."""
        if self.store is None:
            if not self.showing_part:
                message = "No document is open."
            elif is_stopped(self.review):
                message = "Reading stopped before the end: reopen the file to review it in full."
            else:
                message = "Decisions can be made once every page is read (a moment)."
            self.statusBar().showMessage(message, 4000)
            return
        try:
            self.store.set(key, status or None, note, reason)
        except UpfrontError as err:
            self._problem("Decision not saved", str(err))
            return
        self.findings.model.status_changed(key)
        self.findings.refresh_detail()
        self._sync_highlights()
        self._update_counts()

    def _decide(self, key: str, status: str, note, reason) -> None:
        self.decide(key, status or None, note, reason)

    # -- views ---------------------------------------------------------------------------------------------
    def _finding_selected(self, row: int, finding) -> None:
        if finding.spans or finding.span:
            self.viewer.show_finding(row, finding)
        else:  # a missing disclosure has no place in the text: say where to look instead
            self.statusBar().showMessage("Not stated anywhere in the document: see the Disclosures tab for what "
                                         "to ask.", 6000)

    def select_finding(self, row: int) -> None:
        """Select a finding by its index in the review (e.g. its highlight was clicked)."""
        proxy = self.findings.proxy
        index = proxy.mapFromSource(self.findings.model.index(row, 0))
        if index.isValid():
            self.tabs.setCurrentWidget(self.findings)
            self.findings.select_row(index.row())

    def _sync_highlights(self) -> None:
        if self.review is None:
            return
        visible = self.findings.visible_rows()
        self.viewer.set_hidden(n for n in range(len(self.review.findings)) if n not in visible)
        self._update_counts()

    def _update_counts(self) -> None:
        if self.review is None:
            self.counts.setText("")
            return
        counts = dict.fromkeys(SEVERITIES, 0)
        dismissed = 0
        for f in self.review.findings:
            if self._status_of(f.key) == "dismissed":
                dismissed += 1
            else:
                counts[f.severity] = counts.get(f.severity, 0) + 1
        parts = [f"<span style='color:{severity_color(s).name()}'><b>{n}</b> {severity_label(s).lower()}"
                 f"{'s' if n != 1 else ''}</span>" for s, n in counts.items()]
        if dismissed:
            parts.append(f"{dismissed} dismissed")
        shown = self.findings.proxy.rowCount()
        parts.append(f"{shown} shown")
        self.counts.setText(" · ".join(parts))

    def _update_legend(self, review: Review | None) -> None:
        shown = {f.kind for f in review.findings if f.spans or f.span} if review else set(KIND_STYLE)
        chips = [f"<span style='color:{kind_color(k).name()}'>■</span>&nbsp;{kind_label(k)}"
                 for k in KIND_STYLE if k in shown and k != "missing_disclosure"]
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(chips))

    def _page_changed(self, page: int, total: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, total))
        self.page_box.setValue(max(1, page))
        self.page_box.blockSignals(False)
        self.page_total.setText(f" of {total} ")
        self.page_label.setText(f"Page {page} of {total}" if total else "")

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.findings)
        self.findings.search.setFocus()
        self.findings.search.selectAll()

    def _update_enabled(self) -> None:
        ready = self.review is not None and not self.showing_part  # exports and decisions need the whole review
        self.export_action.setEnabled(ready)
        self.csv_action.setEnabled(ready)
        for a in (self.accept_action, self.dismiss_action, self.note_action):
            a.setEnabled(ready)
        self.findings.set_decisions_enabled(ready or self.review is None)
        for a in (self.next_action, self.prev_action):
            a.setEnabled(self.review is not None)

    # -- export --------------------------------------------------------------------------------------------
    def export_dialog(self) -> ExportSheetDialog | None:
        if self.review is None:
            return None
        state = self.store.sheet if self.store else {}
        return ExportSheetDialog(self.review, state, self, str(self.settings.value("exportFolder", "")))

    def export_sheet(self) -> None:
        dialog = self.export_dialog()
        if dialog is None:
            return
        dialog.exec()
        if self.store is not None:
            try:
                self.store.set_sheet(dialog.state())
            except UpfrontError as err:
                log.warning("sheet options not saved: %s", err)
        if dialog.written:
            self.settings.setValue("exportFolder", str(dialog.written.parent))
            self.statusBar().showMessage(f"Expectations sheet written: {dialog.written}", 10000)

    def export_csv(self, path: str | None = None) -> Path | None:
        if self.review is None:
            return None
        if path is None:
            suggested = Path(str(self.settings.value("exportFolder", Path(self.path).parent))) / \
                f"{Path(self.path).stem}-review.csv"
            path, _ = QFileDialog.getSaveFileName(self, "Export review as CSV", str(suggested), "CSV files (*.csv)")
            if not path:
                return None
        decisions = self.store.decisions if self.store else {}
        try:
            check_target(self.review, Path(path))  # never over the input PDF (or a copy of it)
            written = atomic_write_text(path, review_csv(self.review, decisions))
        except UpfrontError as err:
            self._problem("Export", str(err))
            return None
        self.statusBar().showMessage(f"Review written: {written}", 10000)
        return written

    # -- recent files, layout, drag and drop, about ----------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(p) for p in items if p]

    def _add_recent(self, path: str) -> None:
        items = [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", [path, *items][:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for p in files:
            action = self.recent_menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.setStatusTip(p)
            action.triggered.connect(lambda *_args, p=p: self.open_file(p))
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.setValue("recent", [])
        self._fill_recent()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.value("windowState")
        if state:
            self.restoreState(state)
        split = self.settings.value("splitter")
        if split:
            self.splitter.restoreState(split)
        else:
            self.splitter.setSizes([760, 640])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()
        self.cancel_analysis(quiet=True)
        self.pool.waitForDone(3000)
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                self.open_file(url.toLocalFile())
                return

    def about(self) -> None:
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{lic}</td></tr>" for name, lic in LICENCES)
        box = QMessageBox(self)
        box.setWindowTitle("About Upfront")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<h3>Upfront {tool_version()}</h3><p>Checks sales proposals and service contracts for vague "
                    "promises and missing disclosures, offline, and writes an expectations sheet for the "
                    "customer.</p><p>Licence: MIT. Built with:</p>"
                    f"<table>{rows}</table><p>Rules: {self.pack.label if self.pack else 'default'}</p>")
        if ICON.is_file():
            box.setIconPixmap(QIcon(str(ICON)).pixmap(64, 64))
        box.exec()

    def _problem(self, title: str, message: str) -> None:
        """Every bad file ends here: one line, no traceback."""
        message = " ".join(str(message).split())
        self.last_error = message
        if self.quiet:
            self.statusBar().showMessage(message, 10000)
            return
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, title, message))
