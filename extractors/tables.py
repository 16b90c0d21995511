"""Ruled tables (pricing tables, response-time matrices) read with pdfplumber, only on pages that have rules.

pdfplumber is ~10x slower than pdfium, so the caller passes the pages whose pdfium objects look like a grid
(see ``RawPage.rule_count``); each pdfplumber page is closed right after use to keep memory flat.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from extractors.model import Table

MAX_TABLE_PAGES = 8  # beyond this many candidate pages, read only the first ones (speed guard)
TIME_BUDGET = 2.0  # seconds of pdfplumber per document; a page already started is finished


def _cell(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_tables(
    path: str | os.PathLike[str],
    pages: Iterable[int],
    password: str | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    time_budget: float | None = TIME_BUDGET,
    max_pages: int = MAX_TABLE_PAGES,
) -> tuple[Table, ...]:
    """Tables with at least two rows and two columns on the given 1-based pages; a page that fails is skipped."""
    wanted = sorted(set(pages))[:max_pages]
    deadline = time.monotonic() + time_budget if time_budget else None
    if not wanted:
        return ()
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: list[Table] = []
    try:
        pdf = pdfplumber.open(Path(path), password=password or "")
    except Exception:
        return ()
    with pdf:
        for number in wanted:
            if (is_cancelled is not None and is_cancelled()) or (deadline and time.monotonic() > deadline):
                break
            if not 1 <= number <= len(pdf.pages):
                continue
            page = pdf.pages[number - 1]
            try:
                x_off, y_off = page.bbox[0], page.bbox[1]
                for found in page.find_tables():
                    rows = tuple(tuple(_cell(c) for c in row) for row in found.extract())
                    rows = tuple(r for r in rows if any(r))
                    if len(rows) < 2 or max(len(r) for r in rows) < 2:
                        continue
                    x0, top, x1, bottom = found.bbox
                    out.append(Table(number, (x0 - x_off, top - y_off, x1 - x_off, bottom - y_off), rows))
            except Exception:  # one odd page must not cost the document its text
                pass
            finally:
                page.close()
    return tuple(out)
