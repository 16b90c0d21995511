"""Page images off the UI thread: one render thread owns the viewer's pypdfium2 documents.

pypdfium2 calls pdfium through ctypes, which releases the GIL for the length of each call, so a page render
(20-100 ms) on this thread leaves the event loop running (QtPdf's ``render`` held the GIL and froze the
window). pdfium is not thread-safe, not even across documents, and the analysis reads with pdfium in its own
worker thread, so every call here takes ``extractors.pdfium_lock.PDFIUM_LOCK`` for one page at a time. Page
sizes come from pdfium as well (all 154 pages of the largest contract in ~10 ms), in display orientation and
CropBox size, the frame the extractors' boxes use.

Requests are served newest first and only the latest few are kept: when the reader scrolls fast, the pages
now on screen are drawn first and pages scrolled past are never rendered.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import itertools
import logging
import threading
from collections import OrderedDict, deque

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from extractors.pdfium_lock import PDFIUM_LOCK

log = logging.getLogger(__name__)
PENDING_RENDERS = 12  # older requests are dropped: their pages have scrolled away
SIZES_PER_LOCK = 32  # page sizes read per hold of the lock


def render_page(page: pdfium.PdfPage, width: int, height: int) -> QImage | None:
    """Draw one page into a new white QImage of width x height pixels (pdfium writes into the image's own
    memory: no copy). Call with PDFIUM_LOCK held."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():  # out of memory for this size
        return None
    bits = image.bits()
    buffer = (ctypes.c_ubyte * image.sizeInBytes()).from_buffer(bits)
    bitmap = pdfium_c.FPDFBitmap_CreateEx(width, height, pdfium_c.FPDFBitmap_BGRA, buffer, image.bytesPerLine())
    if not bitmap:
        return None
    try:
        pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page.raw, 0, 0, width, height, 0, pdfium_c.FPDF_ANNOT)
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)
    del buffer, bits
    return image


def render_first_page(data: bytes, width: int) -> tuple[QImage | None, int]:
    """The first page of an in-memory PDF at ``width`` pixels, and its page count (the export preview).
    Runs on the caller's thread; the lock is held only while pdfium works."""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(bytes(data))
        try:
            count = len(pdf)
            if count == 0:
                return None, 0
            page = pdf[0]
            try:
                w, h = page.get_size()
                image = render_page(page, width, max(1, round(width * h / max(1.0, w))))
            finally:
                page.close()
        finally:
            pdf.close()
    return image, count


class PageRenderer(QObject):
    """The render thread. ``open`` returns a token; results come back as queued signals carrying it."""

    opened = Signal(int, object)  # token, [(width, height) in points per page]
    open_failed = Signal(int, str)  # token, message
    rendered = Signal(int, int, int, object)  # token, page index, pixel width, QImage

    def __init__(self) -> None:
        super().__init__()
        self._cond = threading.Condition()
        self._control: deque[tuple] = deque()  # ("open", token, path, password) | ("close", token)
        self._renders: OrderedDict[tuple[int, int, int], int] = OrderedDict()  # (token, index, width) -> height
        self._docs: dict[int, pdfium.PdfDocument] = {}
        self._tokens = itertools.count(1)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="upfront-render", daemon=True)
        self._thread.start()

    # -- called on the UI thread ---------------------------------------------------------------------------
    def open(self, path: str, password: str | None = None) -> int:
        token = next(self._tokens)
        with self._cond:
            self._control.append(("open", token, path, password))
            self._cond.notify()
        return token

    def close(self, token: int) -> None:
        with self._cond:
            for key in [k for k in self._renders if k[0] == token]:
                del self._renders[key]
            self._control.append(("close", token))
            self._cond.notify()

    def request(self, token: int, index: int, width: int, height: int) -> None:
        """Ask for a page image; a repeated request only moves it to the front."""
        with self._cond:
            key = (token, index, width)
            self._renders[key] = height
            self._renders.move_to_end(key)
            while len(self._renders) > PENDING_RENDERS:
                self._renders.popitem(last=False)
            self._cond.notify()

    def stop(self) -> None:
        """Finish the current page, close every document and end the thread (at exit)."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    # -- the render thread ---------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._stopping or self._control or self._renders):
                    self._cond.wait()
                if self._stopping:
                    break
                job = self._control.popleft() if self._control else None
                render = None if job else self._renders.popitem(last=True)
            try:
                if job and job[0] == "open":
                    self._open(*job[1:])
                elif job:
                    self._close(job[1])
                elif render:
                    (token, index, width), height = render
                    self._render(token, index, width, height)
            except Exception:  # never let one bad page end the thread
                log.exception("page renderer")
        for token in list(self._docs):
            self._close(token)

    def _open(self, token: int, path: str, password: str | None) -> None:
        pdf = None
        try:
            with PDFIUM_LOCK:
                pdf = pdfium.PdfDocument(path, password=password)
                count = len(pdf)
            sizes: list[tuple[float, float]] = []
            for start in range(0, count, SIZES_PER_LOCK):
                with PDFIUM_LOCK:
                    sizes.extend(pdf.get_page_size(i) for i in range(start, min(count, start + SIZES_PER_LOCK)))
        except Exception as err:  # the analysis explains bad files in words; the viewer just stays empty
            if pdf is not None:  # opened, then a page failed: close it, or the file stays open until exit
                with PDFIUM_LOCK, contextlib.suppress(Exception):
                    pdf.close()
            self.open_failed.emit(token, f"{type(err).__name__}: {err}")
            return
        self._docs[token] = pdf
        self.opened.emit(token, sizes)

    def _close(self, token: int) -> None:
        pdf = self._docs.pop(token, None)
        if pdf is not None:
            with PDFIUM_LOCK:
                pdf.close()

    def _render(self, token: int, index: int, width: int, height: int) -> None:
        pdf = self._docs.get(token)
        if pdf is None:
            return
        with PDFIUM_LOCK:
            page = pdf[index]
            try:
                image = render_page(page, width, height)
            finally:
                page.close()
        if image is not None:
            self.rendered.emit(token, index, width, image)


_renderer: PageRenderer | None = None


def renderer() -> PageRenderer:
    """The process's render thread (started on first use, stopped at exit before pdfium is torn down)."""
    global _renderer
    if _renderer is None:
        _renderer = PageRenderer()
        atexit.register(_renderer.stop)
    return _renderer
