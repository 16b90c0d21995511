"""Response-time matrices: each target with its severity and whether it is the response or the resolution."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checks.analyze import analyze
from desktop.sheet import SheetOptions, build_sheet
from extractors.model import Table
from extractors.pdf import read_document
from extractors.pipeline import understand
from extractors.plain import document_from_text
from extractors.table_facts import column_roles, table_facts

MATRIX_TEXT = (
    "4. Support\n"
    "Priority Description Initial reaction Time to restore\n"
    "P1 Outage of the whole service 30 minutes 4 hours\n"
    "P2 Degraded service for many users 2 hours 2 business days\n"
    "P3 Questions 1 business day 4 hours / 8 hours at weekends\n"
)
MATRIX = (("Priority", "Description", "Initial reaction", "Time to restore"),
          ("P1", "Outage of the whole service", "30 minutes", "4 hours"),
          ("P2", "Degraded service for many users", "2 hours", "2 business days"),
          ("P3", "Questions", "1 business day", "4 hours / 8 hours at weekends"))


def _doc_with_matrix():
    doc = document_from_text(MATRIX_TEXT)
    return replace(doc, tables=(Table(1, (50.0, 100.0, 550.0, 300.0), MATRIX),))


def test_header_cells_name_the_target_of_each_column() -> None:
    assert column_roles(MATRIX[0]) == {2: "response", 3: "resolution"}
    assert column_roles(("Severity", "Definition of a response", "Response time")) == {2: "response"}
    assert column_roles(("Item", "Quantity", "Unit price")) == {}


def test_each_cell_is_a_fact_at_its_own_place_in_the_text() -> None:
    doc = _doc_with_matrix()
    got = [(f.value["severity"], f.value["role"], f.normalized, f.value["business"], doc.text[f.start:f.end])
           for f in table_facts(doc)]
    assert got == [
        ("P1", "response", "30 minutes", False, "30 minutes"),
        ("P1", "resolution", "4 hours", False, "4 hours"),
        ("P2", "response", "2 hours", False, "2 hours"),
        ("P2", "resolution", "2 days", True, "2 business days"),
        ("P3", "response", "1 day", True, "1 business day"),
        # "4 hours / 8 hours at weekends" is two targets in one cell: not guessed
    ]
    p1_restore = got[1]
    assert MATRIX_TEXT.index("4 hours") == doc.text.index(p1_restore[4])  # P1's cell, not P3's


def _facts_of(text: str, rows: tuple[tuple[str, ...], ...]) -> list[tuple[str, str, str, int]]:
    doc = replace(document_from_text(text), tables=(Table(1, (50.0, 100.0, 550.0, 300.0), rows),))
    return [(f.value["severity"], f.value["role"], doc.text[f.start:f.end], f.start) for f in table_facts(doc)]


def test_cells_are_found_as_whole_words_in_their_own_row() -> None:
    text = "Level Response Resolution\n1 2 hours 12 hours\n2 1 day 2 hours\n3 1 day 5 days\n"
    got = _facts_of(text, (("Level", "Response", "Resolution"), ("1", "2 hours", "12 hours"),
                           ("2", "1 day", "2 hours"), ("3", "1 day", "5 days")))
    assert [(sev, role, said) for sev, role, said, _ in got] == [
        ("1", "response", "2 hours"), ("1", "resolution", "12 hours"), ("2", "response", "1 day"),
        ("2", "resolution", "2 hours"), ("3", "response", "1 day"), ("3", "resolution", "5 days")]
    starts = [start for *_, start in got]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)  # each cell at its own place
    assert text.index("12 hours") == starts[1] and text.index("2 hours", text.index("\n2 ")) == starts[3]


def test_continuation_rows_and_rows_not_in_the_text_give_no_targets() -> None:
    text = "Severity Response\nSev 1 1 hour (on\nbusiness days)\nSev 2 4 hours\n"
    got = _facts_of(text, (("Severity", "Response"), ("Sev 1", "1 hour (on"), ("", "business days)"),
                           ("Sev 9", "8 hours"), ("Sev 2", "4 hours")))
    assert [(sev, said) for sev, _role, said, _ in got] == [("Sev 1", "1 hour"), ("Sev 2", "4 hours")]


def test_table_targets_replace_what_the_text_made_of_the_same_cells() -> None:
    ex = understand(_doc_with_matrix())
    response = [f for f in ex.facts if f.value.get("table")]
    assert len(response) == 5 and all(f.topic == "support.response" for f in response)
    assert [(f.value["severity"], f.value["role"], f.normalized) for f in response][:2] == [
        ("P1", "response", "30 minutes"), ("P1", "resolution", "4 hours")]
    spans = [(f.start, f.end) for f in ex.facts if f.kind == "duration"]
    assert len(spans) == len(set(spans))  # one fact per cell, not a table one and a text one
    assert next(d for d in ex.disclosures if d.topic == "support.response").value == "30 minutes"


def test_the_clean_sample_matrix_reaches_the_it_sheet(clean_sample: Path) -> None:
    doc = read_document(clean_sample)
    got = [(f.value["severity"], f.value["role"], f.normalized) for f in table_facts(doc)]
    assert got == [("Severity 1", "response", "1 hour"), ("Severity 1", "resolution", "8 hours"),
                   ("Severity 2", "response", "4 hours"), ("Severity 2", "resolution", "3 days"),
                   ("Severity 3", "response", "2 days"), ("Severity 3", "resolution", "15 days")]
    sheet = build_sheet(analyze(clean_sample), SheetOptions(readers=("it",)))
    texts = [line.text for line in sheet.lines if line.topic == "support.response"]
    assert any("Severity 2 — response 4 business hours, resolution 3 business days" in t for t in texts), texts


def test_two_tables_in_one_clause_stay_apart_on_the_sheet() -> None:
    from desktop.sheet.prices import severity_matrix

    text = ("Severity Response\nS1 1 hour\nS2 4 hours\nAfter hours: Severity Response\nS1 4 hours\n")
    doc = replace(document_from_text(text), tables=(
        Table(1, (50.0, 100.0, 550.0, 200.0), (("Severity", "Response"), ("S1", "1 hour"), ("S2", "4 hours"))),
        Table(1, (50.0, 300.0, 550.0, 400.0), (("Severity", "Response"), ("S1", "4 hours")))))
    facts = understand(doc).facts
    assert severity_matrix(list(facts)) == "S1 — response 1 hour; S2 — response 4 hours | S1 — response 4 hours"
    after_hours = [f for f in facts if f.value.get("table") == 2]
    assert [f.start for f in after_hours] == [text.rindex("4 hours")]  # the second table's own cell

