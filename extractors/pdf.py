"""PDF -> Document: words with boxes in reading order, using pypdfium2 (about 10x faster than pdfplumber).

pdfium gives characters in content-stream order with its own generated spaces and line breaks; this module
turns them into word boxes in display coordinates (CropBox origin, after /Rotate), one page at a time, with
every page isolated (a page that fails is a warning). Layout (lines, columns, blocks, running headers and
footers, hyphenation) lives in ``extractors.layout``; ruled tables in ``extractors.tables``.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors import layout
from extractors.errors import (
    CancelledError,
    DamagedPdfError,
    NotAPdfError,
    NoTextLayerError,
    PasswordRequiredError,
    TooLargeError,
)
from extractors.model import Document, Page, Table, Word
from extractors.pdfium_lock import PDFIUM_LOCK

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
# After each page: (pages read, total, build) where build() lays out the pages read so far into a Document. It
# costs a layout of those pages, so the caller decides whether a snapshot is worth it, and calls build() at once.
SnapshotFn = Callable[[int, int, Callable[[], Document]], None]

DEFAULT_MAX_PAGES = 2000
DEFAULT_TIME_LIMIT = 120.0  # seconds for one document; a 1,000-page contract reads in ~15 s
DEFAULT_MAX_MEMORY_MB = 2048  # resident memory of the whole process; the 1,000-page contract peaks at ~314 MB
# The limits above can be set per run without code: the CLI's --max-pages / --time-limit / --max-memory set these
# variables (0 = no limit), and a desktop launcher can set them too.
LIMIT_VARIABLES = {"max_pages": "UPFRONT_MAX_PAGES", "time_limit": "UPFRONT_TIME_LIMIT",
                   "max_memory_mb": "UPFRONT_MAX_MEMORY_MB"}
_CONFIGURED = object()  # "use the configured limit": the environment's, else the default above


def configured_limit(name: str, default: float) -> float | None:
    """The limit in force: the environment variable when set to a number (0 or less: no limit), else default."""
    raw = os.environ.get(LIMIT_VARIABLES[name], "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = default
    return value if value > 0 else None


def _resident_mb() -> float | None:
    """This process's resident memory now (Linux), or None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return None
MIN_CHARS_FOR_TEXT = 20  # fewer visible characters than this on an image-covered page: a scan with a stamp
SCAN_IMAGE_COVER = 0.3  # share of the page an image must cover for the page to count as scanned
CHARS_BETWEEN_CHECKS = 20000  # cancellation / time checks inside huge pages
FAR_OFF_PAGE = 4.0  # words further off the page than this many page sizes come from a corrupt text matrix

_HYPHEN_MARK = 0x02  # pdfium's code for a hyphen it saw at the end of a line
_SOFT_HYPHEN = "\u00ad"
_SKIP = {0x00, 0xFFFE, 0xFFFF, 0xFEFF}
_SPACES = {0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B, 0xA0, 0x3000, 0x2028, 0x2029} | set(range(0x2000, 0x200C))


# a word: a run of non-space characters, ending at pdfium's line-end hyphen mark (\x02) when there is one
_TOKEN = re.compile(r"[^\s\x00\x02\ufffe\uffff\ufeff]+\x02?|\x02")
_NOT_VISIBLE = re.compile(r"[\s\x00\x01\x03-\x1f\ufffe\uffff\ufeff]")


def _page_text(tp, n: int) -> str | None:
    """All of a text page's characters in one call, or None when they do not map 1:1 onto char indexes."""
    if n <= 0:
        return ""
    buffer = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(tp, 0, n, buffer)
    if got != n + 1:
        return None
    text = bytes(memoryview(buffer)[:n]).decode("utf-16-le", errors="replace")
    if len(text) != n:
        return None
    for i in (0, n // 3, n // 2, (2 * n) // 3, n - 1):  # spot-check the mapping; fall back when unsure
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        if code != ord(text[i]) and not (code == 0 and text[i] == "\x00") and text[i] != "\ufffe":
            return None
    if "\ufffe" in text:  # GetText writes pdfium's line-end hyphen mark (0x02) as U+FFFE
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch == "\ufffe" and pdfium_c.FPDFText_GetUnicode(tp, i) == _HYPHEN_MARK:
                chars[i] = "\x02"
        text = "".join(chars)
    return text


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _looks_like_pdf(path: Path) -> tuple[bool, bool]:
    """(has a %PDF header or PDF objects near the start, mentions /Encrypt) — read without changing the file."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
        size = fh.seek(0, os.SEEK_END)
        tail_start = max(0, size - (1 << 16))
        fh.seek(tail_start)
        tail = fh.read()
    pdfish = b"%PDF" in head[:1024] or (b" obj" in head and (b"endobj" in head or b"stream" in head))
    return pdfish, b"/Encrypt" in head or b"/Encrypt" in tail


def _mentions_encrypt(path: Path) -> bool:
    """Whether an /Encrypt entry appears anywhere in the file (read-only memory map)."""
    import mmap

    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return mm.find(b"/Encrypt") >= 0
    except (OSError, ValueError):
        return False


def _open(path: Path, password: str | None) -> pdfium.PdfDocument:
    """Open with pdfium, turning every failure into a one-line typed error."""
    name = path.name
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise NotAPdfError(f"{name}: file not found") from None
    except OSError as err:
        raise NotAPdfError(f"{name}: cannot be read ({err.strerror or err})") from None
    if stat.S_ISDIR(mode):
        raise NotAPdfError(f"{name}: is a folder, not a PDF")
    if not stat.S_ISREG(mode):  # a pipe or device would block the reader forever
        raise NotAPdfError(f"{name}: not a regular file (a pipe or device?), not a PDF")
    try:
        pdfish, encrypted = _looks_like_pdf(path)
    except FileNotFoundError:
        raise NotAPdfError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise NotAPdfError(f"{name}: is a folder, not a PDF") from None
    except PermissionError:
        raise NotAPdfError(f"{name}: permission denied") from None
    except OSError as err:
        raise NotAPdfError(f"{name}: cannot be read ({err.strerror or err})") from None
    if path.stat().st_size == 0:
        raise NotAPdfError(f"{name}: empty file, not a PDF")
    try:
        with PDFIUM_LOCK:
            return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD and not encrypted:
            encrypted = _mentions_encrypt(path)
        if code == pdfium_c.FPDF_ERR_PASSWORD and encrypted:
            if password:
                raise PasswordRequiredError(f"{name}: wrong password for this encrypted PDF", wrong=True) from None
            raise PasswordRequiredError(f"{name}: encrypted; give its password to open it") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PasswordRequiredError(f"{name}: encrypted with an unsupported security handler") from None
        if not pdfish:
            raise NotAPdfError(f"{name}: not a PDF file") from None
        raise DamagedPdfError(f"{name}: damaged beyond repair (no readable page tree)") from None


def _to_display(box: tuple[float, float, float, float], crop: tuple[float, float, float, float], rotation: int):
    """Map a PDF user-space box (left, bottom, right, top) to display coordinates (x0, top, x1, bottom)."""
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


def clean_word(text: str) -> str:
    """NFKC (ligatures, full-width forms), no private-use or control characters, no inner soft hyphens."""
    if text.isascii():
        return text if text.isprintable() else "".join(ch for ch in text if ch.isprintable())
    trailing_soft = text.endswith(_SOFT_HYPHEN)
    text = unicodedata.normalize("NFKC", text.replace(_SOFT_HYPHEN, ""))
    text = "".join(ch for ch in text if ch.isprintable() and not 0xE000 <= ord(ch) <= 0xF8FF and not ch.isspace())
    return text + _SOFT_HYPHEN if trailing_soft and text else text


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


class _Guard:
    """Cancellation and the per-document time and memory limits, checked between pages and inside huge pages."""

    def __init__(self, name: str, is_cancelled: CancelFn | None, time_limit: float | None,
                 max_memory_mb: float | None = None) -> None:
        self.name = name
        self.is_cancelled = is_cancelled
        self.deadline = time.monotonic() + time_limit if time_limit else None
        self.time_limit = time_limit
        self.max_memory_mb = max_memory_mb
        self._next_memory_check = 0.0

    def remaining(self) -> float | None:
        """Seconds left before the time limit, or None without one."""
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise CancelledError("cancelled")
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise TooLargeError(f"{self.name}: reading took longer than the limit of {self.time_limit:g} s")
        if self.max_memory_mb and now >= self._next_memory_check:  # at most 20 reads of /proc a second
            self._next_memory_check = now + 0.05
            used = _resident_mb()
            if used is not None and used > self.max_memory_mb:
                raise TooLargeError(f"{self.name}: reading needs more memory than the limit of "
                                    f"{self.max_memory_mb:g} MB (now {used:.0f} MB)")


def _page_objects(page: pdfium.PdfPage, area: float,
                  segments: list[tuple[float, float, float, float]] | None = None) -> tuple[int, float]:
    """(how grid-like the page's rules are, share of the page covered by the largest image).

    Tables drawn with lines need rules both across and down (or boxed cells); underlines and signature lines
    alone do not make a table, and skipping those pages keeps pdfplumber off most pages.
    """
    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    across = down = boxes = 0
    image_cover = 0.0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    for i in range(min(n, 20000)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH or kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
                continue
            w, h = abs(right.value - left.value), abs(top.value - bottom.value)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                image_cover = max(image_cover, min(1.0, w * h / area) if area > 0 else 0.0)
            elif w > 20 and h < 3:
                across += 1
                if segments is not None:
                    segments.append((left.value, bottom.value, right.value, top.value))
            elif h > 10 and w < 3:
                down += 1
                if segments is not None:
                    segments.append((left.value, bottom.value, right.value, top.value))
            elif w > 20 and h > 10 and w * h < 0.25 * area and pdfium_c.FPDFPath_CountSegments(obj) == 5:
                boxes += 1  # a stroked rectangle: a cell or a frame
                if segments is not None:
                    lv, bv, rv, tv = left.value, bottom.value, right.value, top.value
                    segments.extend(((lv, bv, rv, bv), (lv, tv, rv, tv), (lv, bv, lv, tv), (rv, bv, rv, tv)))
    rules = min(across, down) + boxes if (down >= 2 or boxes >= 2) else 0
    return rules, image_cover


def _drawing_weight(container, form: bool = False, cap: int = 1_000_000, depth: int = 0) -> int:
    """What pdfplumber will have to parse on a page: every object, every segment of every path, and the objects
    inside form XObjects (one top-level object can hold 100,000 lines). Stops counting past ``cap``; forms
    nested deeper than 16 count as ``cap`` (a hostile file must not exhaust the stack)."""
    if depth > 16:
        return cap + 1
    count = pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    total = 0
    for i in range(max(0, count(container))):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            total += 1 + max(0, pdfium_c.FPDFPath_CountSegments(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            total += 1 + _drawing_weight(obj, True, cap - total, depth + 1)
        else:
            total += 1
        if total > cap:
            break
    return total


def _page_words(page: pdfium.PdfPage, number: int, guard: _Guard, want_rules: bool = False) -> RawPage:
    """Words of one page: split where pdfium puts whitespace, boxes from each word's first and last char."""
    rotation = page.get_rotation() % 360
    crop = tuple(page.get_cropbox())
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    if rotation in (90, 270):
        width, height = height, width
    frame = rotation  # words are laid out in the frame where their text runs left to right
    textpage = page.get_textpage()
    words: list[Word] = []
    visible = 0
    try:
        tp = textpage.raw
        n = pdfium_c.FPDFText_CountChars(tp)
        get_unicode = pdfium_c.FPDFText_GetUnicode
        rect = pdfium_c.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        get_box = pdfium_c.FPDFText_GetLooseCharBox

        cx0, cy1 = crop[0], crop[3]

        def box(i: int) -> tuple[float, float, float, float]:
            get_box(tp, i, rect_ref)
            if frame == 0:  # the common case, inlined: this runs twice per word
                return rect.left - cx0, cy1 - rect.top, rect.right - cx0, cy1 - rect.bottom
            return _to_display((rect.left, rect.bottom, rect.right, rect.top), crop, frame)

        def emit(chars: Sequence[str], idx: Sequence[int]) -> None:
            # one whitespace-delimited token; split further where its chars are not on one run of text
            first = box(idx[0])
            if len(idx) == 1:
                x0, top, x1, bottom = first
            else:
                last = box(idx[-1])
                h = first[3] - first[1]
                h = h if h > 1.0 else 1.0
                if (abs((first[1] + first[3]) - (last[1] + last[3])) > h or last[2] < first[0] - 1.0
                        or last[0] - first[2] > 1.5 * h * len(idx)):
                    _emit_by_char(chars, idx)
                    return
                x0 = first[0] if first[0] < last[0] else last[0]
                top = first[1] if first[1] < last[1] else last[1]
                x1 = first[2] if first[2] > last[2] else last[2]
                bottom = first[3] if first[3] > last[3] else last[3]
            text = chars if isinstance(chars, str) else "".join(chars)
            if not (text.isascii() and text.isprintable()):
                text = clean_word(text)
            if text:
                words.append(Word(text, number, x0, top, x1, bottom))

        def _emit_by_char(chars: Sequence[str], idx: Sequence[int]) -> None:
            run_c: list[str] = []
            run_b: list[float] = []
            for ch, i in zip(chars, idx, strict=True):
                b = box(i)
                if run_c:
                    h = max(1.0, run_b[3] - run_b[1])
                    if (abs((b[1] + b[3]) - (run_b[1] + run_b[3])) > h or b[0] < run_b[2] - 0.5 * h
                            or b[0] - run_b[2] > 0.3 * h):
                        _flush_run(run_c, run_b)
                        run_c, run_b = [], []
                if not run_c:
                    run_b = list(b)
                else:
                    run_b = [min(run_b[0], b[0]), min(run_b[1], b[1]), max(run_b[2], b[2]), max(run_b[3], b[3])]
                run_c.append(ch)
            _flush_run(run_c, run_b)

        def _flush_run(run_c: list[str], run_b: list[float]) -> None:
            text = clean_word("".join(run_c))
            if text:
                words.append(Word(text, number, run_b[0], run_b[1], run_b[2], run_b[3]))

        text = _page_text(tp, n)
        if text is not None:  # fast path: one call for the text, tokens found by a regex in C
            visible = n - len(_NOT_VISIBLE.findall(text))
            tokens = list(_TOKEN.finditer(text))
            frame = _text_frame(tp, tokens, rotation)
            if frame == 0:
                _fast_words(tp, tokens, number, crop, words, emit, guard)
            else:
                for k, m in enumerate(tokens):
                    if k and k % 4000 == 0:
                        guard.check()
                    start, end = m.span()
                    emit(m.group().replace("\x02", "-"), range(start, end))
        else:
            chars: list[str] = []
            idx: list[int] = []
            for i in range(n):
                if i and i % CHARS_BETWEEN_CHECKS == 0:
                    guard.check()
                code = get_unicode(tp, i)
                if code in _SPACES or code in _SKIP:
                    if chars:
                        emit(chars, idx)
                        chars, idx = [], []
                    continue
                if code == _HYPHEN_MARK:  # a line-end hyphen: keep it, and end the word here
                    chars.append("-")
                    idx.append(i)
                    emit(chars, idx)
                    chars, idx = [], []
                    visible += 1
                    continue
                if code < 0x20 or code >= 0x110000:
                    continue
                visible += 1
                chars.append(chr(code))
                idx.append(i)
            if chars:
                emit(chars, idx)
    finally:
        textpage.close()
    rules, image_cover = 0, 0.0
    segments: list[tuple[float, float, float, float]] = []
    if want_rules or 0 < visible < MIN_CHARS_FOR_TEXT:
        rules, image_cover = _page_objects(page, width * height, segments if want_rules else None)
    has_text = visible > 0 and not (visible < MIN_CHARS_FOR_TEXT and image_cover >= SCAN_IMAGE_COVER)
    raw = RawPage(number, width, height, rotation, words, has_text, rules)
    if want_rules and rules >= 2 and rotation == 0 and frame == 0 and words:
        from extractors.tables import grid_tables

        cx0, cy1 = crop[0], crop[3]
        display = [(l0 - cx0, cy1 - t0, r0 - cx0, cy1 - b0) for l0, b0, r0, t0 in segments]
        raw.extra["tables"] = grid_tables(number, display, words)
        if raw.extra["tables"]:  # how long pdfplumber would take to read the page again
            raw.extra["objects"] = _drawing_weight(page.raw)
    if frame != rotation:
        raw.width, raw.height = (crop[3] - crop[1], crop[2] - crop[0]) if frame in (90, 270) else (
            crop[2] - crop[0], crop[3] - crop[1])
        raw.extra["frame"] = (frame, crop)
    return raw


def _fast_words(tp, tokens: list[re.Match[str]], number: int, crop: tuple[float, float, float, float],
                words: list[Word], emit: Callable[[Sequence[str], Sequence[int]], None], guard: _Guard) -> None:
    """The common case (text runs left to right in user space), inlined: two box calls per word, no more."""
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    cx0, cy1 = crop[0], crop[3]
    append = words.append
    for k, m in enumerate(tokens):
        if k and k % 4000 == 0:
            guard.check()
        start, end = m.span()
        get_box(tp, start, ref)
        l0, b0, r0, t0 = rect.left, rect.bottom, rect.right, rect.top
        if end - start > 1:
            get_box(tp, end - 1, ref)
            l1, b1, r1, t1 = rect.left, rect.bottom, rect.right, rect.top
            h = t0 - b0 if t0 - b0 > 1.0 else 1.0
            if (b0 + t0 - b1 - t1 > h or b1 + t1 - b0 - t0 > h or r1 < l0 - 1.0
                    or l1 - r0 > 1.5 * h * (end - start)):
                emit(m.group().replace("\x02", "-"), range(start, end))
                continue
            if l1 < l0:
                l0 = l1
            if r1 > r0:
                r0 = r1
            if b1 < b0:
                b0 = b1
            if t1 > t0:
                t0 = t1
        tok = m.group()
        if not (tok.isascii() and tok.isprintable()):
            tok = clean_word(tok.replace("\x02", "-"))
            if not tok:
                continue
        append(Word(tok, number, l0 - cx0, cy1 - t0, r0 - cx0, cy1 - b0))


def _text_frame(tp, tokens: list[re.Match[str]], rotation: int) -> int:
    """The quarter turn (as a /Rotate value) under which most of the page's text runs left to right."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    step = max(1, len(tokens) // 40)
    for m in tokens[::step]:
        start, end = m.span()
        if end - start < 3:
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, start, ref)
        ax, ay = rect.left + rect.right, rect.bottom + rect.top
        pdfium_c.FPDFText_GetLooseCharBox(tp, end - 1, ref)
        ux, uy = rect.left + rect.right - ax, rect.bottom + rect.top - ay
        if abs(ux) > abs(uy):
            votes[0 if ux > 0 else 180] += 1
        elif abs(uy) > abs(ux):
            votes[90 if uy > 0 else 270] += 1
    best = max(votes, key=lambda r: (votes[r], r == rotation))
    return best if votes[best] > votes[rotation] else rotation


def _frame_to_display(word: Word, frame: int, crop: tuple[float, float, float, float], rotation: int) -> Word:
    """A word box laid out in a text frame, mapped back to user space and then to the displayed page."""
    cx0, cy0, cx1, cy1 = crop

    def user(x: float, y: float) -> tuple[float, float]:
        if frame == 90:
            return y + cx0, x + cy0
        if frame == 180:
            return cx1 - x, y + cy0
        if frame == 270:
            return cx1 - y, cy1 - x
        return x + cx0, cy1 - y

    ax, ay = user(word.x0, word.top)
    bx, by = user(word.x1, word.bottom)
    x0, top, x1, bottom = _to_display((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)), crop, rotation)
    return Word(word.text, word.page, x0, top, x1, bottom)


def _read_pages(pdf: pdfium.PdfDocument, total: int, guard: _Guard, on_progress: ProgressFn | None,
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
                    raw = _drop_far_words(_page_words(page, number, guard, want_rules))
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


def _drop_far_words(raw: RawPage) -> RawPage:
    """Drop words placed absurdly far off the page (a damaged text matrix): they are invisible, and layout would
    otherwise size its work by their coordinates (a fuzzed file put words at x = 1e9 and ran out of memory)."""
    reach = FAR_OFF_PAGE * min(max(raw.width, raw.height, 1.0), 14400.0)  # 14,400 pt: the largest page PDF allows
    raw.words[:] = [w for w in raw.words if -reach <= w.x0 <= w.x1 <= reach and -reach <= w.top <= w.bottom <= reach]
    return raw


def _display_page(raw: RawPage, start: int, end: int) -> Page:
    width, height = raw.width, raw.height
    if "frame" in raw.extra:
        _, crop = raw.extra["frame"]
        width, height = crop[2] - crop[0], crop[3] - crop[1]
        if raw.rotation in (90, 270):
            width, height = height, width
    return Page(raw.number, width, height, raw.rotation, raw.has_text, start, end)


def page_ranges(numbers: list[int]) -> str:
    """'1–2, 5' for [1, 2, 5]: how a user reads a list of pages."""
    out: list[str] = []
    start = prev = None
    for n in numbers:
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
        start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(out)


def require_text_layer(doc: Document) -> Document:
    """Raise NoTextLayerError when no page carries text (a scan): the CLI's exit 2, the window's OCR hint."""
    if doc.text_layer == "none":
        pages = page_ranges([p.number for p in doc.pages]) or "none"
        raise NoTextLayerError(
            f"{Path(doc.path).name} has no text layer (scanned?): pages {pages}; read them by OCR with --ocr")
    return doc


def _reread_tables(p: Path, raw_pages: list[RawPage], password: str | None, guard: _Guard) -> None:
    """Pages where the grid reading found a table are read again by pdfplumber (``extractors.tables``)."""
    grid = [t for r in raw_pages for t in r.extra.get("tables", ())]
    if not grid:
        return
    from extractors.tables import best_tables

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
        words = tuple(_frame_to_display(w, *framed[w.page], by_number[w.page].rotation) if w.page in framed else w
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
    max_pages: int | object | None = _CONFIGURED,
    time_limit: float | object | None = _CONFIGURED,
    require_text: bool = True,
    tables: bool = True,
    max_memory_mb: float | object | None = _CONFIGURED,
    on_snapshot: SnapshotFn | None = None,
) -> Document:
    """Read every page's words in reading order. A page that fails to parse becomes a warning, not a failure.

    Raises NoTextLayerError when no page has text unless ``require_text`` is False (the window can then still
    show the scan and offer OCR). ``tables`` reads ruled tables from pdfium's rules and words on upright
    pages whose rules form a grid (``extractors.tables.grid_tables``, cheap); False skips them.
    ``on_snapshot`` is offered the pages read so far after each page (see ``SnapshotFn``).
    """
    p = Path(path)
    sha = file_sha256(p) if p.is_file() else ""
    pdf = _open(p, password)
    if max_pages is _CONFIGURED:
        max_pages = configured_limit("max_pages", DEFAULT_MAX_PAGES)
    if time_limit is _CONFIGURED:
        time_limit = configured_limit("time_limit", DEFAULT_TIME_LIMIT)
    if max_memory_mb is _CONFIGURED:
        max_memory_mb = configured_limit("max_memory_mb", DEFAULT_MAX_MEMORY_MB)
    guard = _Guard(p.name, is_cancelled, time_limit, max_memory_mb)
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
