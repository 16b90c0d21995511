"""The words of one pdfium text page, with their boxes in display coordinates.

pdfium gives characters in content-stream order with its own generated spaces and line breaks. A word is a run
of characters between white space; its box joins its first and last characters' boxes when both sit on one run
of text (two box calls per word), else the word is split where its characters leave the run. Text that runs
across the displayed page (a landscape table on a portrait page) is laid out in the frame where it reads left
to right; ``geometry.frame_to_display`` maps those boxes back once the page is laid out.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections.abc import Callable, Sequence

import pypdfium2.raw as pdfium_c

from extractors.geometry import Box, to_display
from extractors.model import Word

CheckFn = Callable[[], None]  # raises to stop (cancellation, time or memory limit)

CHARS_BETWEEN_CHECKS = 20000  # cancellation / time checks inside huge pages, per character read one by one
WORDS_BETWEEN_CHECKS = 4000  # the same, per word of a page whose text came in one call

_HYPHEN_MARK = 0x02  # pdfium's code for a hyphen it saw at the end of a line
_SOFT_HYPHEN = "\u00ad"
_SKIP = {0x00, 0xFFFE, 0xFFFF, 0xFEFF}
_SPACES = {0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B, 0xA0, 0x3000, 0x2028, 0x2029} | set(range(0x2000, 0x200C))

# a word: a run of non-space characters, ending at pdfium's line-end hyphen mark (\x02) when there is one
_TOKEN = re.compile(r"[^\s\x00\x02\ufffe\uffff\ufeff]+\x02?|\x02")
_NOT_VISIBLE = re.compile(r"[\s\x00\x01\x03-\x1f\ufffe\uffff\ufeff]")


def clean_word(text: str) -> str:
    """NFKC (ligatures, full-width forms), no private-use or control characters, no inner soft hyphens."""
    if text.isascii():
        return text if text.isprintable() else "".join(ch for ch in text if ch.isprintable())
    trailing_soft = text.endswith(_SOFT_HYPHEN)
    text = unicodedata.normalize("NFKC", text.replace(_SOFT_HYPHEN, ""))
    text = "".join(ch for ch in text if ch.isprintable() and not 0xE000 <= ord(ch) <= 0xF8FF and not ch.isspace())
    return text + _SOFT_HYPHEN if trailing_soft and text else text


def union(a: Box, b: Box) -> Box:
    """The box holding both boxes (display coordinates: x0, top, x1, bottom)."""
    return (a[0] if a[0] < b[0] else b[0], a[1] if a[1] < b[1] else b[1],
            a[2] if a[2] > b[2] else b[2], a[3] if a[3] > b[3] else b[3])


def token_box(first: Box, last: Box, chars: int) -> Box | None:
    """The box of a token of ``chars`` characters from its first and last characters' boxes, or None when the
    two do not sit on one run of text (another line, backwards, or too far apart for the characters between)."""
    h = first[3] - first[1]
    h = h if h > 1.0 else 1.0
    if (abs((first[1] + first[3]) - (last[1] + last[3])) > h or last[2] < first[0] - 1.0
            or last[0] - first[2] > 1.5 * h * chars):
        return None
    return union(first, last)


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


class _Words:
    """The words of one text page as they are found, with boxes laid out in the text ``frame``."""

    def __init__(self, tp, number: int, crop: Box, frame: int) -> None:
        self.tp = tp
        self.number = number
        self.crop = crop
        self.frame = frame
        self.words: list[Word] = []
        self._rect = pdfium_c.FS_RECTF()
        self._ref = ctypes.byref(self._rect)

    def box(self, i: int) -> Box:
        """Character ``i``'s box in the frame's display coordinates."""
        rect = self._rect
        pdfium_c.FPDFText_GetLooseCharBox(self.tp, i, self._ref)
        if self.frame == 0:  # the common case, inlined
            cx0, cy1 = self.crop[0], self.crop[3]
            return rect.left - cx0, cy1 - rect.top, rect.right - cx0, cy1 - rect.bottom
        return to_display((rect.left, rect.bottom, rect.right, rect.top), self.crop, self.frame)

    def add(self, text: str, box: Box) -> None:
        if not (text.isascii() and text.isprintable()):
            text = clean_word(text)
        if text:
            self.words.append(Word(text, self.number, *box))

    def token(self, chars: Sequence[str], idx: Sequence[int]) -> None:
        """One whitespace-delimited token; split further where its characters are not on one run of text."""
        first = self.box(idx[0])
        box = first if len(idx) == 1 else token_box(first, self.box(idx[-1]), len(idx))
        if box is None:
            self.by_char(chars, idx)
        else:
            self.add(chars if isinstance(chars, str) else "".join(chars), box)

    def by_char(self, chars: Sequence[str], idx: Sequence[int]) -> None:
        """A token whose ends are not on one run: one word per run of adjacent characters."""
        run: list[str] = []
        run_box: Box = (0.0, 0.0, 0.0, 0.0)
        for ch, i in zip(chars, idx, strict=True):
            b = self.box(i)
            if run:
                h = max(1.0, run_box[3] - run_box[1])
                if (abs((b[1] + b[3]) - (run_box[1] + run_box[3])) > h or b[0] < run_box[2] - 0.5 * h
                        or b[0] - run_box[2] > 0.3 * h):
                    self.add("".join(run), run_box)
                    run = []
            run_box = union(run_box, b) if run else b
            run.append(ch)
        if run:
            self.add("".join(run), run_box)

    def fast(self, tokens: list[re.Match[str]], check: CheckFn) -> None:
        """The common case (text runs left to right in user space), inlined: two box calls per word, no more."""
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        tp, rect, ref = self.tp, self._rect, self._ref
        cx0, cy1 = self.crop[0], self.crop[3]
        append, number, joined = self.words.append, self.number, token_box
        for k, m in enumerate(tokens):
            if k and k % WORDS_BETWEEN_CHECKS == 0:
                check()
            start, end = m.span()
            get_box(tp, start, ref)
            box = (rect.left - cx0, cy1 - rect.top, rect.right - cx0, cy1 - rect.bottom)
            if end - start > 1:
                get_box(tp, end - 1, ref)
                box = joined(box, (rect.left - cx0, cy1 - rect.top, rect.right - cx0, cy1 - rect.bottom), end - start)
                if box is None:
                    self.token(m.group().replace("\x02", "-"), range(start, end))
                    continue
            tok = m.group()
            if not (tok.isascii() and tok.isprintable()):
                tok = clean_word(tok.replace("\x02", "-"))
                if not tok:
                    continue
            append(Word(tok, number, *box))


def text_frame(tp, tokens: list[re.Match[str]], rotation: int) -> int:
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


def text_page_words(tp, number: int, crop: Box, rotation: int, check: CheckFn) -> tuple[list[Word], int, int]:
    """(words, visible characters, text frame) of a pdfium text page (``tp``, its raw handle) on page ``number``
    whose CropBox is ``crop`` and /Rotate ``rotation``; ``check`` is called now and then on huge pages."""
    n = pdfium_c.FPDFText_CountChars(tp)
    visible = 0
    text = _page_text(tp, n)
    if text is not None:  # fast path: one call for the text, tokens found by a regex in C
        visible = n - len(_NOT_VISIBLE.findall(text))
        tokens = list(_TOKEN.finditer(text))
        frame = text_frame(tp, tokens, rotation)
        found = _Words(tp, number, crop, frame)
        if frame == 0:
            found.fast(tokens, check)
        else:
            for k, m in enumerate(tokens):
                if k and k % WORDS_BETWEEN_CHECKS == 0:
                    check()
                start, end = m.span()
                found.token(m.group().replace("\x02", "-"), range(start, end))
        return found.words, visible, frame
    found = _Words(tp, number, crop, rotation)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    chars: list[str] = []
    idx: list[int] = []
    for i in range(n):
        if i and i % CHARS_BETWEEN_CHECKS == 0:
            check()
        code = get_unicode(tp, i)
        if code in _SPACES or code in _SKIP:
            if chars:
                found.token(chars, idx)
                chars, idx = [], []
            continue
        if code == _HYPHEN_MARK:  # a line-end hyphen: keep it, and end the word here
            chars.append("-")
            idx.append(i)
            found.token(chars, idx)
            chars, idx = [], []
            visible += 1
            continue
        if code < 0x20 or code >= 0x110000:
            continue
        visible += 1
        chars.append(chr(code))
        idx.append(i)
    if chars:
        found.token(chars, idx)
    return found.words, visible, rotation
