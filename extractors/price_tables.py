"""Price lists read from ruled tables: which item each amount prices, its quantity and what the column holds
(a unit price, a total, a discount, a tax), and the row's date in a payment schedule ("Planner and back-office
users, per user per year: 15 × €360.00 = €5,400.00").

The text alone keeps the amounts but loses the row they price, so a table whose header names a price column
(cues in resources/extract/fact_cues.toml, [table]) is read row by row: the item column gives the row's label,
a quantity column its count, a date column its due date, and each price cell is found again in the document
text, so the amount keeps its offsets and boxes. An amount written with its currency is already a money fact
and is only described; a bare number under a header that names the currency ("Unit price (EUR)") becomes one.
A header set on two rows ("Price" over "per unit" / "total") is read as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import zip_longest
from typing import Any

import resources
from extractors.amounts import find_money, parse_amount
from extractors.model import Document, Table
from extractors.table_facts import cell_pattern, page_range

NUMBER = re.compile(r"^\s*[-−(]?\s*(\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*\)?\s*$")


@dataclass(frozen=True)
class PriceCell:
    """One price cell located at text[start:end]: ``info`` says what it prices; ``money`` is set when the cell is
    a bare number priced by its column header's currency (no money fact exists for it yet)."""

    start: int
    end: int
    info: dict[str, Any] = field(hash=False)
    money: dict[str, Any] | None = field(default=None, hash=False)
    header: tuple[str, ...] = ()  # the list's header, for a table that goes on over the page


@dataclass
class _Columns:
    item: int | None = None
    quantity: int | None = None
    date: int | None = None
    prices: dict[int, str] = field(default_factory=dict)  # column -> unit | total | discount | tax


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


def _columns(header: tuple[str, ...]) -> _Columns:
    """What each column of a price list's header holds. A price cue wins over a quantity cue ("Unit price" is a
    price, "Units" a quantity); a column headed as the item wins over the first column ("No. | Description")."""
    cues = _cues()
    cols = _Columns()
    item_named: int | None = None
    for i, cell in enumerate(header):
        if not cell:
            continue
        if cues["price_header"].search(cell) or cues["tax_header"].search(cell):
            kind = ("discount" if cues["discount_header"].search(cell) else
                    "tax" if cues["tax_header"].search(cell) else
                    "total" if cues["total_header"].search(cell) else "unit")
            cols.prices[i] = kind
        elif cues["quantity_header"].search(cell) and cols.quantity is None:
            cols.quantity = i
        elif cues["date_header"].search(cell) and cols.date is None:
            cols.date = i
        elif item_named is None and cues["item_header"].search(cell):
            item_named = i
    taken = {*cols.prices, cols.quantity, cols.date}
    cols.item = item_named if item_named is not None else next(
        (i for i, cell in enumerate(header) if i not in taken and cell), None)
    if cols.item is None and (0 not in taken or cols.quantity == 0):
        cols.item = 0  # "Users | Price per user": the tier is the row's label, not a quantity
    if cols.quantity == cols.item:
        cols.quantity = None
    return cols


def _has_amount(cell: str, currency: str = "") -> bool:
    return bool(find_money(cell)) or bool(currency and NUMBER.match(cell))


def _header_rows(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], int]:
    """The header, and the index of the first body row: a second header row ("Item | Qty | per unit | total"
    under "| | Price | Price") holds no amount and names columns itself."""
    header = rows[0]
    if len(rows) > 2 and not any(_has_amount(c) for c in rows[1]) and sum(bool(c) for c in rows[1]) >= 2:
        cues = _cues()
        named = sum(1 for c in rows[1] if c and any(cues[k].search(c) for k in (
            "item_header", "quantity_header", "price_header", "total_header", "unit_header")))
        if named >= 2:
            return tuple(" ".join(x for x in (a, b) if x) for a, b in zip_longest(header, rows[1], fillvalue="")), 2
    return header, 1


def price_cells(doc: Document) -> Iterator[PriceCell]:
    """The located price cells of every price list in the document, in table order. A table at the top of the
    next page with the same columns and no header of its own goes on with the list above it."""
    resume: dict[int, int] = {}  # per page: where the last table's cells ended
    last: tuple[int, tuple[str, ...], int] | None = None  # (page, header, table number) of the last price list
    for number, table in enumerate(doc.tables, 1):
        carried = None
        if last is not None and table.page == last[0] + 1 and table.rows and len(table.rows[0]) == len(last[1]):
            carried = last
        found, end = _table_cells(doc, table, number, resume.get(table.page), carried)
        if found:
            resume[table.page] = end
            last = (table.page, found[0].header, found[0].info["table"])
        yield from found


def _table_cells(doc: Document, table: Table, number: int, resume_at: int | None,
                 carried: tuple[int, tuple[str, ...], int] | None = None) -> tuple[list[PriceCell], int]:
    lo, hi = page_range(doc, table.page)
    cursor = lo if resume_at is None else resume_at
    header, first = _header_rows(table.rows) if len(table.rows) >= 2 else (table.rows[0] if table.rows else (), 1)
    cols = _columns(header) if not any(_has_amount(c) for c in header) else _Columns()  # amounts: a body row
    if (not cols.prices or cols.item is None) and carried is not None:
        header, first, number = carried[1], 0, carried[2]  # the list goes on from the page before
        cols = _columns(header)
    if not cols.prices or cols.item is None or len(table.rows) - first < 1:
        return [], cursor
    currencies = {c: _currency_of(header[c]) for c in cols.prices}
    body = table.rows[first:]
    if not any(_has_amount(row[c], currencies[c]) for row in body for c in cols.prices if c < len(row)):
        return [], cursor  # a price header over no amounts: not a price list

    def cell(row: tuple[str, ...], col: int | None) -> str:
        return " ".join(row[col].split()) if col is not None and col < len(row) else ""

    def place(words: str, at: int) -> re.Match[str] | None:
        """Where a cell's words are in the text, searched forward only (a row's cells after its label)."""
        return cell_pattern(words).search(doc.text, at, hi) if words else None

    out: list[PriceCell] = []
    for index, row in enumerate(body):
        label = cell(row, cols.item)
        if (placed := place(label, cursor)) is None:
            continue
        cursor = placed.end()
        role = "total" if _cues()["total_row"].search(label) else "line"
        for col, kind in sorted(cols.prices.items()):
            written = cell(row, col)
            if (spot := place(written, cursor)) is None:
                continue
            cursor = spot.end()
            info: dict[str, Any] = {"item": label, "column": " ".join(header[col].split()), "price": kind,
                                    "row": role, "table": number, "row_index": (table.page, index),
                                    "cell": written}
            for key, col_of in (("quantity", cols.quantity), ("date", cols.date)):
                if cell(row, col_of):
                    info[key] = cell(row, col_of)
            money = None
            bare = NUMBER.match(written)
            currency = currencies[col]
            if bare and currency and not find_money(written):
                try:
                    amount = parse_amount(bare.group(1))
                except ValueError:
                    amount = None
                if amount is not None:
                    money = {"amount": -amount if written.lstrip()[:1] in "-−(" else amount, "currency": currency}
                    info["cell"] = f"{currency} {written}"
            out.append(PriceCell(spot.start(), spot.end(), info, money, header))
    return out, cursor
