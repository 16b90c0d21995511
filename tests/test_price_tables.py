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


def _pdf(path: Path, intro: str, rows: list[list[str]], *more: list[list[str]]) -> Path:
    """A PDF with an intro sentence and one ruled table per row list; each later table starts a new page and
    is drawn without a header row if its rows say so."""
    from reportlab.platypus import PageBreak

    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(intro, style)]
    for i, table_rows in enumerate((rows, *more)):
        if i:
            story.append(PageBreak())
        widths = [220] + [80] * (len(table_rows[0]) - 1)
        table = RLTable(table_rows, colWidths=widths)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _price_line(path: Path) -> str:
    review = analyze(path)
    fees = [ln for ln in build_sheet(review, SheetOptions(readers=("finance",))).lines if ln.topic == "fees"]
    return fees[0].text if fees else ""


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


# Found by review: layouts a finance reader meets, and what the line must say for each.
INTRO = "5.1 Fees. The Customer shall pay the fees set out below within 30 days of invoice."


def test_price_column_before_quantity_column(tmp_path: Path) -> None:
    rows = [["Description", "Unit price", "Qty", "Amount"], ["Licence", "€100.00", "10", "€1,000.00"]]
    assert _price_line(_pdf(tmp_path / "a.pdf", INTRO, rows)) == "Price list: Licence: 10 × €100.00 = €1,000.00."


def test_columns_that_break_the_arithmetic_are_named(tmp_path: Path) -> None:
    rows = [["Item", "Qty", "Unit price", "Discount amount", "Line total"],
            ["Licence", "10", "€100.00", "€100.00", "€900.00"]]
    assert _price_line(_pdf(tmp_path / "d.pdf", INTRO, rows)) == (
        "Price list: Licence (10): Unit price €100.00, Discount amount €100.00, Line total €900.00.")
    plans = [["Plan", "Users", "Monthly fee", "Annual fee"], ["Standard", "25", "€1,000.00", "€12,000.00"]]
    assert _price_line(_pdf(tmp_path / "p.pdf", INTRO, plans)) == (
        "Price list: Standard (25): Monthly fee €1,000.00, Annual fee €12,000.00.")


def test_rows_with_the_same_label_stay_apart_and_signs_stay(tmp_path: Path) -> None:
    rows = [["Item", "Qty", "Unit price", "Total"], ["Licence", "10", "€100.00", "€1,000.00"],
            ["Licence", "50", "€90.00", "€4,500.00"], ["Volume discount", "", "", "-€200.00"],
            ["Total", "", "", "€5,300.00"]]
    assert _price_line(_pdf(tmp_path / "s.pdf", INTRO, rows)) == (
        "Price list: Licence: 10 × €100.00 = €1,000.00; Licence: 50 × €90.00 = €4,500.00; "
        "Volume discount: -€200.00; Total: €5,300.00.")


def test_header_currency_item_column_and_two_header_rows(tmp_path: Path) -> None:
    rows = [["No.", "Description", "Quantity", "Total (USD)"], ["1", "Hosting", "12", "1,300.00"]]
    assert _price_line(_pdf(tmp_path / "c.pdf", INTRO, rows)) == "Price list: Hosting (12): USD 1,300.00."
    split = [["", "", "Price", "Price"], ["Item", "Qty", "per unit", "total"],
             ["Licence", "10", "€100.00", "€1,000.00"]]
    assert _price_line(_pdf(tmp_path / "t.pdf", INTRO, split)) == "Price list: Licence: 10 × €100.00 = €1,000.00."


def test_a_payment_schedule_keeps_its_dates(tmp_path: Path) -> None:
    rows = [["Milestone", "Due date", "Amount"], ["Contract signature", "1 March 2025", "€10,000.00"],
            ["Go-live", "30 June 2025", "€20,000.00"]]
    assert _price_line(_pdf(tmp_path / "m.pdf", INTRO, rows)) == (
        "Price list: Contract signature (1 March 2025): €10,000.00; Go-live (30 June 2025): €20,000.00.")


def test_a_long_list_is_cut_and_a_list_goes_on_over_a_page(tmp_path: Path) -> None:
    header = ["Item", "Qty", "Unit price", "Total"]
    first = [header] + [[f"Module {i}", "2", f"€{100 + i}.00", f"€{2 * (100 + i)}.00"] for i in range(10)]
    carried = [[f"Module {i}", "2", f"€{100 + i}.00", f"€{2 * (100 + i)}.00"] for i in range(10, 12)]
    carried.append(["Total", "", "", "€2,532.00"])
    line = _price_line(_pdf(tmp_path / "l.pdf", INTRO, first, carried))
    assert line.startswith("Price list: Module 0: 2 × €100.00 = €200.00; ")
    assert line.endswith("Module 7: 2 × €107.00 = €214.00; Total: €2,532.00; +4 more rows.")
    assert "also" not in line  # the second page's amounts are rows of the list, not stray amounts
