"""The PDF reading layer: reading order, columns, running headers/footers, hyphens, rotation, text layers."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import layout
from extractors.errors import CancelledError, NoTextLayerError, TooLargeError
from extractors.model import Document, Word
from extractors.pdf import clean_word, page_ranges, read_document

SENTENCE = ("the provider shall respond to every support request within four business hours and "
            "shall restore the service within one business day unless the customer agrees otherwise")
LOREM = SENTENCE.split(" ")


def check_invariants(doc: Document) -> None:
    """Every word sits at its offset; pages are in order and cover their words."""
    assert len(doc.words) == len(doc.word_starts)
    for w, s in zip(doc.words, doc.word_starts, strict=True):
        assert doc.text[s:s + len(w.text)] == w.text
        page = doc.pages[w.page - 1]
        assert page.start <= s < page.end
    assert list(doc.word_starts) == sorted(doc.word_starts)
    for a, b in zip(doc.pages, doc.pages[1:], strict=False):
        assert a.end <= b.start


def _pdf(path: Path, pages: list[list[tuple[float, float, str]]], size=A4, rotate: int = 0,
         crop: tuple[float, float, float, float] | None = None, font_size: float = 10) -> Path:
    """A PDF whose pages carry the given (x, y-from-top, text) strings; /Rotate and CropBox set with pdfium."""
    c = canvas.Canvas(str(path), pagesize=size)
    for items in pages:
        c.setFont("Helvetica", font_size)
        for x, y, text in items:
            c.drawString(x, size[1] - y, text)
        c.showPage()
    c.save()
    if rotate or crop:
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            if crop:
                page.set_cropbox(*crop)
            if rotate:
                page.set_rotation(rotate)
        tmp = path.with_suffix(".tmp.pdf")
        pdf.save(str(tmp))
        pdf.close()
        tmp.replace(path)
    return path


def _column_lines(x: float, tag: str, n: int = 14) -> list[tuple[float, float, str]]:
    return [(x, 100 + 14 * i, f"{tag}{i:02d} " + " ".join(LOREM[i % 10:i % 10 + 4])) for i in range(n)]


# ---------------------------------------------------------------- reading order and columns

def test_two_columns_read_column_by_column(tmp_path: Path) -> None:
    items = [(60, 60, "A two column proposal title spanning the page width for everybody here")]
    items += _column_lines(60, "left") + _column_lines(310, "right")
    doc = read_document(_pdf(tmp_path / "cols.pdf", [items]))
    check_invariants(doc)
    text = doc.text
    positions = [text.index(f"left{i:02d}") for i in range(14)] + [text.index(f"right{i:02d}") for i in range(14)]
    assert positions == sorted(positions), text[:400]
    assert text.index("title") < positions[0]
    assert all("left" not in line or "right" not in line for line in text.splitlines())


def test_table_rows_are_not_split_into_columns(tmp_path: Path) -> None:
    rows = [(60, 100 + 16 * i, f"Severity {i} incident") for i in range(12)]
    rows += [(420, 100 + 16 * i, f"{i + 1} hours") for i in range(12)]
    doc = read_document(_pdf(tmp_path / "table.pdf", [rows]))
    for i in range(12):
        assert f"Severity {i} incident {i + 1} hours" in doc.text


def test_content_stream_order_does_not_matter(tmp_path: Path) -> None:
    items = [(60, 780, "footer text drawn first"), (60, 100, "Heading drawn second"), (60, 120, "body line")]
    doc = read_document(_pdf(tmp_path / "order.pdf", [items]))
    assert doc.text.index("Heading") < doc.text.index("body") < doc.text.index("footer")


def test_multicolumn_latex_sample(corpus: Path) -> None:
    doc = read_document(corpus / "robustness/py-pdf-sample-files/026-latex-multicolumn__multicolumn.pdf")
    check_invariants(doc)
    # the left column continues on its next line (and its hyphenated words are joined), never the right column
    assert "consectetuer adipiscing elit. Ut purus elit, vestibulum ut, placerat\nac, adipiscing vitae" in doc.text
    assert doc.text.index("Donec nonummy") < doc.text.index("pellentesque ante. Phasellus")
    assert "adip-" not in doc.text and "con-" not in doc.text


def test_blocks_are_separated_by_blank_lines(tmp_path: Path) -> None:
    items = [(60, 100, "First paragraph line one"), (60, 112, "first paragraph line two"),
             (60, 150, "Second paragraph starts here")]
    doc = read_document(_pdf(tmp_path / "blocks.pdf", [items]))
    assert "line one\nfirst paragraph line two\n\nSecond paragraph" in doc.text


# ---------------------------------------------------------------- running headers, footers, page numbers

def test_a_sentence_ending_both_pages_of_a_short_document_is_text(tmp_path: Path) -> None:
    """Two repeats make furniture in a 2-page file, so they must sit at the same height (a footer does)."""
    quote = "shall not be liable for its failure to meet such dates."
    pages = [[(60, 120, "First page body text about delivery dates."), (60, 755, quote),
              (60, 808, "Acme expectations sheet - confidential")],
             [(60, 120, "Second page body text about open points."), (60, 765, quote),
              (60, 808, "Acme expectations sheet - confidential")]]
    doc = read_document(_pdf(tmp_path / "short.pdf", pages))
    check_invariants(doc)
    assert doc.text.count(quote) == 2
    assert "confidential" not in doc.text and "confidential" in " ".join(w.text for w in doc.furniture)


def test_running_header_footer_and_page_numbers_are_furniture(tmp_path: Path) -> None:
    pages = []
    for n in range(1, 6):
        pages.append([(60, 30, "Acme Corp - Master Services Agreement - Confidential"),
                      (60, 120, f"Clause {n} body text about support hours on page {n}"),
                      (280, 810, f"- {n} -")])
    pages[2].append((400, 825, "Page 3 of 5"))
    doc = read_document(_pdf(tmp_path / "furniture.pdf", pages))
    check_invariants(doc)
    assert "Acme Corp" not in doc.text and "- 3 -" not in doc.text and "Page 3 of 5" not in doc.text
    for n in range(1, 6):
        assert f"Clause {n} body text" in doc.text
    furniture = " ".join(w.text for w in doc.furniture)
    assert "Confidential" in furniture and "Page" in furniture
    assert not {id(w) for w in doc.furniture} & {id(w) for w in doc.words}


def test_a_heading_repeated_on_few_pages_is_kept(tmp_path: Path) -> None:
    pages = [[(60, 40, f"SCHEDULE {n}"), (60, 120, f"body of page {n}")] for n in range(1, 4)]
    pages += [[(60, 120, f"plain page {n}")] for n in range(4, 10)]
    doc = read_document(_pdf(tmp_path / "schedules.pdf", pages))
    assert all(f"SCHEDULE {n}" in doc.text for n in range(1, 4))


@pytest.mark.parametrize("text", ["12", "- 2 -", "Page 3 of 9", "page 4", "3/9", "iv", "(7)"])
def test_page_number_patterns(text: str) -> None:
    assert layout.is_page_number(text)


@pytest.mark.parametrize("text", ["12 months", "Section 2", "Fees", "99.9%", "2.1"])
def test_not_page_numbers(text: str) -> None:
    assert not layout.is_page_number(text)


def test_rfq_page_numbers_removed(corpus: Path) -> None:
    doc = read_document(corpus / "real-pdfs/DRAFT RFQ TDRS.pdf")
    check_invariants(doc)
    assert len({w.page for w in doc.furniture}) >= 30  # a page number on (nearly) every page
    assert "1.0 Purpose and Background" in doc.text
    for page in doc.pages:
        last_line = doc.text[page.start:page.end].rstrip().rsplit("\n", 1)[-1]
        assert not layout.is_page_number(last_line), (page.number, last_line)


# ---------------------------------------------------------------- hyphenation and normalisation

def test_hyphen_join_keeps_boxes(tmp_path: Path) -> None:
    items = [(60, 100, "the agreement will automatically renew-"), (60, 112, "al each year and the third-"),
             (60, 124, "party software is excluded")]
    doc = read_document(_pdf(tmp_path / "hyph.pdf", [items]))
    check_invariants(doc)
    assert "automatically renewal each year" in doc.text
    assert "the third-party software" in doc.text
    renew = next(w for w in doc.words if w.text == "renew")
    al = next(w for w in doc.words if w.text == "al")
    assert al.top > renew.bottom - 1  # each part keeps its own line's box
    spans = doc.spans(doc.text.index("renewal"), doc.text.index("renewal") + len("renewal"))
    assert len(spans) == 2


@pytest.mark.parametrize(("first", "second", "vocab", "expected"), [
    ("renew-", "al", set(), "renew"),
    ("third-", "party", set(), "third-"),
    ("sub-", "contractor", {"sub-contractor"}, "sub-"),
    ("sub-", "contractor", {"subcontractor"}, "sub"),
    ("Services-", "Level", set(), None),  # next line starts upper case: a dash, not a broken word
    ("renew\u00ad", "al", set(), "renew"),
    ("then-", "outstanding", {"outstanding"}, "then-"),
    ("broad-", "form", {"form"}, "broad-"),
    ("adip-", "iscing", {"form"}, "adip"),
])
def test_hyphen_join_rules(first: str, second: str, vocab: set[str], expected: str | None) -> None:
    assert layout.hyphen_join(first, second, vocab) == expected


@pytest.mark.parametrize(("raw", "clean"), [
    ("ef\ufb01cient", "efficient"), ("\ufb02ow", "flow"), ("re\u00adnew", "renew"), ("A\ue000B", "AB"),
    ("\uff11\uff12", "12"), ("plain", "plain"),
])
def test_clean_word(raw: str, clean: str) -> None:
    assert clean_word(raw) == clean


# ---------------------------------------------------------------- coordinates: rotation and CropBox

def _ink_box(path: Path, page_index: int = 0) -> tuple[float, float, float, float]:
    pdf = pdfium.PdfDocument(str(path))
    img = pdf[page_index].render(scale=1).to_pil().convert("L")
    pdf.close()
    bbox = img.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert bbox
    return bbox


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("crop", [None, (50, 80, 500, 760)])
def test_word_boxes_match_rendered_ink(tmp_path: Path, rotate: int, crop) -> None:
    items = [(120, 200, "Response within four hours"), (120, 400, "Fees are due net 30"), (300, 600, "end")]
    path = _pdf(tmp_path / f"rot{rotate}.pdf", [items], rotate=rotate, crop=crop, font_size=14)
    doc = read_document(path)
    page = doc.pages[0]
    assert page.rotation == rotate
    x0 = min(w.x0 for w in doc.words)
    top = min(w.top for w in doc.words)
    x1 = max(w.x1 for w in doc.words)
    bottom = max(w.bottom for w in doc.words)
    ix0, itop, ix1, ibottom = _ink_box(path)
    # loose boxes include ascent/descent, so they contain the ink, within a few points
    assert x0 - 2 <= ix0 <= x0 + 6 and x1 - 6 <= ix1 <= x1 + 2, ((x0, top, x1, bottom), (ix0, itop, ix1, ibottom))
    assert top - 2 <= itop <= top + 6 and bottom - 6 <= ibottom <= bottom + 2
    assert "Response within four hours" in doc.text and doc.text.index("Response") < doc.text.index("Fees")


def test_rotated_corpus_page_boxes_inside_page(corpus: Path) -> None:
    doc = read_document(corpus / "robustness/pdfminer/samples__zen_of_python_corrupted.pdf")
    page = doc.pages[0]
    assert page.rotation == 90 and page.width > page.height
    assert "Beautiful is better than ugly." in doc.text
    for w in doc.words:
        assert -1 <= w.x0 <= w.x1 <= page.width + 1 and -1 <= w.top <= w.bottom <= page.height + 1


# ---------------------------------------------------------------- text layer, scans, limits

def test_scanned_pages_reported_by_number(corpus: Path) -> None:
    doc = read_document(corpus / "real-pdfs/TDRS Fully Executed Base Award.pdf")
    assert doc.text_layer == "partial"
    assert doc.pages_without_text == [1, 2]
    assert "TANF Data Reporting System" in doc.text


def test_image_only_pdf_raises_no_text_layer(tmp_path: Path) -> None:
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (400, 560), "white").save(img)
    c = canvas.Canvas(str(tmp_path / "scan.pdf"), pagesize=A4)
    for _ in range(3):
        c.drawImage(str(img), 0, 0, *A4)
        c.showPage()
    c.save()
    with pytest.raises(NoTextLayerError, match=r"no text layer .*pages 1–3"):
        read_document(tmp_path / "scan.pdf")
    doc = read_document(tmp_path / "scan.pdf", require_text=False)
    assert doc.text_layer == "none" and doc.pages_without_text == [1, 2, 3]


def test_page_cap_time_guard_and_cancel(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "three.pdf", [[(60, 100, f"page {n} text")] for n in range(3)])
    with pytest.raises(TooLargeError, match="3 pages is over the limit of 2"):
        read_document(path, max_pages=2)
    with pytest.raises(TooLargeError, match="longer than the limit"):
        read_document(path, time_limit=1e-9)
    calls = []
    with pytest.raises(CancelledError):
        read_document(path, is_cancelled=lambda: len(calls) > 0, on_progress=lambda i, n: calls.append(i))
    assert calls == [1]


def test_failing_page_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.pdf as pdf_mod

    path = _pdf(tmp_path / "three.pdf", [[(60, 100, f"page {n} support text")] for n in range(1, 4)])
    real = pdf_mod._page_words

    def flaky(page, number, guard, want_rules=False):
        if number == 2:
            raise RuntimeError("boom")
        return real(page, number, guard, want_rules)

    monkeypatch.setattr(pdf_mod, "_page_words", flaky)
    doc = read_document(path)
    assert doc.page_count == 3 and doc.warnings == ("page 2: could not be read (RuntimeError)",)
    assert "page 1 support" in doc.text and "page 3 support" in doc.text
    assert doc.pages_without_text == [2]


def test_tables_read_on_ruled_pages(tmp_path: Path) -> None:
    path = tmp_path / "ruled.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    rows = [("Severity", "Response"), ("Severity 1", "1 hour"), ("Severity 2", "4 hours")]
    top = 700
    for i, (a, b) in enumerate(rows):
        y = top - 20 * i
        c.drawString(75, y - 14, a)
        c.drawString(225, y - 14, b)
    for i in range(len(rows) + 1):
        c.line(70, top - 20 * i, 370, top - 20 * i)
    for x in (70, 220, 370):
        c.line(x, top, x, top - 20 * len(rows))
    c.showPage()
    c.save()
    doc = read_document(path, tables=True)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.page == 1 and table.rows == tuple(rows)
    x0, t, x1, b = table.bbox
    assert abs(x0 - 70) < 2 and abs(x1 - 370) < 2 and abs(t - (A4[1] - 700)) < 2
    assert read_document(path, tables=False).tables == ()
    from extractors.tables import read_tables

    (plumber,) = read_tables(path, [1])[1]
    assert plumber.rows == tuple(rows)
    assert all(abs(a - b) < 2 for a, b in zip(plumber.bbox, table.bbox, strict=True))


def test_page_ranges() -> None:
    assert page_ranges([1, 2, 3, 5, 7, 8]) == "1–3, 5, 7–8"
    assert page_ranges([]) == ""


def test_group_lines_and_order_on_plain_words() -> None:
    words = [Word("world", 1, 50, 10, 80, 20), Word("hello", 1, 10, 10.5, 45, 20.5), Word("next", 1, 10, 24, 40, 34)]
    lines = layout.group_lines(words)
    assert [[w.text for w in ln] for ln in lines] == [["hello", "world"], ["next"]]
    assert [[[w.text for w in ln] for ln in b] for b in layout.order_page(lines)] == [[["hello", "world"], ["next"]]]


def _merged_header_table(path: Path, extra_rules: int = 0) -> Path:
    """A response-time matrix whose title row spans both columns (a merged cell), drawn with reportlab."""
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    data = [["Response targets by severity of the incident", ""], ["Severity", "First response"],
            ["Severity 1", "1 hour"], ["Severity 2", "4 hours"]]
    table = RLTable(data, colWidths=[150, 150])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (0, 0), (1, 0))]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    return path


def test_pdfplumber_reads_merged_cells_on_table_pages(tmp_path: Path) -> None:
    """pdfplumber builds cells from where the rules cross, so a merged title cell stays one cell."""
    path = _merged_header_table(tmp_path / "merged.pdf")
    (table,) = read_document(path).tables
    assert table.rows[0] == ("Response targets by severity of the incident", "")
    assert table.rows[1:] == (("Severity", "First response"), ("Severity 1", "1 hour"), ("Severity 2", "4 hours"))


def test_grid_reading_kept_where_pdfplumber_does_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Crowded pages (pdfplumber would take seconds) and pages it could not read keep the grid reading."""
    import extractors.tables as tables

    path = _merged_header_table(tmp_path / "merged.pdf")
    plumbed = read_document(path).tables
    monkeypatch.setattr(tables, "MAX_PLUMBER_OBJECTS", 0)
    (grid,) = read_document(path).tables
    assert grid.rows[1:] == plumbed[0].rows[1:]
    assert grid.rows[0][1] != ""  # the grid reading tears the merged title across the columns under its words
    assert tables.read_tables(path, [1], is_cancelled=lambda: True) == {}
    assert tables.best_tables(path, [grid], {1: 10}, is_cancelled=lambda: True) == (grid,)


def test_a_table_page_crowded_inside_a_form_keeps_the_grid_reading(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by review: 20,000 lines inside one form XObject count as one page object, yet pdfplumber parses
    them all (14 s for 100,000). What it would parse is counted, so the page keeps the cheap grid reading."""
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    import extractors.tables as tables

    path = tmp_path / "crowded.pdf"

    def chart(canv, _doc) -> None:
        canv.beginForm("chart")
        for i in range(20_000):
            canv.line(40 + i % 500, 40, 41 + i % 500, 41)
        canv.endForm()
        canv.doForm("chart")

    table = RLTable([["Severity", "Response"], ["Severity 1", "1 hour"], ["Severity 2", "4 hours"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table], onFirstPage=chart)
    called: list[list[int]] = []
    real = tables.read_tables
    def spy(p, pages, *args, **kwargs):
        called.append(list(pages))
        return real(p, pages, *args, **kwargs)

    monkeypatch.setattr(tables, "read_tables", spy)
    (grid,) = read_document(path).tables
    assert grid.rows == (("Severity", "Response"), ("Severity 1", "1 hour"), ("Severity 2", "4 hours"))
    assert called == []  # pdfplumber never asked


def test_forms_nested_deep_cost_neither_the_page_nor_the_stack(tmp_path: Path) -> None:
    from reportlab.platypus import SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    from extractors.page_objects import drawing_weight as _drawing_weight

    path = tmp_path / "nested.pdf"

    def nest(canv, _doc) -> None:
        canv.beginForm("f0")
        canv.line(40, 40, 41, 41)
        canv.endForm()
        for i in range(1, 40):
            canv.beginForm(f"f{i}")
            canv.doForm(f"f{i - 1}")
            canv.endForm()
        canv.doForm("f39")

    table = RLTable([["Severity", "Response"], ["Severity 1", "1 hour"], ["Severity 2", "4 hours"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table], onFirstPage=nest)
    doc = read_document(path)
    assert doc.tables and "Severity 2" in doc.text and not doc.warnings
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        assert _drawing_weight(page.raw, cap=5000) > 5000  # 40 levels deep: counted as crowded, not recursed
        page.close()
    finally:
        pdf.close()


def test_the_time_limit_caps_the_pdfplumber_pass_and_never_loses_a_read_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.tables as tables

    path = _merged_header_table(tmp_path / "merged.pdf")
    budgets: list[float | None] = []
    real = tables.read_tables

    def slow(p, pages, password=None, is_cancelled=None, time_budget=None, **k):
        budgets.append(time_budget)
        import time as _time
        _time.sleep(1.1)  # pdfplumber on a page it cannot be stopped on
        return real(p, pages, password, is_cancelled, time_budget, **k)

    monkeypatch.setattr(tables, "read_tables", slow)
    doc = read_document(path, time_limit=1.0)  # the one page is read long before; pdfplumber overruns the limit
    assert doc.tables and budgets and budgets[0] is not None and budgets[0] <= 1.0


def test_a_page_pdfplumber_cannot_build_costs_nothing(tmp_path: Path) -> None:
    """A MediaBox with a name in it (found by bench/fuzz.py) made pdfplumber raise while closing the file."""
    path = _merged_header_table(tmp_path / "merged.pdf")
    data = path.read_bytes()
    assert data.count(b"595.2756") == 1
    path.write_bytes(data.replace(b"595.2756", b"/e308   "))
    from extractors.tables import read_tables

    assert read_tables(path, [1]) == {}
    doc = read_document(path)  # pdfium reads the page; its table keeps the grid reading
    assert "Severity 1" in doc.text


def test_grid_tables_from_rules_and_words() -> None:
    from extractors.tables import grid_tables

    rules = [(100, y, 300, y) for y in (100, 120, 140)] + [(x, 100, x, 140) for x in (100, 200, 300)]
    words = [Word("Severity", 1, 105, 105, 150, 115), Word("1", 1, 152, 105, 158, 115),
             Word("1", 1, 205, 105, 210, 115), Word("hour", 1, 212, 105, 240, 115),
             Word("Severity", 1, 105, 125, 150, 135), Word("2", 1, 152, 125, 158, 135),
             Word("4", 1, 205, 125, 210, 135), Word("hours", 1, 212, 125, 245, 135),
             Word("outside", 1, 105, 300, 150, 310)]
    (table,) = grid_tables(3, rules, words)
    assert table.page == 3 and table.bbox == (100, 100, 300, 140)
    assert table.rows == (("Severity 1", "1 hour"), ("Severity 2", "4 hours"))
    frame_only = [(100, 100, 300, 100), (100, 140, 300, 140), (100, 100, 100, 140), (300, 100, 300, 140)]
    assert grid_tables(3, frame_only, words) == []  # a box around text is not a table
