"""Guess the sheet's title, provider and customer from the Review, so the user rarely has to type them."""

from __future__ import annotations

import re

from checks.model import Review
from desktop.sheet.config import header_config, header_patterns

FIRST_PAGE_CHARS = 6000


def first_page_text(review: Review) -> str:
    doc = review.document
    if doc.pages:
        page = doc.pages[0]
        text = doc.text[page.start:page.end] if page.end > page.start else doc.text
    else:
        text = doc.text
    return text[:FIRST_PAGE_CHARS]


def _clean(value: str) -> str:
    value = " ".join(value.split()).strip(" ,;:—–-\"“”'")
    return re.sub(r"^(?:the)\s+", "", value, flags=re.IGNORECASE)


def _search(field: str, text: str) -> str:
    for pattern in header_patterns(field):
        m = pattern.search(text)
        if m and m.groupdict().get(field):
            value = _clean(m.group(field))
            if value:
                return value
    return ""


def _metadata_title(title: str) -> str:
    """The PDF's Title metadata unless it is a word processor's file name or empty."""
    cleaned = title.strip()
    for junk in header_config().get("junk_titles", ()):
        if re.search(junk, cleaned, re.IGNORECASE):
            cleaned = re.sub(junk, "", cleaned, flags=re.IGNORECASE).strip()
    return cleaned if len(cleaned) >= 4 and re.search(r"[A-Za-z]{3}", cleaned) else ""


def guess_title(review: Review, text: str) -> str:
    cfg = header_config()
    keywords = re.compile(cfg["title_keywords"], re.IGNORECASE)
    max_chars = int(cfg.get("title_max_chars", 140))
    for line in text.split("\n")[: int(cfg.get("title_lines", 40))]:
        line = " ".join(line.split())
        if 4 <= len(line) <= max_chars and keywords.search(line) and not line.lower().startswith(("this ", "the ")):
            return line
    return _metadata_title(review.document.title)


def guess_header(review: Review) -> dict[str, str]:
    """{'title', 'provider', 'customer'}: review.meta first, then PDF metadata and page-1 patterns."""
    meta = review.meta or {}
    text = first_page_text(review)
    out = {
        "title": meta.get("title", "") or _metadata_title(review.document.title) or guess_title(review, text),
        "provider": meta.get("provider", "") or _search("provider", text),
        "customer": meta.get("customer", "") or _search("customer", text),
    }
    return {k: v[:160] for k, v in out.items()}
