"""Sentence boundaries in document text: the one splitter every layer uses (statements, topics, findings)."""

from __future__ import annotations

import re
from bisect import bisect_right

_END = re.compile(
    r"(?<=[.!?;])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9(])"
    r"|\n\s*\n"
    r"|\n(?=\s*(?:\d+(?:\.\d+)*\.?|\([a-z0-9]+\)|[-•·▪])\s)"
)
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|Inc|Ltd|Co|Corp|Bros|No|Nos|Sec|St|Mr|Ms|Mrs|Dr|vs|approx|Art|para|cl|U\.S)\.|\b[A-Z]\.)$"
)
# A bare numbering label ("2.", "4.1.", "(a)", "iv.") ends no sentence: it belongs to the text after it.
_LABEL = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,4}\.?|[A-Za-z]\.|\(?[a-z0-9]{1,4}\)|[ivxIVX]{1,5}\.")


# A numbered heading on its own line ("2.2 Implementation services") is not part of the sentence below it.
_HEADING = re.compile(
    r"[ \t]*(?:\d{1,3}(?:\.\d{1,3}){0,4}\.?|[A-Z]\.)[ \t]+[A-Z][^\n.!?;:,]{0,60}\n(?=[ \t]*[A-Z\d(•])"
)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence; headings and list items count as their own sentences."""
    out: list[tuple[int, int]] = []
    for s, e in _raw_bounds(text):
        m = _HEADING.match(text, s, e)
        if m and text[m.end():e].strip():
            out.append(_strip(text, s, m.end()))
            out.append(_strip(text, m.end(), e))
        else:
            out.append((s, e))
    return out


def _raw_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.start()
        if _ABBREV.search(text[max(start, end - 8):end]) or _label_only(text, start, end):
            continue
        if text[start:end].strip():
            bounds.append(_strip(text, start, end))
        start = m.end()
    if text[start:].strip():
        bounds.append(_strip(text, start, len(text)))
    return bounds


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceIndex:
    """Finds the sentence around an offset in O(log n)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = sentence_bounds(text)
        self.starts = self._starts = [s for s, _ in self.bounds]

    def around(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return 0, min(len(self.text), offset + 1)
        return self.bounds[i]

    def sentence(self, offset: int) -> str:
        s, e = self.around(offset)
        return " ".join(self.text[s:e].split())


def _label_only(text: str, start: int, end: int) -> bool:
    """The stretch since the last boundary or line start is only a numbering label."""
    line_start = max(start, text.rfind("\n", 0, end) + 1)
    return bool(_LABEL.fullmatch(text[line_start:end].strip()))
