"""Analysis off the UI thread: a QRunnable that calls ``checks.analyze.analyze`` and reports by signals.

The window only ever sees signals (delivered on its own thread): ``progress(done, total)``,
``partial(Review)`` (the pages read so far, while a long document is read), ``finished(Review)``,
``failed(message)``, ``password_needed(message, wrong)`` and ``cancelled()``.
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

from checks.analyze import analyze, relabel_ocr_copy
from checks.model import Review
from checks.rules import RulePack
from extractors.errors import CancelledError, PasswordRequiredError, UpfrontError
from extractors.limits import Limits

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

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, signal, *args) -> None:
        """Emit one outcome signal exactly once; later outcomes (e.g. a result after cancel) are dropped."""
        with self._reported:
            if self._closed:
                return
            self._closed = True
        signal.emit(*args)

    def _progress(self, done: int, total: int) -> None:
        if not self._cancel.is_set():
            self.signals.progress.emit(done, total)

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
                 ocr_of: tuple[str, str, list[int]] | None = None, limits: Limits | None = None) -> None:
        super().__init__()
        self.path = path
        self.pack = pack
        self.password = password
        self.ocr_of = ocr_of  # (original path, its sha256, OCR'd pages) when ``path`` is an OCR copy
        self.limits = limits

    def work(self) -> object:
        with gc_paused():
            # a scanned file still opens (its pages are shown, with the OCR offer), so no NoTextLayerError here
            review = analyze(self.path, self.pack, self._progress, self._cancel.is_set, self.password,
                             require_text=False, on_partial=self._partial, limits=self.limits)
        return self._named(review)

    def _named(self, review: Review) -> Review:
        """The copy is checked, but the review names the file the user opened (as the CLI's --ocr does)."""
        return relabel_ocr_copy(review, *self.ocr_of) if self.ocr_of else review

    def _partial(self, review: Review) -> None:
        if not self._cancel.is_set():
            self.signals.partial.emit(self._named(review))


class OcrWorker(BackgroundJob):
    """OCR of the scanned pages into a cached copy (the input is only read): ``finished`` carries its path."""

    def __init__(self, path: str, sha256: str, pages: list[int]) -> None:
        super().__init__()
        self.path = path
        self.sha256 = sha256
        self.pages = pages

    def work(self) -> object:
        from extractors.ocr import ocr_copy

        # done before for these exact bytes: the cached copy (seconds saved per page)
        return ocr_copy(self.path, self.sha256, self.pages, self._progress, self._cancel.is_set)
