"""Analysis off the UI thread: QRunnables that run a job of ``desktop.gui.jobs`` (an analysis, or OCR and the
analysis of the copy) and report by signals.

The window only ever sees signals (delivered on its own thread): ``progress(done, total)``,
``partial(Review)`` (the pages read so far, while a long document is read), ``copy_ready(path)`` (an OCR
job's copy), ``finished(Review)``, ``failed(message)``, ``password_needed(message, wrong)`` and
``cancelled()``, then always ``done()``.
Cancel is a flag the extractor polls between pages; after cancel the worker reports ``cancelled`` at
once and any late result is dropped, so the window is free again immediately.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Iterator

from PySide6.QtCore import QObject, QRunnable, Signal

from checks.model import Review
from checks.rules import RulePack
from desktop.gui import jobs
from extractors.errors import CancelledError, PasswordRequiredError, UpfrontError
from extractors.limits import Limits
from extractors.model import PartyChoice

log = logging.getLogger(__name__)
_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an analysis runs, and its result frozen afterwards.

    Measured on the 154-page contract: a full collection walks the whole Document (tens of thousands of
    words) while holding the GIL for 90-240 ms, which froze the window. Reference counting still frees
    everything without cycles; the few cyclic leftovers of one analysis (~1,000 objects) are kept.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()  # the new Review is never walked by later collections either
                if _gc_was_enabled:
                    gc.enable()


class WorkerSignals(QObject):
    progress = Signal(int, int)
    partial = Signal(object)
    copy_ready = Signal(str)  # an OCR job's copy exists (path): the window shows it while it is checked
    finished = Signal(object)
    failed = Signal(str)
    password_needed = Signal(str, bool)
    cancelled = Signal()
    done = Signal()  # always last, whatever the outcome: the thread is about to be free


class BackgroundJob(QRunnable):
    """One cancellable job off the UI thread; subclasses say what ``work`` does. Keep a reference until
    ``signals.done``."""

    def __init__(self) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self._reported = threading.Lock()
        self._closed = False

    def cancel(self) -> None:
        """Stop as soon as the job next looks (between pages) and tell the window now."""
        self._cancel.set()
        self._report(self.signals.cancelled)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, signal, *args) -> None:
        """Emit one outcome signal exactly once; later outcomes (e.g. a result after cancel) are dropped."""
        with self._reported:
            if self._closed:
                return
            self._closed = True
        signal.emit(*args)

    # -- the job's Reporter (desktop.gui.jobs): called on the worker thread -----------------------------------
    def progress(self, done: int, total: int) -> None:
        if not self._cancel.is_set():
            self.signals.progress.emit(done, total)

    def partial(self, review: Review) -> None:
        if not self._cancel.is_set():
            self.signals.partial.emit(review)

    def copy(self, path: str) -> None:
        if not self._cancel.is_set():
            self.signals.copy_ready.emit(path)

    def work(self) -> object:
        raise NotImplementedError

    def run(self) -> None:
        try:
            result = self.work()
        except CancelledError:
            self._report(self.signals.cancelled)
        except PasswordRequiredError as err:
            self._report(self.signals.password_needed, str(err), bool(err.wrong))
        except UpfrontError as err:
            self._report(self.signals.failed, " ".join(str(err).split()))
        except Exception as err:  # never a traceback in a dialog: one line here, the details in the log
            log.exception("%s failed", type(self).__name__)
            self._report(self.signals.failed, f"could not be processed ({type(err).__name__}: {err})")
        else:
            if self._cancel.is_set():
                self._report(self.signals.cancelled)
            else:
                self._report(self.signals.finished, result)
        finally:
            self.signals.done.emit()


class AnalysisWorker(BackgroundJob):
    """One analysis of one PDF: ``finished`` carries the Review."""

    def __init__(self, path: str, pack: RulePack | None = None, password: str | None = None,
                 limits: Limits | None = None, choice: PartyChoice | None = None) -> None:
        super().__init__()
        self.path = path
        self.pack = pack
        self.password = password
        self.limits = limits
        self.choice = choice

    def work(self) -> object:
        with gc_paused():
            return jobs.analysis(self, self.path, self.pack, self.password, self.limits, self.choice)


class OcrWorker(BackgroundJob):
    """OCR of the scanned pages into a cached copy (the input is only read), then the analysis of the copy
    (``checks.analyze.analyze_ocr``): ``copy_ready`` carries the copy's path once it exists, ``finished`` the
    Review, named after the original."""

    def __init__(self, path: str, sha256: str, pages: list[int], pack: RulePack | None = None,
                 limits: Limits | None = None, choice: PartyChoice | None = None) -> None:
        super().__init__()
        self.path = path
        self.sha256 = sha256
        self.pages = pages
        self.pack = pack
        self.limits = limits
        self.choice = choice

    def work(self) -> object:
        with gc_paused():
            return jobs.ocr_analysis(self, self.path, self.sha256, self.pages, self.pack, self.limits, self.choice)
