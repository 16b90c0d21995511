"""Clause segmentation: every numbering scheme real contracts use, and the numbers that are not clauses."""

from __future__ import annotations

from extractors.clauses import split_clauses
from extractors.model import Clause
from extractors.plain import document_from_text


def clauses(text: str) -> list[Clause]:
    return list(split_clauses(document_from_text(text)))


def by_number(text: str) -> dict[str, Clause]:
    return {c.number: c for c in clauses(text) if c.number}


def test_decimal_numbers_nest_and_never_swallow_the_next_clause() -> None:
    got = by_number(
        "1. Services. The Provider shall provide the Services.\n"
        "1.1 Scope. The scope is described in Exhibit A.\n"
        "1.1.1 Hosting. Hosting is included.\n"
        "2. Fees. Customer pays the fees.\n"
    )
    assert list(got) == ["1", "1.1", "1.1.1", "2"]
    assert [got[n].level for n in got] == [1, 2, 3, 1]
    assert got["1"].heading == "Services"
    assert got["1.1"].heading == "Scope"
    assert "Scope" not in got["1"].text and "Hosting" not in got["1.1"].text
    assert got["1.1.1"].text == "1.1.1 Hosting. Hosting is included."


def test_clause_offsets_point_at_the_clause_text() -> None:
    text = "Preamble words here.\n1. Term. One year.\n2. Fees. Ten dollars.\n"
    doc = document_from_text(text)
    for c in split_clauses(doc):
        assert doc.text[c.start:c.end] == c.text
        assert c.spans and c.spans[0].page == 1


def test_preamble_before_the_first_heading_is_a_clause_of_its_own() -> None:
    got = clauses("This Agreement is made between A and B.\n1. Term. One year.")
    assert got[0].number == "" and got[0].text.startswith("This Agreement")
    assert got[1].number == "1"


def test_enumerations_are_sub_clauses_with_deeper_levels() -> None:
    got = clauses(
        "5.2 Renewal. The Agreement renews:\n"
        "(a) automatically for one year; and\n"
        "(b) unless notice is given:\n"
        "(i) in writing; or\n"
        "(ii) by e-mail.\n"
        "(c) at the same fees.\n"
        "6. Fees. Fees apply."
    )
    levels = {c.number: c.level for c in got}
    assert levels["5.2"] == 2
    assert levels["(a)"] == levels["(b)"] == levels["(c)"] == 3
    assert levels["(i)"] == levels["(ii)"] == 4
    assert levels["6"] == 1
    assert next(c for c in got if c.number == "(b)").text == "(b) unless notice is given:"


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    lines = "\n".join(f"({chr(c)}) item {chr(c)} text" for c in range(ord("a"), ord("j")))
    got = clauses("1. List. Items:\n" + lines)
    levels = {c.number: c.level for c in got}
    assert levels["(i)"] == levels["(h)"] == levels["(a)"]


def test_section_article_schedule_exhibit_headings() -> None:
    got = clauses(
        "ARTICLE IV\n"
        "TERM AND TERMINATION\n"
        "Section 4.1 Term. The term is one year.\n"
        "Section 4.2 Termination for Convenience. Either party may terminate.\n"
        "Schedule A - Fees\n"
        "Monthly fee of USD 1,000.\n"
        "Exhibit B Service Levels\n"
        "Uptime is 99.9%."
    )
    got_by = {c.number: c for c in got}
    assert got_by["ARTICLE IV"].heading == "TERM AND TERMINATION"
    assert got_by["ARTICLE IV"].level == 1
    assert got_by["Section 4.1"].heading == "Term"
    assert got_by["Section 4.2"].level > got_by["ARTICLE IV"].level
    assert got_by["Schedule A"].heading == "Fees"
    assert got_by["Exhibit B"].heading == "Service Levels"
    assert "Uptime" in got_by["Exhibit B"].text and "Uptime" not in got_by["Schedule A"].text


def test_capitalised_heading_lines_start_clauses() -> None:
    got = clauses(
        "Intro text.\n"
        "CONFIDENTIALITY\n"
        "Each party keeps the other's information secret.\n"
        "LIMITATION OF LIABILITY\n"
        "Liability is capped at the fees paid."
    )
    headings = [c.heading for c in got]
    assert "CONFIDENTIALITY" in headings and "LIMITATION OF LIABILITY" in headings
    cap = next(c for c in got if c.heading == "LIMITATION OF LIABILITY")
    assert "secret" not in cap.text and "capped" in cap.text


def test_a_disclaimer_set_in_capitals_stays_one_clause() -> None:
    """Short capitals lines of one paragraph are its lines, not headings: the warranty's claim window (CUAD
    Cybergy, 16.2) used to be cut into five one-line clauses."""
    got = clauses(
        "16.2 WARRANTY. EXCEPT AS SET OUT ABOVE, COMPANY MAKES NO OTHER WARRANTY\n"
        "WITH COMPANY AND COMPANY PUBLISHED SPECIFICATIONS\n"
        "REGARDING THE TECHNOLOGY; PROVIDED, ANY CLAIM FOR BREACH\n"
        "OF WARRANTY UNDER SUBPARAGRAPH (A) HEREOF MUST BE MADE\n"
        "IN WRITING WITHIN (90) DAYS FROM DATE OF SHIPMENT.\n"
        "16.3 Liability. Neither party is liable for indirect damages."
    )
    assert [c.number for c in got] == ["16.2", "16.3"]
    assert got[0].text.endswith("DATE OF SHIPMENT.") and "ANY CLAIM FOR BREACH" in got[0].text


def test_a_capitals_heading_on_two_lines_is_one_heading() -> None:
    got = clauses(
        "Intro text.\n\n"
        "REPRESENTATIONS AND\n"
        "WARRANTIES\n"
        "Each party represents that it is duly organized.\n\n"
        "SCHEDULE - A\n"
        "Prices are as follows."
    )
    assert [c.heading for c in got] == ["", "REPRESENTATIONS AND WARRANTIES", "SCHEDULE - A"]
    assert got[1].text.endswith("duly organized.") and got[2].text.endswith("as follows.")


def test_capitals_headings_next_to_capitals_lines_stay_headings() -> None:
    """Found by review: a heading under a long capitals title, a two-line heading above capitals text, and a
    heading that ends on "IS"."""
    got = clauses(
        "Body text ends.\n"
        "EXHIBIT B SERVICE LEVEL AGREEMENT FOR HOSTED SERVICES\n"
        "SUPPORT HOURS\n"
        "Support is available on weekdays.\n\n"
        "REPRESENTATIONS AND\n"
        "WARRANTIES\n"
        "EACH PARTY REPRESENTS THAT IT IS DULY ORGANIZED AND VALIDLY EXISTING.\n\n"
        "SOFTWARE PROVIDED AS IS\n"
        "The software is provided as is."
    )
    headings = [c.heading for c in got]
    assert "SUPPORT HOURS" in headings and "REPRESENTATIONS AND WARRANTIES" in headings
    assert "SOFTWARE PROVIDED AS IS" in headings
    hours = next(c for c in got if c.heading == "SUPPORT HOURS")
    assert hours.text.endswith("available on weekdays.")


def test_definitions_list_items_are_clauses_named_by_their_term() -> None:
    got = clauses(
        "1. Definitions.\n"
        "\"Services\" means the services described in Exhibit A.\n"
        "“Fees” shall mean the fees set out in Schedule B.\n"
        "2. Term. One year."
    )
    defs = [c for c in got if c.heading in ("Services", "Fees")]
    assert len(defs) == 2
    assert all(c.level == 2 for c in defs)
    assert defs[1].text.startswith("“Fees” shall mean")


def test_amounts_units_years_and_footers_are_not_headings() -> None:
    got = clauses(
        "1. Fees. The fee is\n"
        "1,000 dollars per month and\n"
        "30 days notice applies, payable within\n"
        "12.5 million units over\n"
        "2024 and later years.\n"
        "12 Source: ACME CORP, 8-K, 1/2/2020\n"
        "3 months after signing.\n"
        "2. Term. One year."
    )
    assert [c.number for c in got] == ["1", "2"]
    assert "2024 and later years." in got[0].text


def test_table_of_contents_lines_are_not_clauses() -> None:
    got = clauses(
        "TABLE OF CONTENTS\n"
        "1. Definitions ........ 1\n"
        "2. Term and Termination 3\n"
        "Section 9.02. Limitation of Liability 13\n"
        "1. Definitions. Terms have these meanings.\n"
    )
    numbers = [c.number for c in got]
    assert numbers.count("1") == 1 and "2" not in numbers and "Section 9.02" not in numbers


def test_numbered_table_rows_are_not_headings() -> None:
    got = clauses("SCHEDULE A\nPricing\n1 Professional services 5,000\n2 Support 1,200\n")
    assert [c.number for c in got] == ["SCHEDULE A"]


def test_a_bracketed_number_wrapped_to_a_new_line_is_not_an_enumeration() -> None:
    got = clauses("8.1 Term. Notice no less than thirty\n(30) days before expiry.\n(a) the first item\n")
    assert [c.number for c in got] == ["8.1", "(a)"]
    assert "(30) days before expiry." in got[0].text


UNNUMBERED = (
    "Managed Hosting Proposal\n"
    "This is a hosting agreement between Example Ltd and the Customer. The term is 12 months.\n"
    "Included Services\n"
    "System Administration\n"
    "Management of the mail, web and database servers, with nightly off-site backups.\n"
    "Technical Support\n"
    "24 x 7 emergency phone support and a next-business-day email response on other issues.\n"
    "Professional Services\n"
    "- Custom development is charged at $95 per hour.\n"
    "Payment Terms\n"
    "Hosting fees are invoiced monthly and are due within 30 days of the invoice date.\n"
    "Signed for the Provider and the Customer.\n"
    "Jane Q. Smith, Esq.\n"
    "Chief Executive Officer\n"
    "Example Holdings (U.S.), Ltd.\n"
)


def test_title_case_lines_are_the_headings_of_an_unnumbered_document() -> None:
    got = clauses(UNNUMBERED)
    headings = [c.heading for c in got]
    assert headings == ["Managed Hosting Proposal", "Included Services", "System Administration", "Technical Support",
                        "Professional Services", "Payment Terms"]
    support = got[headings.index("Technical Support")]
    assert "email response" in support.text and "Payment" not in support.text
    assert "Chief Executive Officer" in got[-1].text  # a signature block's title is not a heading


def test_title_case_lines_stay_text_in_a_numbered_document() -> None:
    numbered = ("1. Services. The Provider hosts the Customer's site.\n"
                "2. Support. The Provider answers calls.\n"
                "Technical Support\n"
                "Calls are answered on business days from 9 am to 5 pm.\n"
                "3. Fees. The fee is $95 per hour.\n")
    assert [c.number for c in clauses(numbered)] == ["1", "2", "3"]


def test_a_letter_s_greeting_and_sign_off_are_not_headings() -> None:
    letter = ("Dear Jane Smith\n"
              "Thank you for your interest in our hosting service. Our offer follows below.\n"
              "Hosting Services\n"
              "We host the shop and the database on two servers in Frankfurt.\n"
              "Best Regards\n"
              "John Brown\n"
              "Account Manager\n"
              "Acme Widgets Ltd\n")
    assert [c.heading for c in clauses(letter)] == ["", "Hosting Services"]



def test_a_numbered_heading_in_sentence_case_names_its_clause() -> None:
    got = by_number("4.1 Support hours\nSupport is available Monday to Friday, 08:00–18:00 CET.\n"
                    "4.2 Response to requests\nWe reply within 4 business hours.\n"
                    "4.3 The customer shall pay\nthe fees within 30 days.\n")
    assert got["4.1"].heading == "Support hours"
    assert got["4.2"].heading == "Response to requests"
    assert got["4.3"].heading == ""  # the sentence runs on in lower case: no heading
