"""Reading order: words -> lines -> columns -> blocks, running headers/footers set aside, hyphens joined.

pdfium returns words in content-stream order (a footer can come first, two columns can be interleaved), so
order is rebuilt from geometry alone. The output keeps the Document invariants: every word's text is found at
its start offset in ``text``; words in a line are joined by " ", lines by "\\n", blocks and pages by "\\n\\n",
except a line-end hyphenated word, whose second part follows the first with no separator.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import resources
from extractors.model import Word

Line = list[Word]
Block = list[Line]

_DIGITS = re.compile(r"\d+")
_EDGE_PUNCT = ".,;:!?)]}\"'’”"


class PageLike(Protocol):
    number: int
    width: float
    height: float
    words: list[Word]


@dataclass(frozen=True)
class Laid:
    """The text of all pages in reading order, and what was set aside as page furniture."""

    words: tuple[Word, ...]
    word_starts: tuple[int, ...]
    text: str
    page_offsets: tuple[tuple[int, int], ...]  # (start, end) of each page's text
    furniture: tuple[Word, ...]


@cache
def _settings() -> tuple[tuple[re.Pattern[str], ...], dict, frozenset[str]]:
    data = resources.load_toml("extract", "layout.toml")
    furn = data["furniture"]
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in furn["page_number_patterns"])
    return patterns, furn, frozenset(data["hyphenation"]["keep_after"])


def is_page_number(text: str) -> bool:
    """True for '12', '- 2 -', 'Page 3 of 9', 'iv' and the like."""
    text = " ".join(text.split())
    return any(p.match(text) for p in _settings()[0])


# ---------------------------------------------------------------- lines

def group_lines(words: Sequence[Word]) -> list[Line]:
    """Words sharing a baseline band, each line sorted left to right (duplicate 'fake bold' words dropped)."""
    if not words:
        return []
    ordered = sorted(words, key=lambda w: w.top + w.bottom)
    lines: list[Line] = []
    first = ordered[0]
    cur: Line = [first]
    c_top, c_bot = first.top, first.bottom
    for w in ordered[1:]:
        top, bot = w.top, w.bottom
        mid = (top + bot) / 2
        h = bot - top
        if c_bot - c_top < h:
            h = c_bot - c_top
        if h < 1.0:
            h = 1.0
        if c_top - 0.1 * h <= mid <= c_bot + 0.1 * h and abs(mid - (c_top + c_bot) / 2) < 0.45 * h:
            cur.append(w)
            if top < c_top:
                c_top = top
            if bot > c_bot:
                c_bot = bot
        else:
            lines.append(cur)
            cur = [w]
            c_top, c_bot = top, bot
    lines.append(cur)
    out: list[tuple[float, Line]] = []
    for line in lines:
        if len(line) > 1:
            line.sort(key=lambda w: w.x0)
            kept: Line = [line[0]]
            for w in line[1:]:
                p = kept[-1]
                if w.text == p.text and abs(w.x0 - p.x0) < 2 and abs(w.top - p.top) < 2:
                    continue
                kept.append(w)
            line = kept
        out.append((_vspan(line)[0], line))
    out.sort(key=lambda t: t[0])
    return [ln for _, ln in out]


def _line_text(line: Line) -> str:
    return " ".join(w.text for w in line)


# ---------------------------------------------------------------- furniture

SAME_PLACE = 4.0  # points: a running header or footer sits at the same height on every page


def find_furniture(pages: Sequence[tuple[float, list[Line]]]) -> list[set[int]]:
    """For each page (height, lines), the indexes of lines that are running headers, footers or page numbers."""
    _, furn, _ = _settings()
    band = float(furn["band"])
    per_band = int(furn["lines_per_band"])
    min_pages = int(furn["min_pages"]) if len(pages) > 3 else 2
    candidates: list[list[tuple[int, str, str]]] = []  # per page: (line index, band, text)
    exact: dict[tuple[str, str], set[int]] = defaultdict(set)
    fuzzy: dict[tuple[str, str], set[int]] = defaultdict(set)
    # In a document of 2-3 pages two repeats make furniture, so they must also sit at the same height: a quoted
    # sentence that happens to end both pages of a short letter is text, a running footer is not.
    short = len(pages) <= 3
    tops: dict[tuple[str, str], list[float]] = defaultdict(list)
    for pno, (height, lines) in enumerate(pages):
        cands: list[tuple[int, str, str]] = []
        for i, line in enumerate(lines[:per_band]):
            if line[0].bottom <= band * height:
                cands.append((i, "top", _line_text(line)))
        taken = {c[0] for c in cands}
        for i in range(max(0, len(lines) - per_band), len(lines)):
            if i not in taken and lines[i][0].top >= (1 - band) * height:
                cands.append((i, "bottom", _line_text(lines[i])))
        taken = {c[0] for c in cands}
        for i in {0, len(lines) - 1} - taken:  # a bare page number as the first or last line, wherever it sits
            if lines and is_page_number(_line_text(lines[i])):
                cands.append((i, "top" if i == 0 else "bottom", _line_text(lines[i])))
        for i, where, text in cands:
            key = " ".join(text.lower().split())
            exact[(where, key)].add(pno)
            fuzzy[(where, _DIGITS.sub("#", key))].add(pno)
            tops[(where, key)].append(lines[i][0].top)
        candidates.append(cands)
    varying_min = max(min_pages, int(float(furn["varying_share"]) * len(pages) + 0.999))
    out: list[set[int]] = []
    for cands in candidates:
        hit: set[int] = set()
        for i, where, text in cands:
            key = " ".join(text.lower().split())
            if short and not is_page_number(text) and max(tops[(where, key)]) - min(tops[(where, key)]) > SAME_PLACE:
                continue
            if (is_page_number(text) or len(exact[(where, key)]) >= min_pages
                    or len(fuzzy[(where, _DIGITS.sub("#", key))]) >= varying_min):
                hit.add(i)
        out.append(hit)
    return out


# ---------------------------------------------------------------- columns and blocks

def _find_gutter(lines: list[Line]) -> tuple[float, float] | None:
    """An empty vertical band in the middle of the text that splits many lines into two text columns."""
    if len(lines) < 10:
        return None
    x_lo = min(ln[0].x0 for ln in lines)
    x_hi = max(ln[-1].x1 for ln in lines)
    width = x_hi - x_lo
    if width < 150 or width > 20000:
        return None
    # cheap test first: two columns need many lines that stop short of the middle, start after it, or have
    # a wide gap near it; in single-column text most lines run straight across
    band_lo, band_hi = x_lo + 0.3 * width, x_lo + 0.7 * width
    broken = 0
    for ln in lines:
        if ln[-1].x1 < band_hi or ln[0].x0 > band_lo:
            broken += 1
            continue
        prev = ln[0].x1
        for w in ln[1:]:
            if w.x0 - prev >= 8 and w.x0 >= band_lo and prev <= band_hi:
                broken += 1
                break
            prev = w.x1
    if broken < 10 or broken < 0.4 * len(lines):
        return None
    step = 2.0
    n = int(width / step) + 3
    diff = [0] * (n + 1)
    lo, hi = int(0.25 * width / step), int(0.75 * width / step)
    mid_lo, mid_hi = x_lo + lo * step, x_lo + hi * step
    for ln in lines:
        for w in ln:
            if w.x1 >= mid_lo and w.x0 <= mid_hi:  # only the middle band decides
                diff[max(0, int((w.x0 - x_lo) / step))] += 1
                diff[min(n, int((w.x1 - x_lo) / step) + 1)] -= 1
    cov = []
    run = 0
    for d in diff[:n]:
        run += d
        cov.append(run)
    allow = 0.3 * len(lines)
    lo, hi = int(0.3 * width / step), int(0.7 * width / step)
    best: tuple[float, int, int] | None = None
    i = lo
    hi_limit = int(0.75 * width / step)
    lo_limit = int(0.25 * width / step)
    while i < hi:
        if cov[i] <= allow:
            j = i
            while j < hi_limit and cov[j] <= allow:
                j += 1
            k = i
            while k > lo_limit and cov[k - 1] <= allow:
                k -= 1
            if (j - k) * step >= 8:
                score = sum(cov[k:j]) / (j - k)
                if best is None or score < best[0]:
                    best = (score, k, j)
            i = j
        i += 1
    if best is None:
        return None
    g0, g1 = x_lo + best[1] * step, x_lo + best[2] * step
    gutter = (g0, g1)
    left, right = [], []
    for ln in lines:
        parts = _split(ln, gutter)
        if parts is None:
            continue
        if parts[0]:
            left.append(parts[0])
        if parts[1]:
            right.append(parts[1])
    if len(left) < 5 or len(right) < 5:
        return None
    if statistics.mean(len(p) for p in left) < 3 or statistics.mean(len(p) for p in right) < 3:
        return None
    # text columns fill toward the gutter; table columns (labels | prices) mostly do not
    if statistics.median(max(0.0, g0 - p[-1].x1) for p in left) > 0.3 * (g0 - x_lo):
        return None
    if statistics.median(max(0.0, p[0].x0 - g1) for p in right) > 0.3 * (x_hi - g1):
        return None
    return gutter


def _split(line: Line, gutter: tuple[float, float]) -> tuple[Line, Line] | None:
    """The parts of a line left and right of the gutter, or None when the line runs across it."""
    g0, g1 = gutter
    mid = (g0 + g1) / 2
    left = [w for w in line if w.x1 <= mid]
    right = [w for w in line if w.x0 >= mid]
    if len(left) + len(right) < len(line):
        return None  # a word straddles the middle of the gutter
    if left and right and right[0].x0 - left[-1].x1 < max(6.0, 0.5 * (g1 - g0)):
        return None  # ordinary word spacing across the gutter: one line of full-width text
    return left, right


def order_page(lines: list[Line]) -> list[Block]:
    """Lines in reading order, grouped into blocks; two-column runs read left column then right column."""
    if not lines:
        return []
    gutter = _find_gutter(lines)
    segments: list[tuple[str, Line]] = []  # (column key, line part)
    if gutter is None:
        segments = [("full", ln) for ln in lines]
    else:
        section = 0
        lefts: list[Line] = []
        rights: list[Line] = []

        def flush() -> None:
            segments.extend((f"L{section}", p) for p in lefts)
            segments.extend((f"R{section}", p) for p in rights)
            lefts.clear()
            rights.clear()

        for ln in lines:
            parts = _split(ln, gutter)
            if parts is None:
                flush()
                section += 1
                segments.append(("full", ln))
                continue
            lp, rp = parts
            if lp:
                lefts.append(lp)
            if rp:
                rights.append(rp)
        flush()
    spans = [_vspan(ln) for _, ln in segments]
    heights = sorted(b - t for t, b in spans)
    h = heights[len(heights) // 2] if heights else 10.0
    gaps = []
    for i in range(1, len(segments)):
        if segments[i][0] == segments[i - 1][0]:
            gap = spans[i][0] - spans[i - 1][1]
            if gap >= -0.5 * h:
                gaps.append(gap)
    med_gap = statistics.median(gaps) if gaps else 0.2 * h
    threshold = max(med_gap * 1.4, med_gap + 0.45 * h, 0.5 * h)
    blocks: list[Block] = []
    prev_key = None
    prev_bottom = 0.0
    for (key, ln), (top, bottom) in zip(segments, spans, strict=True):
        if not blocks or key != prev_key or top - prev_bottom > threshold or top < prev_bottom - 3 * h:
            blocks.append([ln])
        else:
            blocks[-1].append(ln)
        prev_key = key
        prev_bottom = bottom
    return blocks


def _vspan(line: Line) -> tuple[float, float]:
    """(top, bottom) of a line."""
    top, bottom = line[0].top, line[0].bottom
    for w in line:
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
    return top, bottom


# ---------------------------------------------------------------- hyphenation

def _core(text: str) -> str:
    return text.rstrip(_EDGE_PUNCT).lower()


def hyphen_join(first: str, second: str, vocab: Container[str]) -> str | None:
    """The text ``first`` takes when ``second`` (on the next line) continues it, or None if it does not.

    'renew-' + 'al' -> 'renew'; 'third-' + 'party' -> 'third-'; 'then-' + 'outstanding' -> 'then-' when the
    document uses 'outstanding' as a word; a soft hyphen is always dropped.
    """
    if not second or not second[0].islower():
        return None
    if first.endswith("\u00ad"):
        return first[:-1]
    if len(first) < 3 or not first.endswith("-") or not first[-2].isalpha():
        return None
    left = first[:-1]
    right = _core(second)
    if f"{left.lower()}-{right}" in vocab:
        return first
    if f"{left.lower()}{right}" in vocab:
        return left
    bare = left.lower().rsplit("-", 1)[-1]
    if bare in _settings()[2] or "-" in left or any(ch.isdigit() for ch in left):
        return first
    # a second part that is a word of its own makes a compound ("then-outstanding", "broad-form"); a
    # fragment ("al", "iscing") is a word broken by the typesetter
    return first if right in vocab else left


class _LazyVocab:
    """The document's own spellings (lower case), built only when a line-end hyphen needs a decision."""

    def __init__(self, page_blocks: list[list[Block]]) -> None:
        self._pages = page_blocks
        self._set: set[str] | None = None

    def __contains__(self, item: object) -> bool:
        if self._set is None:
            # words inside lines only: a line's last word may be half of a broken word, its first the other half
            self._set = {_core(w.text) for blocks in self._pages for b in blocks for ln in b for w in ln[1:-1]}
        return item in self._set


# ---------------------------------------------------------------- assembly

def lay_out(pages: Sequence[PageLike]) -> Laid:
    """Order every page, set page furniture aside, join hyphenated words and build the document text."""
    page_lines = [group_lines(p.words) for p in pages]
    furniture_idx = find_furniture([(p.height, lines) for p, lines in zip(pages, page_lines, strict=True)])
    furniture: list[Word] = []
    page_blocks: list[list[Block]] = []
    for lines, drop in zip(page_lines, furniture_idx, strict=True):
        body = [ln for i, ln in enumerate(lines) if i not in drop]
        for i in sorted(drop):
            furniture.extend(lines[i])
        page_blocks.append(order_page(body))
    vocab = _LazyVocab(page_blocks)

    words: list[Word] = []
    starts: list[int] = []
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    offset = 0
    for blocks in page_blocks:
        if parts:
            parts.append("\n\n")
            offset += 2
        page_start = offset
        for bi, block in enumerate(blocks):
            if bi:
                parts.append("\n\n")
                offset += 2
            glue = False  # the previous line ended in a hyphenated word this line continues
            for li, line in enumerate(block):
                if li and not glue:
                    parts.append("\n")
                    offset += 1
                glue = False
                last = line[-1]
                text = last.text
                if li + 1 < len(block) and (text.endswith("-") or text.endswith("\u00ad")):
                    joined = hyphen_join(text, block[li + 1][0].text, vocab)
                    if joined is not None:
                        glue = True
                        text = joined
                if text.endswith("\u00ad"):
                    text = text[:-1] or "-"
                if text != last.text:
                    line = [*line[:-1], Word(text, last.page, last.x0, last.top, last.x1, last.bottom)]
                for w in line:
                    starts.append(offset)
                    offset += len(w.text) + 1
                offset -= 1
                words.extend(line)
                parts.append(" ".join(w.text for w in line))
        offsets.append((page_start, offset))
    return Laid(tuple(words), tuple(starts), "".join(parts), tuple(offsets), tuple(furniture))
