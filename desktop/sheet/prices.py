"""Price lists and response-time matrices in the document's own words, for one line of the sheet.

The amounts, items and columns are facts the extractors read from a table (extractors.price_tables,
extractors.table_facts); this module only lays them out: "item: 60 × €468.00 = €28,080.00" when the row's own
figures multiply out, each amount with its column otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.sheet.config import limit
from extractors.amounts import parse_amount
from extractors.model import Fact


def severity_matrix(facts: list[Fact]) -> str:
    """"Severity 1 — response 1 business hour, resolution 8 business hours; Severity 2 — …" from the targets a
    response-time table gives per row, in the document's own words; "" when no fact came from such a table.
    Two tables (business hours and after hours, say) stay apart: "…; Severity 2 — … | Severity 1 — …"."""
    tables: dict[object, dict[str, list[str]]] = {}
    for f in facts:
        if f.value.get("table") and f.value.get("severity"):
            said = f"{f.value.get('role', 'target')} {' '.join(f.text.split())}"
            targets = tables.setdefault(f.value["table"], {}).setdefault(str(f.value["severity"]), [])
            if said not in targets:
                targets.append(said)
    return " | ".join("; ".join(f"{severity} — {', '.join(targets)}" for severity, targets in rows.items())
                      for rows in tables.values())


GENERIC_PRICE_HEADERS = {"price", "unit price", "amount", "total", "fee", "fees", "cost", "charge", "charges",
                         "line total", "total price", "net price", "price per unit", "cost per unit"}


def _number(text: str) -> float | None:
    """The leading figure of a cell ("60 vehicles" -> 60.0, "€1,250.00" -> 1250.0), or None."""
    m = re.search(r"\d[\d,.' ]*", text)
    if not m:
        return None
    try:
        return parse_amount(m.group(0).strip().rstrip(".,"))
    except ValueError:
        return None


def _price_row(item: str, cells: list[tuple[str, str, str]], quantity: str, date: str, total: bool = False) -> str:
    """One row of a price list: "item: 60 × €468.00 = €28,080.00" when the row's arithmetic holds, else each
    amount with its column ("Standard (25): Monthly fee €1,000.00, Annual fee €12,000.00")."""
    label = f"{item} ({date})" if date else item
    units = [c for c in cells if c[0] == "unit"]
    totals = [c for c in cells if c[0] == "total"]
    if len(cells) == 2 and len(units) == 1 and len(totals) == 1:
        q, u, t = _number(quantity) if quantity else None, _number(units[0][2]), _number(totals[0][2])
        if q is not None and u is not None and t is not None and abs(q * u - t) <= 0.01 * max(abs(t), 1):
            return f"{label}: {totals[0][2]}" if q == 1 else f"{label}: {quantity} × {units[0][2]} = {totals[0][2]}"
    if len(cells) == 1:
        kind, column, text = cells[0]
        plain = re.sub(r"\(.*?\)|[€$£]", "", column).strip().lower()
        named = "" if total or plain in GENERIC_PRICE_HEADERS or not plain else f"{column} "
        if quantity and kind == "unit":
            return f"{label}: {quantity} at {named}{text}"
        if quantity and not total:
            return f"{label} ({quantity}): {named}{text}"
        return f"{label}: {named}{text}"
    if quantity:
        label = f"{label} ({quantity})" if not date else f"{item} ({date}; {quantity})"
    return f"{label}: " + ", ".join(f"{column} {text}" for _kind, column, text in cells)


def price_list(facts: list[Fact]) -> str:
    """"Subscription, per vehicle per year: 60 × €468.00 = €28,080.00; …; Total, first year: €62,880.00" from the
    amounts a price table gives per row, in the document's own words (signs kept, a header's currency added);
    the first ``price_rows_per_line`` rows and every total row, then "+N more rows"; "" when no fact came from
    a price list."""
    rows: dict[tuple[object, object], dict[str, Any]] = {}
    for f in facts:
        item = f.value.get("item")
        if f.kind != "money" or not item:
            continue
        row = rows.setdefault((f.value.get("table"), f.value.get("row_index", item)),
                              {"item": str(item), "cells": [], "quantity": "", "date": "", "total": False})
        text = str(f.value.get("cell") or " ".join(f.text.split()))
        entry = (str(f.value.get("price", "unit")), str(f.value.get("column", "")), text)
        if entry not in row["cells"]:
            row["cells"].append(entry)
        row["quantity"] = str(f.value.get("quantity", row["quantity"]))
        row["date"] = str(f.value.get("date", row["date"]))
        row["total"] = row["total"] or f.value.get("row") == "total"
    cap = limit("price_rows_per_line")
    shown = [r for i, r in enumerate(rows.values()) if i < cap or r["total"]]
    said = [_price_row(r["item"], r["cells"], r["quantity"], r["date"], r["total"]) for r in shown]
    if len(shown) < len(rows):
        said.append(f"+{len(rows) - len(shown)} more rows")
    return "; ".join(said)
