"""Facts: phrasings -> normalized values, and the role/topic each number gets from its sentence."""

from __future__ import annotations

import pytest

from extractors.amounts import find_dates, find_money, find_percents
from extractors.facts import extract_facts, find_facts
from extractors.numbers import find_durations, parse_number
from extractors.pipeline import extract_text
from extractors.plain import document_from_text

DURATIONS = [
    ("thirty (30) days", "30 days", False),
    ("two business days", "2 days", True),
    ("within 4 hours", "4 hours", False),
    ("twelve (12) months", "12 months", False),
    ("a one-year term", "1 year", False),
    ("a period of three years", "3 years", False),
    ("five (5)-year terms", "5 years", False),
    ("one hundred twenty (120) days", "120 days", False),
    ("ninety days' notice", "90 days", False),
    ("30 (thirty) calendar days", "30 days", False),
    ("ten (10) Business Days", "10 days", True),
    ("forty-five days", "45 days", False),
    ("renews quarterly", "3 months", False),
    ("billed annually", "1 year", False),
    ("on a year-to-year basis", "1 year", False),
    ("month to month", "1 month", False),
    ("an additional year", "1 year", False),
    ("thirty-day period", "30 days", False),
    ("15 minutes", "15 minutes", False),
    ("half a year", "6 months", False),
]
NOT_DURATIONS = ["Section 30 days", "see Article 12 months", "2005", "in the 2005 year", "holidays", "Friday",
                 "120 prior", "the day", "Exhibit 2 years"]


@pytest.mark.parametrize(("text", "normalized", "business"), DURATIONS)
def test_duration_phrasings(text: str, normalized: str, business: bool) -> None:
    found = find_durations(text)
    assert [d.normalized for d in found] == [normalized]
    assert found[0].business is business


@pytest.mark.parametrize("text", NOT_DURATIONS)
def test_not_durations(text: str) -> None:
    assert find_durations(text) == []


def test_duration_offsets_cover_the_words() -> None:
    text = "Customer may terminate on sixty (60) days' written notice."
    (d,) = find_durations(text)
    assert text[d.start:d.end].startswith("sixty (60) days")


@pytest.mark.parametrize(("text", "value"), [("thirty (30)", 30), ("one hundred and eighty", 180),
                                             ("twenty-four", 24), ("1,500", 1500), ("seven", 7), ("banana", None)])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


MONEY = [
    ("USD 1,200.00", "USD 1,200.00"),
    ("$1.2 million", "USD 1,200,000.00"),
    ("€ 950 per month", "EUR 950.00 per month"),
    ("1.500,00 EUR", "EUR 1,500.00"),
    ("$55 CAD per hour", "CAD 55.00 per hour"),
    ("£300 a year", "GBP 300.00 per year"),
    ("Ten Thousand Dollars ($10,000)", "USD 10,000.00"),
    ("5,000 euros", "EUR 5,000.00"),
    ("$250/hour", "USD 250.00 per hour"),
]


@pytest.mark.parametrize(("text", "normalized"), MONEY)
def test_money(text: str, normalized: str) -> None:
    assert [m.normalized for m in find_money(text)] == [normalized]


@pytest.mark.parametrize("text", ["1,000 units", "30 days", "Section 4.2", "version 2.5", "99.9%"])
def test_not_money(text: str) -> None:
    assert find_money(text) == []


@pytest.mark.parametrize(("text", "normalized"), [("99.9%", "99.9%"), ("99.95 percent", "99.95%"),
                                                  ("ten percent (10%)", "10%"), ("97.5 per cent", "97.5%")])
def test_percent(text: str, normalized: str) -> None:
    assert [p.normalized for p in find_percents(text)] == [normalized]


@pytest.mark.parametrize(("text", "iso"), [
    ("March 1, 2005", "2005-03-01"), ("1 March 2005", "2005-03-01"), ("2005-03-01", "2005-03-01"),
    ("the 1st day of March, 2005", "2005-03-01"), ("Sept. 30, 2021", "2021-09-30"), ("12/31/2020", "2020-12-31"),
])
def test_dates(text: str, iso: str) -> None:
    assert [d.normalized for d in find_dates(text)] == [iso]


@pytest.mark.parametrize("text", ["2005", "May 2005 release", "February 30, 2005", "version 1/2"])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def _roles(text: str) -> list[tuple[str, str, str]]:
    return [(f.value.get("role", ""), f.topic, f.normalized) for f in find_facts(text) if f.value.get("role")]


def test_renewal_and_notice_in_one_sentence() -> None:
    roles = _roles("This Agreement shall automatically renew for successive one-year terms unless either party "
                   "gives notice of non-renewal at least ninety days prior to the end of the then-current term.")
    assert ("renewal", "term.renewal", "1 year") in roles
    assert ("notice", "term.notice", "90 days") in roles


def test_initial_term_is_not_the_renewal_period() -> None:
    roles = _roles("This Agreement shall remain in force for a period of three (3) years, and shall be "
                   "automatically renewed for successive periods of one (1) year unless terminated as provided.")
    assert ("initial_term", "term.expiration", "3 years") in roles
    assert ("renewal", "term.renewal", "1 year") in roles
    assert ("renewal", "term.renewal", "3 years") not in roles


def test_perpetual_renewal() -> None:
    roles = _roles("Thereafter this Agreement shall continue in effect until terminated by either party on "
                   "six (6) months' prior written notice.")
    assert ("renewal", "term.renewal", "perpetual") in roles
    assert ("notice", "term.notice", "6 months") in roles


def test_renewing_a_licence_is_not_renewal() -> None:
    roles = _roles("The Supplier shall renew any licence or permit required for the Services within 30 days.")
    assert not [r for r in roles if r[0] == "renewal"]


@pytest.mark.parametrize(("text", "days", "trigger"), [
    ("Invoices are payable net 30.", 30, "invoice"),
    ("Customer shall pay each invoice within forty-five (45) days of receipt of invoice.", 45, "invoice"),
    ("All fees are due upon receipt of the invoice.", 0, "receipt"),
    ("Payment is due within 15 days after the end of each month.", 15, "period_end"),
    ("The monthly charges are due within 20 days.", 20, ""),
])
def test_payment_terms(text: str, days: int, trigger: str) -> None:
    pay = [f for f in find_facts(text) if f.kind == "payment_terms"]
    assert pay and pay[0].value["days"] == days and pay[0].value["trigger"] == trigger
    assert pay[0].topic == "payment.terms"


def test_cure_period_is_not_a_payment_term() -> None:
    text = "Either party may terminate if the other fails to cure a breach of its payment obligations within 30 days."
    assert not [f for f in find_facts(text) if f.kind == "payment_terms"]


def test_a_base_period_is_the_term_and_option_periods_are_not() -> None:
    roles = _roles("The period of performance will include a six-month base period starting on July 13, 2020 "
                   "with two one-year option periods.")
    assert ("initial_term", "term.expiration", "6 months") in roles
    assert not [r for r in roles if r[0] == "initial_term" and r[2] == "1 year"]


@pytest.mark.parametrize(("text", "days"), [
    ("Customer shall remit within 45 days after receipt of Supplier's statement.", 45),
    ("All undisputed bills are due within 30 days.", 30),
    ("Reimbursement of expenses is due within 30 days.", 30),
    ("The first installment will be due thirty (30) days following the Effective Date.", 30),
])
def test_payment_words_other_than_due_need_no_money_word(text: str, days: int) -> None:
    assert [f.value["days"] for f in find_facts(text) if f.kind == "payment_terms"] == [days]


def test_deadlines_and_option_periods_are_not_the_term() -> None:
    assert not [r for r in _roles("The Contractor shall deliver the report within 30 days after the end of the "
                                  "period of performance.") if r[0] == "initial_term"]
    assert not [r for r in _roles("The option period of performance is one year.") if r[0] == "initial_term"]


def test_a_deliverable_due_date_is_not_a_payment_term() -> None:
    """A deliverables table (TDRS task order): "Due Date" heads the column, and nothing is paid."""
    text = ("Deliverable Name Deliverable Title/Description Due Date Roster Roster of all employees "
            "Within 3 days of the effective date of this contract")
    assert not [f for f in find_facts(text) if f.kind == "payment_terms"]


def test_response_targets_per_severity() -> None:
    text = ("Severity 1 incidents: the Provider will respond within 30 minutes. "
            "Severity 2 incidents: the Provider will respond within 4 business hours.")
    resp = [f for f in find_facts(text) if f.value.get("role") == "response"]
    assert [(f.normalized, f.value.get("severity", "").lower(), f.value["business"]) for f in resp] == [
        ("30 minutes", "severity 1", False), ("4 hours", "severity 2", True)]


@pytest.mark.parametrize(("text", "expected"), [
    ("24 x 7 emergency phone support and 1-business-day email response on non-critical issues.", ("1 day", True)),
    ("Critical incidents get a 4-hour on-site response.", ("4 hours", False)),
    ("We guarantee a two business day resolution time for defects.", ("2 days", True)),
])
def test_response_target_written_before_the_response(text: str, expected: tuple[str, bool]) -> None:
    resp = [f for f in find_facts(text) if f.value.get("role") == "response"]
    assert [(f.normalized, f.value["business"]) for f in resp] == [expected]
    assert "support.response" in {d.topic for d in extract_text(text).disclosures if d.present}


@pytest.mark.parametrize("text", ["The 30-day response to the audit notice is due by the end of the quarter.",
                                  "Customer shall pay each invoice within 30 days; a 5-day reply is expected.",
                                  # a deadline between the parties, not a support target
                                  "Licensor will respond in writing within thirty (30) days to a written request "
                                  "for consent.",
                                  "If Licensee fails to respond within thirty (30) days of the notice, the option "
                                  "lapses."])
def test_a_duration_beside_another_response_is_not_a_support_target(text: str) -> None:
    assert not [f for f in find_facts(text) if f.value.get("role") == "response"]


def test_a_repair_turnaround_is_a_response_target() -> None:
    text = ("Supplier will deliver the repaired or replacement unit within seven (7) days of its receipt of the "
            "defective product.")
    assert [f.normalized for f in find_facts(text) if f.value.get("role") == "response"] == ["7 days"]


def test_availability_target() -> None:
    facts = find_facts("The Service will be available 99.9% of the time in each calendar month.")
    assert [(f.topic, f.normalized) for f in facts if f.kind == "percent"] == [("sla.availability", "99.9%")]


def test_performance_guarantee_level_is_a_service_level() -> None:
    facts = find_facts("Output shall be multiplied by eighty-five percent (85%) for the Power Performance Warranty.")
    assert ("sla.availability", "85%") in [(f.topic, f.normalized) for f in facts if f.kind == "percent"]
    facts = find_facts("Licensee shall pay a royalty of 90% of the performance fee.")
    assert all(f.topic != "sla.availability" for f in facts)


def test_topic_from_the_sentence_not_the_clause() -> None:
    text = ("1. Fees\nCustomer shall reimburse reasonable travel expenses up to $500 per trip. "
            "The subscription fee is $1,000 per month.")
    ex = extract_text(text)
    money = [f for f in ex.facts if f.kind == "money"]
    assert [(f.topic, f.normalized) for f in money] == [("expenses", "USD 500.00"), ("fees", "USD 1,000.00 per month")]
    assert money[0].clause_id == money[1].clause_id  # one clause, two topics


def test_facts_carry_clause_span_and_text() -> None:
    text = "1. Term\nThis Agreement renews for successive one (1) year terms.\n\n2. Fees\nFees are $100 per month."
    doc = document_from_text(text)
    ex = extract_text(text)
    facts = extract_facts(doc, ex.clauses)
    renewal = next(f for f in facts if f.value.get("role") == "renewal")
    assert renewal.text == "one (1) year"
    assert text[renewal.start:renewal.end] == renewal.text
    assert renewal.span is not None and renewal.span.page == 1
    assert renewal.clause_id and renewal.clause_id != next(f for f in facts if f.kind == "money").clause_id


@pytest.mark.parametrize(("text", "expected"), [
    ("Support is charged at $55 CAD per hour. Hosting fees are $175 per month.",
     ["CAD 55.00 per hour", "CAD 175.00 per month"]),
    ("All dollar amounts in this Agreement are in Canadian dollars. The fee is $1,000.", ["CAD 1,000.00"]),
    ("Hosting fees are $175 per month.", ["USD 175.00 per month"]),
    # two dollars named: a bare "$" stays US dollars (the default), not a guess between them
    ("Fees are $10 CAD or US$ 8, plus $7 for shipping.", ["CAD 10.00", "USD 8.00", "USD 7.00"]),
    ("The CADENCE fee is $5.", ["USD 5.00"]),
    # "CAD" the drawings, not the currency: only a code beside an amount or after "in" names one
    ("Supplier delivers all CAD drawings and models. The fee is $5,000 per month.", ["USD 5,000.00 per month"]),
    ("Fees are payable in AUD. The monthly fee is $900.", ["AUD 900.00"]),
    ("The set-up fee is CAD 5,000 and the licence $70 per user.", ["CAD 5,000.00", "CAD 70.00 per user"]),
])
def test_a_bare_dollar_is_the_one_dollar_the_document_names(text: str, expected: list[str]) -> None:
    assert [a.normalized for a in find_money(text)] == expected

