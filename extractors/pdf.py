"""PDF -> Document: words with boxes in reading order, using pypdfium2 (about 10x faster than pdfplumber)."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.errors import (
    CancelledError,
    DamagedPdfError,
    NotAPdfError,
    PasswordRequiredError,
    TooLargeError,
)
from extractors.model import Document, Page, Word

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

MIN_WORDS_FOR_TEXT = 3
DEFAULT_MAX_PAGES = 2000


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError:
        raise NotAPdfError(f"{path.name}: file not found") from None
    except IsADirectoryError:
        raise NotAPdfError(f"{path.name}: is a folder, not a PDF") from None
    except PermissionError:
        raise NotAPdfError(f"{path.name}: permission denied") from None
    if b"%PDF" not in head:
        raise NotAPdfError(f"{path.name}: not a PDF file")
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password:
                raise PasswordRequiredError(f"{path.name}: wrong password", wrong=True) from None
            raise PasswordRequiredError(f"{path.name}: encrypted; a password is needed to open it") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PasswordRequiredError(f"{path.name}: uses an unsupported security handler") from None
        raise DamagedPdfError(f"{path.name}: damaged beyond repair ({err})") from None


def _to_display(box: tuple[float, float, float, float], crop: tuple[float, float, float, float], rotation: int):
    """Map a PDF user-space box (l, b, r, t) to display coordinates (x0, top, x1, bottom)."""
    left, bottom, right, top = box
    cx0, cy0, cx1, cy1 = crop

    def point(x: float, y: float) -> tuple[float, float]:
        if rotation == 90:
            return y - cy0, x - cx0
        if rotation == 180:
            return cx1 - x, y - cy0
        if rotation == 270:
            return cy1 - y, cx1 - x
        return x - cx0, cy1 - y

    ax, ay = point(left, bottom)
    bx, by = point(right, top)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _page_words(page: pdfium.PdfPage, number: int) -> tuple[list[Word], float, float, int]:
    rotation = page.get_rotation() % 360
    crop = tuple(page.get_cropbox())
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    if rotation in (90, 270):
        width, height = height, width
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        words: list[Word] = []
        buf: list[str] = []
        box: list[float] = []

        def flush() -> None:
            if buf:
                text = unicodedata.normalize("NFKC", "".join(buf)).strip()
                if text:
                    words.append(Word(text, number, box[0], box[1], box[2], box[3]))
                buf.clear()

        raw_tp = textpage.raw
        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(raw_tp, i)
            ch = chr(code) if 0 < code < 0x110000 else " "
            if ch.isspace() or code in (0xFFFE, 0xFFFF, 0x02):
                flush()
                continue
            x0, top, x1, bottom = _to_display(textpage.get_charbox(i, loose=True), crop, rotation)
            if buf and (abs(top - box[1]) > 0.5 * max(1.0, box[3] - box[1]) or x0 < box[2] - 1.0
                        or x0 - box[2] > 0.3 * max(1.0, bottom - top)):
                flush()
            if not buf:
                box = [x0, top, x1, bottom]
            else:
                box = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
            buf.append(ch)
        flush()
    finally:
        textpage.close()
    return words, width, height, rotation


def _reading_order(words: list[Word]) -> list[list[Word]]:
    """Group words into lines (top to bottom, left to right)."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.top), w.x0)):
        if lines:
            last = lines[-1]
            ref = last[0]
            if abs(w.top - ref.top) < 0.5 * max(1.0, ref.bottom - ref.top):
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def read_document(
    path: str | os.PathLike[str],
    password: str | None = None,
    on_progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Document:
    """Read every page's words. A page that fails to parse becomes a warning, not a failure."""
    p = Path(path)
    pdf = _open(p, password)
    try:
        total = len(pdf)
        if total > max_pages:
            raise TooLargeError(f"{p.name}: {total} pages is over the limit of {max_pages} pages")
        pages: list[Page] = []
        all_words: list[Word] = []
        starts: list[int] = []
        parts: list[str] = []
        offset = 0
        warnings: list[str] = []
        for index in range(total):
            if is_cancelled and is_cancelled():
                raise CancelledError("cancelled")
            number = index + 1
            try:
                page = pdf[index]
                try:
                    words, width, height, rotation = _page_words(page, number)
                finally:
                    page.close()
            except Exception as err:  # a broken page must not sink the document
                warnings.append(f"page {number}: could not be read ({err})")
                words, width, height, rotation = [], 612.0, 792.0, 0
            page_start = offset
            for line in _reading_order(words):
                for j, w in enumerate(line):
                    if j:
                        parts.append(" ")
                        offset += 1
                    starts.append(offset)
                    all_words.append(w)
                    parts.append(w.text)
                    offset += len(w.text)
                parts.append("\n")
                offset += 1
            parts.append("\n")
            offset += 1
            pages.append(Page(number, width, height, rotation, len(words) >= MIN_WORDS_FOR_TEXT, page_start, offset))
            if on_progress:
                on_progress(number, total)
        title = ""
        try:
            title = (pdf.get_metadata_dict().get("Title") or "").strip()
        except Exception:
            title = ""
    finally:
        pdf.close()
    return Document(
        path=str(p),
        sha256=file_sha256(p),
        pages=tuple(pages),
        words=tuple(all_words),
        word_starts=tuple(starts),
        text="".join(parts),
        warnings=tuple(warnings),
        title=title,
    )
