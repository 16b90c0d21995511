"""How the sheet cites a sentence: shortened to one line, and located as 'p. 3, §5.2'."""

from __future__ import annotations

from extractors.model import Clause


def citation(page: int, clause: Clause | None) -> str:
    """'p. 3, §5.2' (or 'p. 3' when the clause has no number); '' when nothing is known."""
    parts = []
    if page:
        parts.append(f"p. {page}")
    if clause is not None and clause.number:
        number = clause.number
        parts.append(number if number.lower().startswith(("section", "article")) else f"§{number}")
    return ", ".join(parts)


def shorten(text: str, limit: int) -> str:
    """One line of text, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-")
    return cut + "…"
