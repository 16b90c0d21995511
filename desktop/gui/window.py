"""The main window: viewer on the left, findings / promises / disclosures on the right, analysis in the
background, decisions autosaved. It wires widgets together and owns no rule or extraction logic: the document
and its review live in a ``Session`` (``desktop.gui.session``, Qt-free), the work in background jobs
(``desktop.gui.worker``), actions in ``desktop.gui.actions``, exports in ``desktop.gui.exports``."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMainWindow, QMessageBox

from checks.model import Review
from checks.rules import load_pack_chain
from desktop.gui import exports
from desktop.gui.actions import build_actions
from desktop.gui.decisions import DecisionStore
from desktop.gui.export_dialog import ExportSheetDialog
from desktop.gui.layout import ICON, about_box, build_layout, build_status_bar
from desktop.gui.paths import config_dir
from desktop.gui.recent import RecentFiles
from desktop.gui.render import renderer
from desktop.gui.session import Session
from desktop.gui.views import ReviewViews
from desktop.gui.worker import AnalysisWorker, BackgroundJob, OcrWorker
from desktop.limits import limits_from
from extractors.errors import UpfrontError

log = logging.getLogger(__name__)


def settings() -> QSettings:
    """Window layout and recent files, in an INI file in the user's config folder."""
    return QSettings(str(config_dir() / "upfront-gui.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow, ReviewViews):
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
        self.worker: BackgroundJob | None = None
        self._workers: set[BackgroundJob] = set()  # alive until their run() returns
        self.session = Session()
        self.pack = None
        self.quiet = False  # tests: report problems in the status bar instead of modal dialogs
        self.last_error = ""
        build_layout(self)
        build_status_bar(self)
        build_actions(self)
        self.recent = RecentFiles(self.settings, self.recent_menu, self.open_file)
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

    # -- the session's state, by the names the rest of the app uses --------------------------------------------
    @property
    def path(self) -> str:
        return self.session.path

    @property
    def shown_path(self) -> str:
        return self.session.shown_path

    @property
    def review(self) -> Review | None:
        return self.session.review

    @property
    def store(self) -> DecisionStore | None:
        return self.session.store

    @property
    def showing_part(self) -> bool:
        """True while the review shown covers only the pages read so far."""
        return self.session.showing_part

    # -- construction --------------------------------------------------------------------------------------
    def _connect(self) -> None:
        self.findings.selected.connect(self._finding_selected)
        self.findings.decide.connect(self._decide)
        self.findings.filters_changed.connect(self._sync_highlights)
        self.viewer.highlight_clicked.connect(self.select_finding)
        self.promises.jump.connect(self.viewer.show_spans)
        self.disclosures.jump.connect(self.viewer.show_spans)
        self.parties_bar.chosen.connect(self.set_parties)
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

    def _open(self, path: str, password: str | None = None) -> bool:
        self.cancel_analysis(quiet=True)
        file = Path(path)
        if not file.is_file():
            self._problem("Cannot open", f"{file.name or path}: file not found" if not file.is_dir()
                          else f"{file.name}: is a folder, not a PDF")
            return False
        self._show_session(Session.of(str(file), password))
        self._start_analysis()
        self._update_enabled()
        return True

    def _show_session(self, session: Session) -> None:
        """A new document session: the views emptied, the viewer on the file it shows (pages appear as they
        are read), the title and the last folder on the file the user opened."""
        self.session = session
        file = Path(session.path)
        self.banner_row.hide()
        self.findings.set_findings((), None, lambda _k: {})
        self.parties_bar.set_review(None)
        self.promises.set_review(None)
        self.disclosures.set_review(None)
        self.viewer.set_findings(())
        self._update_legend(None)
        self.setWindowTitle(f"{file.name} — Upfront")
        self.settings.setValue("lastFolder", str(file.parent))
        self.viewer.open(session.shown_path, None if session.is_ocr_copy else session.password)
        self._update_enabled()

    def _start_analysis(self) -> None:
        if self.pack is None:
            try:
                self.pack = load_pack_chain([])
            except UpfrontError as err:
                self._problem("Rules", str(err))
                return
        # the defaults, or UPFRONT_MAX_PAGES / _TIME_LIMIT / _MAX_MEMORY_MB when set
        worker = AnalysisWorker(self.session.path, self.pack, self.session.password, limits=limits_from(),
                                choice=self.session.choice)
        self._run(worker, max(1, self.viewer.page_count), "Analysing…", partial=self._partial,
                  finished=self._finished, password_needed=self._password_needed)

    def _run(self, worker: BackgroundJob, total: int, message: str, **outcomes) -> None:
        """Start one background job. Its signals reach this window while it is the current job only: results of
        a replaced or cancelled job are dropped. ``outcomes`` connect its own signals (``finished`` …)."""
        signals = worker.signals

        def current(slot):
            return lambda *args: worker is self.worker and slot(*args)

        signals.progress.connect(current(self._progress))
        signals.failed.connect(current(self._failed))
        signals.cancelled.connect(self._cancelled)
        signals.done.connect(lambda: self._workers.discard(worker))
        for name, slot in outcomes.items():
            getattr(signals, name).connect(current(slot))
        self.worker = worker
        self._workers.add(worker)
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(message)
        self.pool.start(worker)

    def cancel_analysis(self, quiet: bool = False) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.cancel()
            part = self.showing_part
            if part:
                self._reading_stopped()
            if not quiet and part:
                self.statusBar().showMessage(f"Analysis cancelled: {self.session.partial_scope()}")
            elif not quiet:
                self.statusBar().showMessage("Analysis cancelled.", 5000)
        self._job_ended()

    def _job_ended(self) -> None:
        self.ocr_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def _reading_stopped(self) -> None:
        """The partial review on show is all there will be (cancelled or failed): the panels stop saying
        'still reading'."""
        if not self.session.stop():
            return
        done, total = self.session.pages_read()
        self.promises.set_review(self.review)
        self.disclosures.show_waiting(f"Reading stopped at page {done} of {total}: reopen to see what is missing.")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _cancelled(self) -> None:
        self._job_ended()

    def _failed(self, message: str) -> None:
        self.worker = None
        self._job_ended()
        said = message
        if self.showing_part:  # what was found before the failure stays listed, and says so
            self._reading_stopped()
            said = f"{message} — {self.session.partial_scope()}"
        self.statusBar().showMessage(said, 10000)
        self.analysis_failed.emit(message)
        self._problem("Cannot check this file", said)

    def _password_needed(self, message: str, wrong: bool) -> None:
        self.worker = None
        self._job_ended()
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

    def _partial(self, review: Review) -> None:
        """Show what the pages read so far say; decisions and exports wait for the whole review."""
        self.session.show_partial(review)
        self._show_review(review)
        self.disclosures.show_waiting("What is missing is known once every page is read…")
        done, total = self.session.pages_read()
        self.statusBar().showMessage(f"First results from pages 1–{done} of {total}; still reading…")
        self.partial_shown.emit(review)

    def _finished(self, review: Review) -> None:
        self.worker = None
        self._job_ended()
        problem = self.session.finish(review)
        if problem:
            self.statusBar().showMessage(problem, 10000)
        self.parties_bar.set_review(review, self.store.parties if self.store is not None else None)
        self._show_review(review)
        # filled on a later event-loop tick, so the window never stalls on a big contract
        QTimer.singleShot(0, lambda r=review: self.review is r and self.disclosures.set_review(r))
        self._show_text_layer_notice(review)
        self.recent.add(self.path)
        if self.store is not None and self.store.carried_over:
            self.statusBar().showMessage(f"Kept {self.store.carried_over} decision(s) from an earlier version "
                                         "of this file.", 8000)
        else:
            self.statusBar().showMessage(f"{len(review.findings)} findings.", 5000)
        self.review_ready.emit(review)

    def set_parties(self, provider: str, customer: str) -> None:
        """The user named the provider and the customer: keep the choice and check the document again."""
        if not self.path:
            return
        problem = self.session.choose_parties(provider, customer)
        if problem:
            self.statusBar().showMessage(f"{problem} The roles apply to this check only.", 8000)
        self.cancel_analysis(quiet=True)
        if self.session.is_ocr_copy:
            self.run_ocr()  # the copy's text is what was checked: check it again
        else:
            self._start_analysis()
        self._update_enabled()

    def run_ocr(self) -> None:
        """OCR the scanned pages into a cached copy in the background, then show and check the copy: one job
        (``checks.analyze.analyze_ocr``, as the CLI's --ocr)."""
        from extractors.ocr import ocr_available

        review = self.review
        if review is None or not review.document.pages_without_text or self.pack is None:
            return
        hint = ocr_available()
        if hint:
            self._problem("OCR is not installed", hint)
            return
        self.cancel_analysis(quiet=True)
        sha256, pages = review.document.sha256, list(review.document.pages_without_text)
        worker = OcrWorker(self.path, sha256, pages, self.pack, limits_from(), choice=self.session.choice)
        self.ocr_button.setEnabled(False)
        self._run(worker, len(pages), f"Reading {len(pages)} scanned page(s) by OCR…", partial=self._partial,
                  finished=self._finished, copy_ready=lambda copy: self._show_copy(copy, pages, sha256))

    def _show_copy(self, copy: str, pages: list[int], sha256: str) -> None:
        """The OCR copy exists and is being checked: the viewer shows it (its text layer is what the findings
        mark), everything else still names the file the user opened."""
        session = self.session
        self._show_session(Session.of(session.path, session.password, copy, pages, sha256))
        self.progress.setRange(0, max(1, self.viewer.page_count))
        self.progress.setValue(0)
        self.statusBar().showMessage(f"Checking an OCR copy of {Path(session.path).name}; the original is "
                                     "unchanged.", 10000)

    # -- decisions -----------------------------------------------------------------------------------------
    def decide(self, key: str, status: str | None = None, note: str | None = None, reason: str | None = None) -> None:
        """Record a decision (autosaved) and refresh every view of it."""
        try:
            refused = self.session.decide(key, status, note, reason)
        except UpfrontError as err:
            self._problem("Decision not saved", str(err))
            return
        if refused:
            self.statusBar().showMessage(refused, 4000)
            return
        self.findings.model.status_changed(key)
        self.findings.refresh_detail()
        self._sync_highlights()
        self._update_counts()

    def _decide(self, key: str, status: str, note, reason) -> None:
        self.decide(key, status or None, note, reason)

    # -- export --------------------------------------------------------------------------------------------
    def export_dialog(self) -> ExportSheetDialog | None:
        return exports.sheet_dialog(self, self.session, self.settings)

    def export_sheet(self) -> None:
        dialog = self.export_dialog()
        if dialog is None:
            return
        written = exports.run_sheet_dialog(dialog, self.session, self.settings)
        if written:
            self.statusBar().showMessage(f"Expectations sheet written: {written}", 10000)

    def export_csv(self, path: str | None = None) -> Path | None:
        if self.review is None:
            return None
        if path is None:
            path = exports.ask_csv_path(self, self.session, self.settings)
            if not path:
                return None
        try:
            written = exports.write_csv(self.session, path)
        except UpfrontError as err:
            self._problem("Export", str(err))
            return None
        self.statusBar().showMessage(f"Review written: {written}", 10000)
        return written

    # -- recent files, layout, drag and drop, about ----------------------------------------------------------
    def recent_files(self) -> list[str]:
        return self.recent.files()

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
        about_box(self)

    def _problem(self, title: str, message: str) -> None:
        """Every bad file ends here: one line, no traceback."""
        message = " ".join(str(message).split())
        self.last_error = message
        if self.quiet:
            self.statusBar().showMessage(message, 10000)
            return
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, title, message))
