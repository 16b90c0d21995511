"""How lists of things read for a user (page ranges)."""

from __future__ import annotations


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
