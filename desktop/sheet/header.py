"""The sheet's header: the title guessed from page 1, the provider and customer from the Review's parties."""

from __future__ import annotations

import re

from checks.model import Review
from desktop.sheet.config import header_config
from extractors.statements import role_words

ROLE_ONLY = frozenset({"customer", "client", "provider", "supplier", "vendor", "contractor", "consultant",
                       "licensee", "licensor", "buyer", "purchaser", "seller", "the customer", "the provider",
                       "service provider", "subscriber", "user", "company"})

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


def _metadata_title(title: str) -> str:
    """The PDF's Title metadata unless it is a file name (no space, underscores, .docx…) or empty."""
    cleaned = title.strip()
    for junk in header_config().get("junk_titles", ()):
        if re.search(junk, cleaned, re.IGNORECASE):
            cleaned = re.sub(junk, "", cleaned, flags=re.IGNORECASE).strip()
    if " " not in cleaned or "_" in cleaned:
        return ""
    return cleaned if len(cleaned) >= 4 and re.search(r"[A-Za-z]{3}", cleaned) else ""


def _title_like(line: str, max_chars: int, max_words: int) -> bool:
    """A heading, not a sentence: capital or digit first, short, mostly capitalised words, no sentence break."""
    words = [w for w in line.split() if w[:1].isalpha()]
    capitalised = sum(w[0].isupper() for w in words)
    return (bool(words) and capitalised * 2 >= len(words)
            and 4 <= len(line) <= max_chars and len(line.split()) <= max_words
            and (line[0].isupper() or line[0].isdigit())
            and not re.search(r"[a-z]\. [A-Z]", line) and not line.endswith((",", ";"))
            and not line.lower().startswith(("this ", "the ", "these ")))


def guess_title(text: str) -> str:
    """The first title-like line of page 1 that names a document type (agreement, proposal, addendum…)."""
    cfg = header_config()
    keywords = re.compile(cfg["title_keywords"], re.IGNORECASE)
    max_chars = int(cfg.get("title_max_chars", 140))
    max_words = int(cfg.get("title_max_words", 16))
    for line in text.split("\n")[: int(cfg.get("title_lines", 40))]:
        line = " ".join(line.split())
        if _title_like(line, max_chars, max_words) and keywords.search(line):
            return line
    return ""


def party_name(review: Review, role: str) -> str:
    """The name of the party of a role (extractors.parties, or as the user set it), or ""."""
    party = review.party(role)
    if party is None or (role_words(party.name) and len(party.name.split()) <= 2 and not any(
            c.isdigit() for c in party.name) and party.name.lower().strip(" .") in ROLE_ONLY):
        return ""  # "the customer ("Customer")" names a role, not a party
    return party.name


def guess_header(review: Review) -> dict[str, str]:
    """{'title', 'provider', 'customer'}: the title from review.meta, page 1 or the PDF's Title metadata; the
    provider and the customer are the parties the extractors (or the user) gave those roles."""
    meta = review.meta or {}
    text = first_page_text(review)
    out = {
        "title": meta.get("title", "") or guess_title(text) or _metadata_title(review.document.title),
        "provider": meta.get("provider", "") or party_name(review, "provider"),
        "customer": meta.get("customer", "") or party_name(review, "customer"),
    }
    return {k: v[:160] for k, v in out.items()}
