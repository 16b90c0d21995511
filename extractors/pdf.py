"""PDF -> Document: words with boxes in reading order, using pypdfium2 (about 10x faster than pdfplumber).

The reader opens the file (``extractors.opening``), reads one page at a time under the document's limits
(``extractors.limits``), every page isolated (a page that fails is a warning): its words
(``extractors.words``), what else it draws (``extractors.page_objects``: rules, images), and on pages whose
rules form a grid a first reading of the table (``extractors.tables``), which pdfplumber then reads again.
Layout (lines, columns, blocks, running headers and footers, hyphenation) lives in ``extractors.layout``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from extractors import layout
from extractors.errors import CancelledError, DamagedPdfError, NoTextLayerError, TooLargeError
from extractors.formatting import page_ranges
from extractors.geometry import frame_to_display, near_page
from extractors.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, DEFAULT_TIME_LIMIT, CancelFn, Guard, Limits
from extractors.model import Document, Page, Table, Word
from extractors.opening import file_sha256, open_pdf
from extractors.page_objects import drawing_weight, page_objects
from extractors.pdfium_lock import PDFIUM_LOCK
from extractors.tables import best_tables, grid_tables
from extractors.words import clean_word, text_page_words

__all__ = [
    "CancelFn", "Limits", "ProgressFn", "RawPage", "SnapshotFn", "clean_word", "file_sha256", "page_ranges",
    "read_document", "require_text_layer",
]

ProgressFn = Callable[[int, int], None]
# After each page: (pages read, total, build) where build() lays out the pages read so far into a Document. It
# costs a layout of those pages, so the caller decides whether a snapshot is worth it, and calls build() at once.
SnapshotFn = Callable[[int, int, Callable[[], Document]], None]

MIN_CHARS_FOR_TEXT = 20  # fewer visible characters than this on an image-covered page: a scan with a stamp
SCAN_IMAGE_COVER = 0.3  # share of the page an image must cover for the page to count as scanned


@dataclass
class RawPage:
    """One page as read, before layout: its size, words in pdfium order and what else is on it."""

    number: int
    width: float
    height: float
    rotation: int
    words: list[Word]
    has_text: bool
    rule_count: int = 0  # straight line / thin rectangle path objects: a cheap sign of a ruled table
    warning: str = ""
    extra: dict = field(default_factory=dict)


def _page_words(page: pdfium.PdfPage, number: int, guard: Guard, want_rules: bool = False) -> RawPage:
    """One page: its words, whether it carries text (or is a scan), and with ``want_rules`` its grid tables."""
    rotation = page.get_rotation() % 360
    crop = tuple(page.get_cropbox())
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    if rotation in (90, 270):
        width, height = height, width
    textpage = page.get_textpage()
    try:
        words, visible, frame = text_page_words(textpage.raw, number, crop, rotation, guard.check)
    finally:
        textpage.close()
    rules, image_cover = 0, 0.0
    segments: list[tuple[float, float, float, float]] = []
    if want_rules or 0 < visible < MIN_CHARS_FOR_TEXT:
        rules, image_cover = page_objects(page, width * height, segments if want_rules else None)
    has_text = visible > 0 and not (visible < MIN_CHARS_FOR_TEXT and image_cover >= SCAN_IMAGE_COVER)
    raw = RawPage(number, width, height, rotation, words, has_text, rules)
    if want_rules and rules >= 2 and rotation == 0 and frame == 0 and words:
        cx0, cy1 = crop[0], crop[3]
        display = [(l0 - cx0, cy1 - t0, r0 - cx0, cy1 - b0) for l0, b0, r0, t0 in segments]
        raw.extra["tables"] = grid_tables(number, display, words)
        if raw.extra["tables"]:  # how long pdfplumber would take to read the page again
            raw.extra["objects"] = drawing_weight(page.raw)
    if frame != rotation:
        raw.width, raw.height = (crop[3] - crop[1], crop[2] - crop[0]) if frame in (90, 270) else (
            crop[2] - crop[0], crop[3] - crop[1])
        raw.extra["frame"] = (frame, crop)
    return raw


def _read_pages(pdf: pdfium.PdfDocument, total: int, guard: Guard, on_progress: ProgressFn | None,
                want_rules: bool = False, after_page: Callable[[list[RawPage], list[str]], None] | None = None,
                ) -> tuple[list[RawPage], list[str]]:
    pages: list[RawPage] = []
    warnings: list[str] = []
    for index in range(total):
        guard.check()
        number = index + 1
        try:
            with PDFIUM_LOCK:  # per page: the window's page renders run in between
                page = pdf[index]
                try:
                    raw = _page_words(page, number, guard, want_rules)
                    raw.words[:] = near_page(raw.words, raw.width, raw.height)
                finally:
                    page.close()
        except (CancelledError, TooLargeError):
            raise
        except Exception as err:  # a broken page must not sink the document
            warnings.append(f"page {number}: could not be read ({type(err).__name__})")
            raw = RawPage(number, 612.0, 792.0, 0, [], False, warning=str(err))
        pages.append(raw)
        if on_progress:
            on_progress(number, total)
        if after_page is not None:
            after_page(pages, warnings)
    return pages, warnings


def _display_page(raw: RawPage, start: int, end: int) -> Page:
    width, height = raw.width, raw.height
    if "frame" in raw.extra:
        _, crop = raw.extra["frame"]
        width, height = crop[2] - crop[0], crop[3] - crop[1]
        if raw.rotation in (90, 270):
            width, height = height, width
    return Page(raw.number, width, height, raw.rotation, raw.has_text, start, end)


def require_text_layer(doc: Document) -> Document:
    """Raise NoTextLayerError when no page carries text (a scan): the CLI's exit 2, the window's OCR hint."""
    if doc.text_layer == "none":
        pages = page_ranges([p.number for p in doc.pages]) or "none"
        raise NoTextLayerError(
            f"{Path(doc.path).name} has no text layer (scanned?): pages {pages}; read them by OCR with --ocr")
    return doc


def _reread_tables(p: Path, raw_pages: list[RawPage], password: str | None, guard: Guard) -> None:
    """Pages where the grid reading found a table are read again by pdfplumber (``extractors.tables``)."""
    grid = [t for r in raw_pages for t in r.extra.get("tables", ())]
    if not grid:
        return
    objects = {r.number: r.extra.get("objects", 0) for r in raw_pages if r.extra.get("tables")}
    budget = guard.remaining()
    found = best_tables(p, grid, objects, password, guard.is_cancelled, budget)
    if guard.is_cancelled is not None and guard.is_cancelled():  # the time limit is not checked here: the pages
        raise CancelledError("cancelled")                         # are read, and pdfplumber kept to its budget
    for r in raw_pages:
        if "tables" in r.extra:
            r.extra["tables"] = [t for t in found if t.page == r.number]


def _assemble(p: Path, sha: str, raw_pages: list[RawPage], warnings: list[str], title: str) -> Document:
    """Lay out read pages into a Document: reading order, furniture set aside, boxes in display coordinates."""
    laid = layout.lay_out(raw_pages)
    words = laid.words
    framed = {r.number: r.extra["frame"] for r in raw_pages if "frame" in r.extra}
    if framed:  # pages whose text runs across the displayed page: boxes back to display coordinates
        by_number = {r.number: r for r in raw_pages}
        words = tuple(frame_to_display(w, *framed[w.page], by_number[w.page].rotation) if w.page in framed else w
                      for w in words)
    found: tuple[Table, ...] = tuple(t for r in raw_pages for t in r.extra.get("tables", ()))
    return Document(
        path=str(p),
        sha256=sha,
        pages=tuple(_display_page(r, s, e) for r, (s, e) in zip(raw_pages, laid.page_offsets, strict=True)),
        words=words,
        word_starts=laid.word_starts,
        text=laid.text,
        warnings=tuple(warnings),
        title=title,
        tables=found,
        furniture=laid.furniture,
    )


def read_document(
    path: str | os.PathLike[str],
    password: str | None = None,
    on_progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    require_text: bool = True,
    tables: bool = True,
    max_memory_mb: float | None = DEFAULT_MAX_MEMORY_MB,
    on_snapshot: SnapshotFn | None = None,
) -> Document:
    """Read every page's words in reading order. A page that fails to parse becomes a warning, not a failure.

    Raises NoTextLayerError when no page has text unless ``require_text`` is False (the window can then still
    show the scan and offer OCR). ``tables`` reads ruled tables from pdfium's rules and words on upright
    pages whose rules form a grid (``extractors.tables.grid_tables``, cheap); False skips them.
    ``on_snapshot`` is offered the pages read so far after each page (see ``SnapshotFn``). ``max_pages``,
    ``time_limit`` (seconds) and ``max_memory_mb`` are the document's limits (None or 0: none; see ``Limits``).
    """
    p = Path(path)
    sha = file_sha256(p) if p.is_file() else ""
    pdf = open_pdf(p, password)
    guard = Guard(p.name, is_cancelled, time_limit, max_memory_mb)
    try:
        with PDFIUM_LOCK:
            total = len(pdf)
        if total == 0:
            raise DamagedPdfError(f"{p.name}: has no pages")
        if max_pages and total > max_pages:
            raise TooLargeError(f"{p.name}: {total} pages is over the limit of {max_pages:g} pages")
        def offer(got: list[RawPage], said: list[str]) -> None:  # build() is called, if at all, before reading on
            if on_snapshot is not None:
                on_snapshot(len(got), total, lambda: _assemble(p, sha, got, said, ""))

        raw_pages, warnings = _read_pages(pdf, total, guard, on_progress, tables, offer if on_snapshot else None)
        if tables:
            _reread_tables(p, raw_pages, password, guard)
        title = ""
        try:
            with PDFIUM_LOCK:
                title = " ".join((pdf.get_metadata_dict().get("Title") or "").split())
        except Exception:
            title = ""
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    doc = _assemble(p, sha, raw_pages, warnings, title)
    return require_text_layer(doc) if require_text else doc
