"""Find e-mail addresses and phone numbers in a document, for the sheet's "Who to contact" and the window.

Regular expressions over a whole 150-page contract cost tens of milliseconds, so only short windows are
searched: around each '@' for e-mail, after each '+' or phone cue word for numbers. The one shape that is
safe to take without a cue (604.684.2255) is searched only around separators with digits either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import resources
from extractors.model import Contact, Document


def _config() -> dict:
    return resources.load_toml("extract", "contacts.toml")["contacts"]


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cfg = _config()
    return {k: re.compile(cfg[k]) for k in ("email", "phone", "phone_plain")}


def _positions(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _cue_positions(text: str) -> Iterator[int]:
    for cue in _config()["phone_cues"]:
        for variant in {cue, cue.capitalize(), cue.upper()}:
            for at in _positions(text, variant):
                end = at + len(variant)
                if (at == 0 or not text[at - 1].isalnum()) and not text[end:end + 1].isalpha():
                    yield end


def _plain_anchors(text: str) -> Iterator[int]:
    """Separators with three digits before and four after (684-2255): the only places a bare number can be."""
    for sep in ".-":
        for at in _positions(text, sep):
            if text[at - 3:at].isdigit() and text[at + 1:at + 5].isdigit():
                yield at


def find_contacts(text: str) -> list[tuple[int, str, str]]:
    """(offset, 'E-mail' | 'Phone', value) in text order, each value once."""
    cfg = _config()
    pats = _patterns()
    found: dict[int, tuple[str, str]] = {}
    for at in _positions(text, "@"):
        lo = max(0, at - 64)
        for m in pats["email"].finditer(text, lo, at + 256):
            if m.start() <= at < m.end():
                found[m.start()] = ("E-mail", m.group(0).rstrip("."))
    flat = text.replace("\n", " ")  # a number may wrap; same length, so offsets still hold
    low, high = cfg.get("phone_digits", (7, 15))
    window = int(cfg.get("phone_window", 60))
    starts = [*_positions(flat, "+"), *_cue_positions(flat)]
    for at in starts:
        for m in pats["phone"].finditer(flat, max(0, at - 1), at + window + 24):
            if m.start() > at + window:
                break
            number = " ".join(m.group(0).split())
            if low <= sum(ch.isdigit() for ch in number) <= high:
                found.setdefault(m.start(), ("Phone", number))
                break
    for at in _plain_anchors(flat):
        for m in pats["phone_plain"].finditer(flat, max(0, at - 10), at + 6):
            found.setdefault(m.start(), ("Phone", " ".join(m.group(0).split())))
    out: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for offset in sorted(found):
        kind, value = found[offset]
        key = re.sub(r"\D", "", value) if kind == "Phone" else value.lower()
        if key and key not in seen:
            seen.add(key)
            out.append((offset, kind, value))
    return out


def document_contacts(document: Document) -> tuple[Contact, ...]:
    """The first contact details of a document (at most the configured number), with their pages."""
    limit = int(_config().get("max", 3))
    out = []
    for offset, kind, value in find_contacts(document.text)[:limit]:
        spans = document.spans(offset, offset + len(value))
        out.append(Contact(kind, value, offset, spans[0] if spans else None))
    return tuple(out)
