"""Price lists in ruled tables: each amount learns the item it prices, its quantity and whether it is a unit price
or a total; the finance sheet prints the list row by row."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
from reportlab.platypus import Table as RLTable

from checks.analyze import analyze
from desktop.sheet import SheetOptions, build_sheet
from extractors.facts import extract_facts
from extractors.pdf import read_document
from extractors.price_tables import price_cells


def _pdf(path: Path, intro: str, rows: list[list[str]]) -> Path:
    style = getSampleStyleSheet()["BodyText"]
    table = RLTable(rows, colWidths=[220, 70, 90, 90])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(intro, style), table])
    return path


PRICES = [["Item", "Quantity", "Unit price", "Annual total"],
          ["Subscription, per vehicle per year", "60", "€468.00", "€28,080.00"],
          ["Implementation (one-off)", "1", "€15,500.00", "€15,500.00"],
          ["Total, first year", "", "", "€43,580.00"]]


def test_amounts_in_a_price_list_know_their_row(tmp_path: Path) -> None:
    doc = read_document(_pdf(tmp_path / "prices.pdf", "5.1 Fees. The fees are set out below.", PRICES))
    money = [f for f in extract_facts(doc, ()) if f.kind == "money"]
    described = {(f.value["item"], f.value["price"], f.value.get("quantity", ""), f.value["row"]): f.normalized
                 for f in money}
    assert described == {
        ("Subscription, per vehicle per year", "unit", "60", "line"): "EUR 468.00",
        ("Subscription, per vehicle per year", "total", "60", "line"): "EUR 28,080.00",
        ("Implementation (one-off)", "unit", "1", "line"): "EUR 15,500.00",
        ("Implementation (one-off)", "total", "1", "line"): "EUR 15,500.00",
        ("Total, first year", "total", "", "total"): "EUR 43,580.00",
    }
    assert all(f.topic == "fees" and f.span and f.span.page == 1 for f in money)


def test_a_currency_in_the_header_prices_bare_numbers(tmp_path: Path) -> None:
    rows = [["Service", "Units", "Price (USD)"], ["Premium support, per month", "12", "1,250.00"],
            ["Onboarding", "1", "900"]]
    doc = read_document(_pdf(tmp_path / "usd.pdf", "Schedule B. Fees.", rows))
    money = [(f.value["item"], f.normalized) for f in extract_facts(doc, ()) if f.kind == "money"]
    assert money == [("Premium support, per month", "USD 1,250.00"), ("Onboarding", "USD 900.00")]


def test_tables_that_price_nothing_are_not_price_lists(tmp_path: Path) -> None:
    milestones = [["Week", "Milestone", "Responsible"], ["Week 1", "Kick-off", "Both"], ["Week 2", "Go-live", "Us"]]
    assert list(price_cells(read_document(_pdf(tmp_path / "plan.pdf", "Plan.", milestones)))) == []
    unpriced = [["Item", "Price"], ["Licence", "see Schedule C"], ["Support", "included"]]
    assert list(price_cells(read_document(_pdf(tmp_path / "tbd.pdf", "Fees.", unpriced)))) == []


def test_the_finance_sheet_prints_the_price_list(tmp_path: Path) -> None:
    review = analyze(_pdf(tmp_path / "prices.pdf", "5.1 Fees. The fees are set out below and are payable "
                                                   "within 30 days of invoice.", PRICES))
    fees = [ln for ln in build_sheet(review, SheetOptions(readers=("finance",))).lines if ln.topic == "fees"]
    assert fees[0].text == ("Price list: Subscription, per vehicle per year: 60 × €468.00 = €28,080.00; "
                            "Implementation (one-off): €15,500.00; Total, first year: €43,580.00.")
    assert fees[0].quote.startswith("The fees are set out below")  # the clause's words, not the table's cells
