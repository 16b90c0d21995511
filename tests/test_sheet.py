"""The expectations sheet: content per reader, escaping, paper, metadata, safe writing, and a round trip
through the project's own PDF reader (every line and open point is found back with its citation)."""

from __future__ import annotations

import dataclasses
import shutil
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resources
from checks.analyze import analyze, analyze_text
from desktop.sheet import SheetOptions, build_sheet, reader_topics, render_sheet, resolve_paper, write_sheet
from desktop.sheet.config import sheet_config
from desktop.sheet.render import printable
from extractors.errors import UpfrontError
from extractors.pdf import read_document

BANGI = "cuad-dev/pdf/BANGIINC_05_25_2005-EX-10-Premium Managed Hosting Agreement.PDF"

PROPOSAL = """Acme Hosting Ltd — Proposal for Globex <b>Corp</b>

1. Services
Acme will provide managed hosting of the Globex web shop & its database <font color="red">in full</font>.

2. Support
Support hours are 08:00 to 18:00 CET, Monday to Friday. Requests are answered as soon as possible.
Customers may e-mail support@acme.example or call +44 20 7946 0958.

3. Fees
The fee is €1,000 per month <para>plus VAT</para> & expenses at cost.
Invoices are payable within 30 days.

4. Term
The initial term of this agreement is 12 months and it renews automatically for successive one-year periods.
"""


def _norm(text: str) -> str:
    """Compare text without caring where lines wrapped: what the font can print (characters DejaVu lacks
    print as U+FFFD), NFKC (as the reader does) and no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", printable(text)).split())


def _strip_status(text: str) -> str:
    """Remove the status column's words, which can sit between two wrapped lines of a body cell."""
    for status in sheet_config()["status"].values():
        text = text.replace(f"{status['symbol']} {status['word']}", " ")
    return text


def _read_back(pdf: Path) -> str:
    return _norm(_strip_status(read_document(pdf).text))


def _expected_items(sheet) -> list[tuple[str, str]]:
    """(what, text) pairs that must appear on the printed sheet."""
    items: list[tuple[str, str]] = []
    for section in sheet.sections:
        items.append(("heading", section.heading))
        for line in section.lines:
            items.append((line.id, f"{line.label} — {line.text}"))
            if line.value:
                items.append((line.id + " value", line.value))
            if line.quote:
                items.append((line.id + " quote+citation",
                               f"“{line.quote}” — {line.citation}" if line.citation else line.quote))
            elif line.citation:
                items.append((line.id + " citation", line.citation))
    for point in sheet.open_points:
        items.append((point.id, f"{point.label}: {point.text}" if not point.severity or point.status == "missing"
                      else point.text))
        if point.citation:
            items.append((point.id + " citation", point.citation))
    return items


def _assert_round_trip(review, reader: str, out: Path) -> None:
    options = SheetOptions(readers=(reader,), paper="a4", prepared_by="Zoë Ångström")
    sheet = build_sheet(review, options)
    write_sheet(review, out, options)
    text = _read_back(out)
    missing = [(what, item) for what, item in _expected_items(sheet) if _norm(item) not in text]
    assert not missing, f"{reader}: not found on the printed sheet: {missing[:5]}"
    for header in (sheet.title, sheet.source_name, sheet.short_sha, "Zoë Ångström", "Open points to agree"):
        assert _norm(header) in text
    assert sheet.sections, "a sheet without sections says nothing"


@pytest.fixture(scope="module")
def text_review():
    return analyze_text(PROPOSAL)


@pytest.fixture(scope="module")
def problem_review(problem_sample):
    return analyze(problem_sample)


@pytest.fixture(scope="module")
def clean_review(clean_sample):
    return analyze(clean_sample)


@pytest.mark.parametrize("reader", resources.AUDIENCES)
def test_round_trip_problem_sample(problem_review, reader, tmp_path):
    _assert_round_trip(problem_review, reader, tmp_path / f"{reader}.pdf")


@pytest.mark.parametrize("reader", resources.AUDIENCES)
def test_round_trip_clean_sample(clean_review, reader, tmp_path):
    _assert_round_trip(clean_review, reader, tmp_path / f"{reader}.pdf")


@pytest.mark.parametrize("reader", resources.AUDIENCES)
def test_round_trip_real_contract(corpus, reader, tmp_path):
    pdf = corpus / BANGI
    if not pdf.exists():
        pytest.skip(f"{BANGI} not in this corpus")
    _assert_round_trip(analyze(pdf), reader, tmp_path / f"{reader}.pdf")


def test_document_markup_prints_literally(tmp_path):
    review = analyze_text(PROPOSAL)
    options = SheetOptions(readers=("finance", "it"), customer="O'Brien & <Sons>", title='Offer <para>"X"</para>')
    sheet = build_sheet(review, options)
    quotes = " ".join(line.quote for line in sheet.lines)
    assert "<para>plus VAT</para>" in quotes and "&" in quotes  # the markup reached the sheet's content…
    out = write_sheet(review, tmp_path / "markup.pdf", options)
    text = _read_back(out)
    for literal in ("<para>plus VAT</para>", "€1,000", "<font color=\"red\">in full</font>", "O'Brien & <Sons>",
                    'Offer <para>"X"</para>'):
        assert _norm(literal) in text, literal  # …and is printed as text, not interpreted


def test_missing_disclosures_become_questions(text_review):
    sheet = build_sheet(text_review, SheetOptions(readers=("it",)))
    questions = {p.topic: p.text for p in sheet.open_points if p.status == "missing"}
    info = resources.topics()
    assert "support.response" in questions
    assert questions["support.response"] == info["support.response"]["missing"]
    assert "payment.terms" not in questions  # a finance topic: not the IT reader's question
    wording = [p for p in sheet.open_points if p.status == "vague"]
    assert any("as soon as possible" in p.text and p.citation.startswith("p. 1") for p in wording)


def test_sections_follow_the_reader(problem_review):
    for reader in resources.AUDIENCES:
        sheet = build_sheet(problem_review, SheetOptions(readers=(reader,)))
        order = sheet_config()["readers"][reader]["sections"]
        got = [s.id for s in sheet.sections]
        assert got == [s for s in order if s in got]
        wanted = set(reader_topics(reader))
        assert all(line.topic in wanted for s in sheet.sections for line in s.lines if line.topic)
    finance = build_sheet(problem_review, SheetOptions(readers=("finance",)))
    users = build_sheet(problem_review, SheetOptions(readers=("users",)))
    assert finance.sections[0].id == "costs"
    assert "costs" not in {s.id for s in users.sections}


def test_lines_carry_value_and_citation(text_review):
    sheet = build_sheet(text_review, SheetOptions(readers=("finance", "executive")))
    stated = [ln for ln in sheet.lines if ln.status != "missing" and ln.topic]
    assert stated and all(ln.citation.startswith("p. ") and ln.quote and ln.page >= 1 for ln in stated)
    fees = [ln for ln in stated if ln.topic == "fees"]
    assert fees and "1,000" in fees[0].value and fees[0].citation == "p. 1, §3"
    assert {ln.status for ln in sheet.lines} <= {"stated", "missing", "vague"}


def test_support_hours_and_maintenance_lines_print_the_window(clean_review):
    sheet = build_sheet(clean_review, SheetOptions(readers=("it",)))
    texts = {ln.topic: ln.text for ln in sheet.lines if ln.value}
    assert texts["support.hours"] == "Support is available: Mon–Fri 08:00–18:00 Central European Time."
    assert texts["sla.maintenance"] == "Planned maintenance may take the service down: Sun 02:00–06:00 CET."
    # once the hours are given, "raise requests ... during support hours by phone" (4.2 Support channels) and the
    # availability clause's "excluding scheduled maintenance" add no line of their own
    assert [ln.citation for ln in sheet.lines if ln.topic == "support.hours"] == ["p. 3, §4.1"]
    assert [ln.citation for ln in sheet.lines if ln.topic == "sla.maintenance"] == ["p. 4, §4.5"]


def test_how_often_invoices_go_out_is_not_a_payment_term():
    review = analyze_text("5.3 Payment terms\nThe fees are invoiced annually in advance.\n")
    lines = [ln.text for ln in build_sheet(review, SheetOptions(readers=("finance",))).lines
             if ln.topic == "payment.terms"]
    assert lines and not any("1 year" in text for text in lines)


def test_a_notice_about_maintenance_is_no_evidence_of_the_renewal_notice(clean_review):
    """Seen on the four-reader sheet: "5 business days' notice" of maintenance (4.5) was quoted as the notice to
    stop a renewal. Only facts sure enough of their role add their clause to a disclosure's evidence."""
    clauses = {c.id: c.number for c in clean_review.clauses}
    evidence = [clauses[c] for c in clean_review.disclosure("term.notice").evidence]
    assert evidence[0] == "6.1" and "4.5" not in evidence and "5.4" not in evidence
    assert "5.7" not in evidence  # "90 days' written notice of any [price] increase" is no notice to stop a renewal
    lines = build_sheet(clean_review, SheetOptions(readers=("executive",))).lines
    assert [ln.citation for ln in lines if ln.topic == "term.notice"][:1] == ["p. 5, §6.1"]
    assert not any(ln.topic == "term.notice" and "§4.5" in ln.citation for ln in lines)


def test_a_passing_mention_with_unclear_wording_keeps_its_line(problem_review):
    """§2.1 only mentions the schedule, but its "etc." is a point to settle: its timeline line stays."""
    lines = build_sheet(problem_review, SheetOptions(readers=("executive",))).lines
    kept = [ln for ln in lines if ln.id == "timeline.delivery/c4"]
    assert kept and kept[0].status == "vague" and "etc." in kept[0].text


def test_excluded_lines_are_left_out(text_review, tmp_path):
    full = build_sheet(text_review, SheetOptions(readers=("finance",)))
    fee = next(ln for ln in full.lines if ln.topic == "fees" and ln.status != "missing")
    point = full.open_points[0]
    options = SheetOptions(readers=("finance",), excluded=frozenset({fee.id, point.id}))
    sheet = build_sheet(text_review, options)
    assert fee.id not in {ln.id for ln in sheet.lines} and point.id not in {p.id for p in sheet.open_points}
    assert sheet.excluded == 2
    text = _read_back(write_sheet(text_review, tmp_path / "ex.pdf", options))
    assert _norm(fee.text) not in text and _norm(point.text) not in text


def test_header_is_guessed_and_overridable(problem_review):
    sheet = build_sheet(problem_review, SheetOptions())
    assert sheet.provider == "Brightline Software Ltd"
    assert sheet.customer == "Northwind Logistics"
    assert "Proposal" in sheet.title
    edited = build_sheet(problem_review, SheetOptions(customer="Northwind B.V.", provider="BL", title="T"))
    assert (edited.customer, edited.provider, edited.title) == ("Northwind B.V.", "BL", "T")


def test_pdf_metadata_footer_and_status_words(problem_review, tmp_path):
    out = write_sheet(problem_review, tmp_path / "s.pdf", SheetOptions(readers=("finance", "users"), paper="a4"))
    pdf = pdfium.PdfDocument(str(out))
    try:
        meta = pdf.get_metadata_dict()
        pages = len(pdf)
        width, height = pdf[0].get_size()
        # the project's reader drops running footers as page furniture, so read the raw page text here
        raw = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(pages)]
    finally:
        pdf.close()
    assert meta["Title"].startswith("Expectations sheet: ")
    assert "proposal-with-problems.pdf" in meta["Subject"] and "finance" in meta["Subject"]
    assert meta["Creator"].startswith("Upfront ")
    assert (round(width), round(height)) == (595, 842)
    assert pages >= 2
    for number, page_text in enumerate(raw, 1):
        assert f"Page {number} of {pages}" in page_text
        assert "Generated by Upfront" in page_text and "sha256 8eb96ce6e0e2" in page_text
    text = read_document(out).text
    for status in sheet_config()["status"].values():  # status is a word and a symbol, not a colour
        assert f"{status['symbol']} {status['word']}" in text


def test_paper_sizes(text_review):
    letter = render_sheet(build_sheet(text_review, SheetOptions()), SheetOptions(paper="letter"))
    pdf = pdfium.PdfDocument(letter)
    try:
        assert tuple(round(v) for v in pdf[0].get_size()) == (612, 792)
    finally:
        pdf.close()
    assert resolve_paper("auto", {"LANG": "en_US.UTF-8"}) == "letter"
    assert resolve_paper("auto", {"LANG": "de_DE.UTF-8"}) == "a4"
    assert resolve_paper("auto", {"LC_PAPER": "en_CA.UTF-8", "LANG": "fr_FR.UTF-8"}) == "letter"
    assert resolve_paper("auto", {}) == "a4"
    assert resolve_paper("A4") == "a4"


def test_refuses_to_overwrite_the_input(problem_sample, problem_review, tmp_path):
    before = problem_sample.read_bytes()
    with pytest.raises(UpfrontError, match="overwrite"):
        write_sheet(problem_review, problem_sample, SheetOptions())
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(problem_sample, copy)
    with pytest.raises(UpfrontError, match="copy of the proposal"):
        write_sheet(problem_review, copy, SheetOptions())
    assert problem_sample.read_bytes() == before and copy.read_bytes() == before
    with pytest.raises(UpfrontError, match="folder"):
        write_sheet(problem_review, tmp_path, SheetOptions())


def test_overwrites_an_older_sheet(text_review, tmp_path):
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"%PDF-1.4 old sheet")
    assert write_sheet(text_review, out, SheetOptions()) == out
    assert out.read_bytes().startswith(b"%PDF") and len(out.read_bytes()) > 1000


def test_unknown_reader_is_refused(text_review):
    with pytest.raises(ValueError, match="unknown reader"):
        build_sheet(text_review, SheetOptions(readers=("cfo",)))


def test_several_readers_keep_one_block_each(problem_review):
    sheet = build_sheet(problem_review, SheetOptions(readers=("finance", "it")))
    assert [r for r in dict.fromkeys(s.reader for s in sheet.sections)] == ["finance", "it"]
    ids = [p.id for p in sheet.open_points]
    assert len(ids) == len(set(ids))
    assert any(set(p.readers) == {"finance", "it"} for p in sheet.open_points)


def test_contacts_from_the_document(text_review):
    sheet = build_sheet(text_review, SheetOptions(contact="Jo Bloggs, jo@globex.example"))
    contacts = [ln for s in sheet.sections if s.id == "contacts" for ln in s.lines]
    values = [ln.value for ln in contacts]
    assert "Jo Bloggs, jo@globex.example" in values
    assert "support@acme.example" in values and "+44 20 7946 0958" in values


def test_sheet_is_frozen_content(text_review):
    sheet = build_sheet(text_review, SheetOptions())
    with pytest.raises(dataclasses.FrozenInstanceError):
        sheet.title = "x"  # type: ignore[misc]


def test_sheet_data_covers_every_topic():
    cfg = sheet_config()
    placed = [t for s in cfg["section"] for t in s["topics"]]
    assert sorted(placed) == sorted(resources.topics()), "every topic sits in exactly one section"
    assert set(cfg["lines"]) == set(resources.topics()), "every topic has a plain-language line"
    assert all("{value}" in tmpl["value"] and "{" not in tmpl["plain"] for tmpl in cfg["lines"].values())
    section_ids = {s["id"] for s in cfg["section"]}
    assert set(cfg["readers"]) == set(resources.AUDIENCES)
    assert all(set(r["sections"]) <= section_ids for r in cfg["readers"].values())
    assert "{phrases}" in cfg["vague_note"] and set(cfg["status"]) == {"stated", "mentioned", "missing", "vague"}


def test_unclear_lines_say_which_words(problem_review):
    sheet = build_sheet(problem_review, SheetOptions(readers=("it",)))
    vague = [ln for ln in sheet.lines if ln.status == "vague" and ln.section != "open"]
    assert vague, "the problem sample has vague wording in stated topics"
    assert all("Wording to settle: “" in ln.text for ln in vague)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_renders(body, name):
    """Whatever a damaged or hostile text layer holds (markup, control characters, RTL marks), a sheet renders."""
    review = analyze_text("1. Fees\nThe fee is €5 per month. " + body + "\n2. Support\n" + body)
    options = SheetOptions(readers=("finance", "users"), customer=name, title=body[:60])
    data = render_sheet(build_sheet(review, options), options)
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def test_control_characters_and_surrogates_are_dropped(text_review):
    options = SheetOptions(customer="A\x00B\x0bC", title="T\ud800itle")
    data = render_sheet(build_sheet(text_review, options), options)
    pdf = pdfium.PdfDocument(data)
    try:
        assert pdf.get_metadata_dict()["Title"] == "Expectations sheet: T itle"
    finally:
        pdf.close()


def test_header_guesses_on_contract_wording():
    review = analyze_text(
        "as updated from time to time, or other written agreement\n"
        "MASTER HOSTING AGREEMENT\n"
        "This agreement is made between Globex Inc. (“Provider”) and the customer (“Customer”).\n"
        "1. Fees\nThe fee is $5 per month.\n")
    header = build_sheet(review, SheetOptions())
    assert header.title == "MASTER HOSTING AGREEMENT"
    assert header.provider == "Globex Inc."
    assert header.customer == ""  # "the customer" is a role, not a name
    junk = dataclasses.replace(review, document=dataclasses.replace(review.document, title="Microsoft Word - x.docx"))
    assert build_sheet(junk, SheetOptions()).title == "MASTER HOSTING AGREEMENT"
    plain = analyze_text("1. Fees\nThe fee is $5 per month.\n")
    named = dataclasses.replace(plain, document=dataclasses.replace(plain.document, title="Hosting Order 2026"))
    assert build_sheet(named, SheetOptions()).title == "Hosting Order 2026"
    assert build_sheet(dataclasses.replace(plain, meta={"customer": "Initech"}), SheetOptions()).customer == "Initech"


def test_dismissed_findings_raise_no_question(problem_review):
    sheet = build_sheet(problem_review, SheetOptions(readers=("it", "finance")))
    wording = next(p for p in sheet.open_points if p.status == "vague")
    same = {f.key for f in problem_review.findings
            if f.rule_id == wording.id.split("/")[1] and " ".join(f.text.split()) == wording.value}
    missing = next(f for f in problem_review.findings if f.kind == "missing_disclosure" and f.topic
                   and any(p.id == f"open/{f.topic}" for p in sheet.open_points))
    after = build_sheet(problem_review, SheetOptions(readers=("it", "finance"),
                                                     dismissed=frozenset({*same, missing.key})))
    ids = {p.id for p in after.open_points}
    assert same
    assert wording.id not in ids and f"open/{missing.topic}" not in ids
    assert len(after.open_points) < len(sheet.open_points)


@pytest.mark.corpus_full
@pytest.mark.timeout(7200)
def test_round_trip_every_cuad_contract(corpus, tmp_path):
    """Every CUAD dev contract, every reader: the sheet renders and reads back with all its items (long)."""
    failures = []
    for pdf in sorted((corpus / "cuad-dev" / "pdf").iterdir()):
        review = analyze(pdf)
        for reader in resources.AUDIENCES:
            try:
                _assert_round_trip(review, reader, tmp_path / "sheet.pdf")
            except AssertionError as err:
                failures.append(f"{pdf.name} [{reader}]: {str(err)[:200]}")
    assert not failures, f"{len(failures)} sheets failed:\n" + "\n".join(failures[:20])


def test_unprintable_glyphs_and_unbreakable_citations():
    from desktop.sheet.render import NBSP, line_paragraph

    assert printable("EMV。 Zoë — €5 “ok”") == "EMV\ufffd Zoë — €5 “ok”"  # DejaVu has no CJK full stop
    assert printable("a\x00b") == "a b"
    line = build_sheet(analyze_text(PROPOSAL), SheetOptions(readers=("finance",))).lines[0]
    markup = line_paragraph(dataclasses.replace(line, citation="p. 12, §3.4")).text
    assert f"{NBSP}—{NBSP}" in markup and f"p.{NBSP}12,{NBSP}§3.4" in markup  # never a lone "p. 12" line


def test_the_quote_is_the_sentence_that_states_the_topic(clean_sample) -> None:
    """'4.1 Support hours' is quoted by its statement of the hours, not by a later mention of 'support hours'."""
    from checks.analyze import analyze
    from desktop.sheet import SheetOptions, build_sheet

    sheet = build_sheet(analyze(clean_sample), SheetOptions(readers=("it",)))
    hours = [line for line in sheet.lines if line.topic == "support.hours"]
    assert hours[0].quote.startswith("Support is available Monday to Friday, 08:00–18:00")


def test_a_line_does_not_borrow_an_amount_about_something_else(clean_review) -> None:
    """'€0.06 per SMS' beside the support rates is no support cost, and the service credit's 25% cap is no
    availability target."""
    sheet = build_sheet(clean_review, SheetOptions(readers=("finance", "it")))
    by_topic: dict[str, list[str]] = {}
    for line in sheet.lines:
        by_topic.setdefault(line.topic, []).append(line.text)
    assert not any("0.06" in t for t in by_topic["fees.support"])
    assert any(t.endswith("available 99.5% of the time.") for t in by_topic["sla.availability"])


def test_no_section_heading_is_left_alone_at_the_foot_of_a_page(problem_review, tmp_path):
    """A heading moves to the next page with its first line, however tall that line is."""
    import pypdfium2 as pdfium

    options = SheetOptions(readers=tuple(resources.AUDIENCES), paper="a4")
    sheet = build_sheet(problem_review, options)
    headings = {section.heading for reader in sheet.readers for section in sheet.reader_sections(reader)}
    out = write_sheet(problem_review, tmp_path / "all.pdf", options)
    pdf = pdfium.PdfDocument(str(out))
    try:
        for index in range(len(pdf)):
            lines = [ln.strip() for ln in pdf[index].get_textpage().get_text_range().splitlines() if ln.strip()]
            body = [ln for ln in lines if not ln.startswith("Generated by") and "— expectations sheet" not in ln]
            assert body[-1] not in headings, f"page {index + 1} ends with the heading {body[-1]!r}"
    finally:
        pdf.close()
