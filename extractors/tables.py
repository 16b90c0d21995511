"""Ruled tables (pricing tables, response-time matrices), only on pages whose rules form a grid.

pdfium's rules and words find the pages that hold a table and a first reading of it (``grid_tables``, cheap,
done while each page is read); pdfplumber then reads those pages again (``read_tables``), because its cells come
from where the rules cross: merged cells, header rows drawn apart from the body, and prose that merely sits
among rules (no table at all) come out right where the grid reading guesses (seen on CUAD contracts and the
TDRS task order). pdfplumber costs about 0.1-0.4 s on a table page but grows with what the page draws: objects,
path segments and the contents of form XObjects (2.5-6.3 s for the 10,000-41,000 of the chart pages of the
154-page CERES contract). So ``best_tables`` leaves crowded pages, and pages beyond a per-document time budget
(never more than the document's own time limit leaves), to the grid reading. Each pdfplumber page is closed
right after use to keep memory flat.
"""

from __future__ import annotations

import logging
import os
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from extractors.model import Table, Word
from extractors.words import clean_word

MAX_TABLE_PAGES = 8  # pages given to pdfplumber per document; later ones keep the grid reading (speed guard)
TIME_BUDGET = 2.0  # seconds of pdfplumber per document; a page already started is finished
MAX_PLUMBER_OBJECTS = 5000  # objects + path segments + form contents; pdfplumber takes ~0.1-0.25 ms for each


def _cell(value: object) -> str:
    """One cell's text on one line, normalised like the reader's words (ligatures, zero-width spaces)."""
    if value is None:
        return ""
    return " ".join(w for w in (clean_word(part) for part in str(value).split()) if w)


def read_tables(
    path: str | os.PathLike[str],
    pages: Iterable[int],
    password: str | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    time_budget: float | None = TIME_BUDGET,
    max_pages: int = MAX_TABLE_PAGES,
) -> dict[int, tuple[Table, ...]]:
    """pdfplumber's tables (two rows and two columns at least) on the given 1-based pages, by page.

    A page missing from the answer was not read (time budget, cancel, a page pdfplumber fails on, a file it
    cannot open); a page read and holding no table maps to ``()``. Boxes are in points from the CropBox's
    top-left corner, like the reader's words.
    """
    wanted = sorted(set(pages))[:max_pages]
    deadline = time.monotonic() + time_budget if time_budget else None
    if not wanted:
        return {}
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: dict[int, tuple[Table, ...]] = {}
    # The file is opened here, not by pdfplumber: its close() builds every page again and raises on a damaged one.
    try:
        stream = open(Path(path), "rb")  # noqa: SIM115 - closed below, whatever pdfplumber does
    except OSError:
        return {}
    with stream:
        try:
            pdf = pdfplumber.open(stream, password=password or "")
            total = len(pdf.pages)  # pdfplumber builds its page list here; a damaged file can fail right away
        except Exception:
            return {}
        for number in wanted:
            if (is_cancelled is not None and is_cancelled()) or (deadline and time.monotonic() > deadline):
                break
            if not 1 <= number <= total:
                continue
            page = pdf.pages[number - 1]
            try:
                x_off, y_off = page.cropbox[0], page.cropbox[1]
                found_here: list[Table] = []
                for found in page.crop(page.cropbox).find_tables():
                    rows = tuple(tuple(_cell(c) for c in row) for row in found.extract())
                    rows = tuple(r for r in rows if any(r))
                    if len(rows) < 2 or max(len(r) for r in rows) < 2:
                        continue
                    x0, top, x1, bottom = found.bbox
                    found_here.append(Table(number, (x0 - x_off, top - y_off, x1 - x_off, bottom - y_off), rows))
                out[number] = tuple(found_here)
            except Exception:  # one odd page must not cost the document its text
                pass
            finally:
                page.close()
    return out


def best_tables(
    path: str | os.PathLike[str],
    grid: Sequence[Table],
    objects: Mapping[int, int],
    password: str | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    time_left: float | None = None,
) -> tuple[Table, ...]:
    """The document's tables: pdfplumber's reading of each page the grid reading found a table on, where that
    page is light enough (``objects``: what pdfplumber would parse there, path segments and form contents
    included) and time allows (``TIME_BUDGET``, or ``time_left`` of the document's time limit if less); else the
    grid's."""
    pages = sorted({t.page for t in grid})
    light = [n for n in pages if objects.get(n, MAX_PLUMBER_OBJECTS + 1) <= MAX_PLUMBER_OBJECTS]
    budget = TIME_BUDGET if time_left is None else min(TIME_BUDGET, time_left)
    plumbed = read_tables(path, light, password, is_cancelled, budget) if light and budget > 0 else {}
    out: list[Table] = []
    for number in pages:
        out.extend(plumbed[number] if number in plumbed else (t for t in grid if t.page == number))
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
