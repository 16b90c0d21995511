"""Response-time matrices read from ruled tables: one fact per severity and target ("Severity 2: first response
4 business hours, resolution 3 business days").

The text alone loses a table's structure (which column is the response and which the resolution, which row a
number belongs to), so the matrix is read from ``Document.tables``: the header row names the target of each
column (cues in resources/extract/fact_cues.toml, [table]), the first cell of each row its severity. Each cell's
duration is then found again in the document text, so the fact has offsets and boxes like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import resources
from extractors.model import Document, Table
from extractors.numbers import find_durations


@dataclass(frozen=True)
class TableFact:
    """A target read from a table cell, at text[start:end]."""

    value: dict[str, Any]
    normalized: str
    start: int
    end: int


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    table = resources.load_toml("extract", "fact_cues.toml")["table"]
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in table.items()}


def column_roles(header: tuple[str, ...]) -> dict[int, str]:
    """Column index -> "response" | "resolution" for the header cells that name a target."""
    cues = _cues()
    roles: dict[int, str] = {}
    for i, cell in enumerate(header):
        if i == 0 or not cell or cues["description_header"].search(cell):
            continue
        if cues["resolution_header"].search(cell):
            roles[i] = "resolution"
        elif cues["response_header"].search(cell):
            roles[i] = "response"
    return roles


def cell_pattern(cell: str) -> re.Pattern[str]:
    """The cell's words as they may be laid out in the text: any white space (a line break) between them, and
    whole words only ("2 hours" is not the end of "12 hours", the label "2" not the 2 of "2 hours")."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in cell.split()) + r"(?!\w)")


def page_range(doc: Document, number: int) -> tuple[int, int]:
    for page in doc.pages:
        if page.number == number:
            return page.start, page.end
    return 0, 0


def table_facts(doc: Document) -> Iterator[TableFact]:
    """Targets of every response-time matrix in the document, in table order."""
    resume: dict[int, int] = {}  # per page: where the last table's cells ended (tables come in reading order)
    for number, table in enumerate(doc.tables, 1):
        found, resume[table.page] = _matrix_facts(doc, table, number, resume.get(table.page))
        yield from found


def _matrix_facts(doc: Document, table: Table, number: int, resume_at: int | None) -> tuple[list[TableFact], int]:
    """The table's targets, and where in the text its last one ended (the next table on the page starts there).

    The text is searched forward only: a row's label after the last cell found, its cells after the label."""
    lo, hi = page_range(doc, table.page)
    cursor = lo if resume_at is None else resume_at
    out: list[TableFact] = []
    roles = column_roles(table.rows[0]) if len(table.rows) >= 2 else {}
    if not roles:
        return out, cursor
    for row in table.rows[1:]:
        label = " ".join(row[0].split()) if row and row[0] else ""
        if not label:  # a continuation row (a cell's second line) or a spacer: no severity of its own
            continue
        found = cell_pattern(label).search(doc.text, cursor, hi)
        if not found:  # the row cannot be placed in the text: its cells could be taken for another row's
            continue
        cursor = found.end()
        for col, role in roles.items():
            if col >= len(row) or not row[col].strip():
                continue
            durations = [d for d in find_durations(row[col]) if not d.recurring]
            if len(durations) != 1:  # "4 hours / 8 hours (weekend)": not one target
                continue
            found = cell_pattern(row[col]).search(doc.text, cursor, hi)
            if not found:
                continue
            d = durations[0]
            cursor = found.end()
            shift = found.start()  # the cell's words start where the cell does
            located = [x for x in find_durations(doc.text[found.start():found.end()]) if not x.recurring]
            start, end = (shift + located[0].start, shift + located[0].end) if located else found.span()
            value = {"amount": d.amount, "unit": d.unit, "business": d.business, "role": role,
                     "weight": 3.0, "severity": label, "table": number}
            out.append(TableFact(value, d.normalized, start, end))
    return out, cursor
