"""Where a box is on the displayed page: PDF user space (origin bottom-left, before /Rotate) to display
coordinates (origin top-left of the CropBox, after /Rotate), and back from a page's text frame."""

from __future__ import annotations

from extractors.model import Word

Box = tuple[float, float, float, float]
FAR_OFF_PAGE = 4.0  # words further off the page than this many page sizes come from a corrupt text matrix
LARGEST_PAGE = 14400.0  # points: the largest page size PDF allows


def to_display(box: Box, crop: Box, rotation: int) -> Box:
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


def frame_to_display(word: Word, frame: int, crop: Box, rotation: int) -> Word:
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
    x0, top, x1, bottom = to_display((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)), crop, rotation)
    return Word(word.text, word.page, x0, top, x1, bottom)


def near_page(words: list[Word], width: float, height: float) -> list[Word]:
    """The words not placed absurdly far off the page (a damaged text matrix): those are invisible, and layout
    would otherwise size its work by their coordinates (a fuzzed file put words at x = 1e9 and ran out of
    memory)."""
    reach = FAR_OFF_PAGE * min(max(width, height, 1.0), LARGEST_PAGE)
    return [w for w in words if -reach <= w.x0 <= w.x1 <= reach and -reach <= w.top <= w.bottom <= reach]
