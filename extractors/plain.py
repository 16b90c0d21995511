"""Build a Document from plain text: for tests, rule examples and text pasted by a user."""

from __future__ import annotations

import hashlib

from extractors.model import Document, Page, Word

LINE_HEIGHT = 14.0
CHAR_WIDTH = 6.0
PAGE_LINES = 50


def document_from_text(text: str, path: str = "<text>") -> Document:
    """Lay the text out on synthetic A4 pages, one word box per word, offsets matching ``text``."""
    words: list[Word] = []
    starts: list[int] = []
    pages: list[Page] = []
    offset = 0
    page_start = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        page_no = index // PAGE_LINES + 1
        if index % PAGE_LINES == 0 and index:
            pages.append(Page(page_no - 1, 595.0, 842.0, 0, True, page_start, offset))
            page_start = offset
        top = 40 + (index % PAGE_LINES) * LINE_HEIGHT
        col = 0
        for token in line.split(" "):
            if token:
                x0 = 40 + col * CHAR_WIDTH
                words.append(Word(token, page_no, x0, top, x0 + len(token) * CHAR_WIDTH, top + LINE_HEIGHT - 2))
                starts.append(offset + col)
            col += len(token) + 1
        offset += len(line) + 1
    pages.append(Page(len(pages) + 1, 595.0, 842.0, 0, bool(words), page_start, len(text)))
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document(path, sha, tuple(pages), tuple(words), tuple(starts), text)
