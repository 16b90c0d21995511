"""Price lists read from ruled tables: which item each amount prices, its quantity and whether it is a unit
price, a line total or the table's total ("Planner and back-office users, per user per year: 15 × €360.00 =
€5,400.00").

The text alone keeps the amounts but loses the row they price, so a table whose header names a price column
(cues in resources/extract/fact_cues.toml, [table]) is read row by row: the item column gives the row's label,
a quantity column its count, and each price cell is found again in the document text, so the amount keeps its
offsets and boxes. An amount written with its currency is already a money fact and is only described; a bare
number under a header that names the currency ("Unit price (EUR)") becomes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import resources
from extractors.amounts import find_money, parse_amount
from extractors.model import Document, Table
from extractors.table_facts import cell_pattern, page_range

NUMBER = re.compile(r"^\s*(\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*$")


@dataclass(frozen=True)
class PriceCell:
    """One price cell located at text[start:end]: ``info`` says what it prices; ``money`` is set when the cell is
    a bare number priced by its column header's currency (no money fact exists for it yet)."""

    start: int
    end: int
    info: dict[str, Any]
    money: dict[str, Any] | None = None


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    table = resources.load_toml("extract", "fact_cues.toml")["table"]
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in table.items()}


@cache
def _header_currency() -> dict[str, str]:
    u = resources.load_toml("extract", "units.toml")
    return {**{k.lower(): v for k, v in u["currency_codes"].items()}, **u["currency_before"]}


def _currency_of(header: str) -> str:
    """The currency a header names ("Unit price (EUR)", "Fee in $"), or ""."""
    lower = header.lower()
    for token, code in sorted(_header_currency().items(), key=lambda kv: -len(kv[0])):
        if re.search(r"(?<![a-z])" + re.escape(token) + r"(?![a-z])", lower):
            return code
    return ""


def _columns(header: tuple[str, ...]) -> tuple[int | None, int | None, dict[int, str]]:
    """(item column, quantity column, price column -> "unit" | "total") of a price list's header row."""
    cues = _cues()
    item = quantity = None
    prices: dict[int, str] = {}
    for i, cell in enumerate(header):
        if not cell:
            continue
        if cues["quantity_header"].search(cell) and quantity is None:
            quantity = i
        elif cues["price_header"].search(cell):
            prices[i] = "total" if cues["total_header"].search(cell) else "unit"
        elif item is None and (cues["item_header"].search(cell) or i == 0):
            item = i
    if item is None and 0 not in prices and quantity != 0:
        item = 0
    return item, quantity, prices


def price_cells(doc: Document) -> Iterator[PriceCell]:
    """The located price cells of every price list in the document, in table order."""
    resume: dict[int, int] = {}  # per page: where the last table's cells ended
    for number, table in enumerate(doc.tables, 1):
        found, end = _table_cells(doc, table, number, resume.get(table.page))
        if found:
            resume[table.page] = end
        yield from found


def _table_cells(doc: Document, table: Table, number: int, resume_at: int | None) -> tuple[list[PriceCell], int]:
    lo, hi = page_range(doc, table.page)
    cursor = lo if resume_at is None else resume_at
    if len(table.rows) < 2:
        return [], cursor
    header = table.rows[0]
    item_col, qty_col, prices = _columns(header)
    if not prices or item_col is None:
        return [], cursor
    if not any(find_money(row[c]) or (_currency_of(header[c]) and NUMBER.match(row[c]))
               for row in table.rows[1:] for c in prices if c < len(row)):
        return [], cursor  # a price header over no amounts: not a price list
    out: list[PriceCell] = []
    for row in table.rows[1:]:
        label = " ".join(row[item_col].split()) if item_col < len(row) else ""
        if not label:
            continue
        placed = cell_pattern(label).search(doc.text, cursor, hi)
        if not placed:
            continue
        cursor = placed.end()
        quantity = " ".join(row[qty_col].split()) if qty_col is not None and qty_col < len(row) else ""
        role = "total" if _cues()["total_row"].search(label) else "line"
        for col, kind in sorted(prices.items()):
            cell = " ".join(row[col].split()) if col < len(row) else ""
            if not cell:
                continue
            spot = cell_pattern(cell).search(doc.text, cursor, hi)
            if not spot:
                continue
            cursor = spot.end()
            info = {"item": label, "column": " ".join(header[col].split()), "price": kind, "row": role,
                    "table": number}
            if quantity:
                info["quantity"] = quantity
            money = None
            bare = NUMBER.match(cell)
            currency = _currency_of(header[col])
            if bare and currency and not find_money(cell):
                try:
                    money = {"amount": parse_amount(bare.group(1)), "currency": currency}
                except ValueError:
                    money = None
            out.append(PriceCell(spot.start(), spot.end(), info, money))
    return out, cursor
