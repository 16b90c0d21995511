"""Ruled tables (pricing tables, response-time matrices), only on pages whose rules form a grid.

Two readers: ``grid_tables`` builds cells from the rules and words pdfium already gave us (cheap, the default
inside ``read_document``); ``read_tables`` asks pdfplumber for chosen pages (better with merged cells, but it
can spend 10-20 s on one busy page, so it is only for callers that can afford it). Each pdfplumber page is
closed right after use to keep memory flat.
"""

from __future__ import annotations

import logging
import os
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from pathlib import Path

from extractors.model import Table, Word

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


# ---------------------------------------------------------------- ruled grids from pdfium's own data

TOL = 2.0  # points: rules this close are one rule


def _merge(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, start, end) rules on one axis, joined where they touch."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs):
        if out and abs(pos - out[-1][0]) <= TOL and a <= out[-1][2] + TOL:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _levels(values: list[float]) -> list[float]:
    """Distinct positions, values within TOL of each other counted once."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def grid_tables(page: int, segments: list[tuple[float, float, float, float]], words: list[Word]) -> list[Table]:
    """Tables whose cells are drawn with rules: rule boxes (x0, top, x1, bottom) and the page's words, in display
    coordinates. Rows and columns come from the distinct rule positions of each connected group of rules; a
    word belongs to the cell holding its centre. Much cheaper than pdfplumber, and enough for price lists and
    response-time matrices."""
    across = _merge([((t + b) / 2, x0, x1) for x0, t, x1, b in segments if x1 - x0 > b - t])[:400]
    down = _merge([((x0 + x1) / 2, t, b) for x0, t, x1, b in segments if b - t >= x1 - x0])[:400]
    if len(across) < 3 or len(down) < 3:
        return []
    parent = list(range(len(across) + len(down)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, a, b) in enumerate(across):
        for j, (x, c, d) in enumerate(down):
            if a - TOL <= x <= b + TOL and c - TOL <= y <= d + TOL:
                parent[find(i)] = find(len(across) + j)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(across)):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(down)):
        groups.setdefault(find(len(across) + j), ([], []))[1].append(j)
    tables: list[Table] = []
    for hs, vs in groups.values():
        ys = _levels([across[i][0] for i in hs])
        xs = _levels([down[j][0] for j in vs])
        if len(ys) < 3 or len(xs) < 3:
            continue
        cells: dict[tuple[int, int], list[Word]] = {}
        for w in words:
            cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            if xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]:
                cells.setdefault((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1), []).append(w)
        rows = []
        for r in range(len(ys) - 1):
            row = []
            for c in range(len(xs) - 1):
                ws = sorted(cells.get((r, c), ()), key=lambda w: (round(w.top / 3), w.x0))
                row.append(" ".join(w.text for w in ws))
            if any(row):
                rows.append(tuple(row))
        filled_cols = sorted({c for row in rows for c, v in enumerate(row) if v})
        rows = [tuple(row[c] for c in filled_cols) for row in rows]  # gridlines of a chart leave empty columns
        if len(rows) >= 2 and len(filled_cols) >= 2:
            tables.append(Table(page, (xs[0], ys[0], xs[-1], ys[-1]), tuple(rows)))
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables
