"""Principal values per topic: small texts through the whole pipeline, and a sample of real contracts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.model import Fact
from extractors.pipeline import extract_text
from extractors.values import fact_days, principal_value


def _value(text: str, topic: str) -> str:
    ex = extract_text(text)
    return principal_value(topic, [c for c in ex.clauses if topic in c.topics], ex.facts, ex.document)


CASES = [
    ("term.renewal", "1. Term\nThis Agreement shall automatically renew for successive one-year terms unless either "
                     "party gives notice of non-renewal.", "1 year"),
    ("term.renewal", "1. Term\nThe initial term is three (3) years. Thereafter this Agreement renews automatically "
                     "for successive periods of twelve (12) months.", "12 months"),
    ("term.renewal", "1. Term\nThis Agreement shall continue in full force and effect until terminated by either "
                     "party.", "perpetual"),
    ("term.renewal", "1. Term\nThe Agreement will renew on a year-to-year basis.", "1 year"),
    ("term.renewal", "1. Term\nThe term is five (5) years and shall renew for successive terms of the same "
                     "duration.", "5 years"),
    ("term.notice", "1. Term\nThis Agreement renews for successive one (1) year periods unless either party notifies "
                    "the other at least ninety (90) days prior to the end of the then-current term.", "90 days"),
    ("term.notice", "1. Renewal\nThe Agreement renews annually unless a party gives sixty (60) days' written notice "
                    "of non-renewal. Either party may cure a breach within thirty (30) days.", "60 days"),
    ("term.expiration", "1. Term\nThis Agreement shall commence on the Effective Date and remain in effect for a "
                        "period of two (2) years, and shall be automatically renewed for successive one-year "
                        "periods.", "2 years"),
    ("term.expiration", "1. Term\nThis Agreement shall commence on the Effective Date and shall terminate on "
                        "December 31, 2034.", "2034-12-31"),
    ("payment.terms", "4. Payment\nCustomer shall pay each invoice within thirty (30) days of receipt of the "
                      "invoice. Supplier will invoice monthly in arrears.", "30 days"),
    ("payment.terms", "4. Payment\nAll invoices are payable net 45.", "45 days"),
    ("payment.terms", "4. Payment\nProvider will invoice within 10 days of the end of each month. Customer shall "
                      "pay such invoices within 30 days following receipt.", "30 days"),
    ("support.response", "5. Support\nSeverity 1: response within 30 minutes. Severity 2: response within 4 hours. "
                         "Severity 3: response within two business days.", "30 minutes"),
    ("sla.availability", "6. Service levels\nThe Service will be available 99.9% of the time, measured monthly. "
                         "A credit of 10% applies.", "99.9%"),
    ("warranty", "7. Warranty\nSupplier warrants that the Services will conform to the Specifications for a period "
                 "of ninety (90) days after acceptance.", "90 days"),
]


MORE = [  # other common wordings, one clause each
    ("term.renewal", "This Agreement shall be renewed automatically for consecutive periods of one (1) year.",
     "1 year"),
    ("term.renewal", "The Term shall be extended for additional one (1) year periods unless either party objects.",
     "1 year"),
    ("term.renewal", "Each renewal term shall be for a period of two (2) years.", "2 years"),
    ("term.notice", "Either party may terminate this Agreement at the end of the initial term or any renewal term by "
                    "written notice of termination no later than three months before expiration.", "3 months"),
    ("term.notice", "This Agreement renews automatically for successive one-year terms unless terminated by notice "
                    "given not less than 6 months prior to the end of the then current term.", "6 months"),
    ("payment.terms", "Invoices are due and payable within thirty (30) days of the invoice date.", "30 days"),
    ("payment.terms", "Payment terms are net thirty (30) days from the date of invoice.", "30 days"),
    ("payment.terms", "Customer will pay all undisputed amounts within forty-five (45) days after receipt of a "
                      "correct invoice.", "45 days"),
    ("sla.availability", "Provider guarantees 99.95% uptime for the Platform, excluding scheduled maintenance.",
     "99.95%"),
    ("warranty", "Contractor warrants its work for twelve (12) months from the date of acceptance.", "12 months"),
    ("support.response", "Priority 1 issues: initial response within one (1) hour; Priority 2: within 4 business "
                         "hours.", "1 hour"),
]
CASES += [(topic, "1. Clause\n" + text, value) for topic, text, value in MORE]


@pytest.mark.parametrize(("topic", "text", "expected"), CASES)
def test_principal_value(topic: str, text: str, expected: str) -> None:
    assert _value(text, topic) == expected


@pytest.mark.parametrize("topic", ["term.renewal", "term.notice", "payment.terms", "sla.availability",
                                   "support.response", "warranty"])
def test_no_value_when_nothing_is_stated(topic: str) -> None:
    text = "1. Services\nThe Supplier shall provide the Services described in Exhibit A in 2005 and 2006."
    assert _value(text, topic) == ""


def test_unvalued_topic_is_empty() -> None:
    assert _value("1. Fees\nThe fee is $1,000 per month.", "fees") == ""


def test_fastest_response_wins_whatever_the_order() -> None:
    text = "5. Support\nLow: respond within 2 business days. Critical: respond within 1 hour."
    assert _value(text, "support.response") == "1 hour"


def test_fact_days_compares_units() -> None:
    def fact(amount: float, unit: str) -> Fact:
        return Fact("duration", "", {"amount": amount, "unit": unit}, "", "", None, "")
    assert fact_days(fact(12, "month")) == pytest.approx(fact_days(fact(1, "year")), rel=0.01)
    assert fact_days(fact(4, "hour")) < fact_days(fact(1, "day"))


def _days(value: str) -> float | None:
    m = re.match(r"(\d+(?:\.\d+)?)\s*(hour|day|week|month|year)s?", value)
    return float(m.group(1)) * {"hour": 1 / 24, "day": 1, "week": 7, "month": 30.4375, "year": 365.25}[m.group(2)] \
        if m else None


def test_renewal_and_notice_values_on_real_contracts(corpus: Path) -> None:
    """A fixed sample of labelled CUAD contracts (the first 12 with a renewal value): most values must match."""
    from extractors.pipeline import extract

    rows = [json.loads(x) for x in (corpus / "cuad-dev" / "labels.jsonl").read_text().splitlines()]
    sample = [r for r in rows if r["topics"]["term.renewal"]["value"]][:12]
    ok = total = 0
    for r in sample:
        ex = extract(corpus / "cuad-dev" / r["pdf"])
        for topic in ("term.renewal", "term.notice"):
            gold = r["topics"][topic]["value"]
            if not gold:
                continue
            got = principal_value(topic, [], ex.facts, ex.document)
            total += 1
            if got == gold == "perpetual" or any(
                    _days(got) is not None and _days(g.strip()) is not None
                    and abs(_days(got) - _days(g.strip())) <= 0.03 * _days(g.strip()) for g in gold.split("|")):
                ok += 1
    assert total >= 15
    assert ok / total >= 0.8


def test_stated_from_facts() -> None:
    from extractors.values import stated

    ex = extract_text("1. Term\nThis Agreement shall automatically renew for successive one-year terms unless either "
                      "party gives written notice of non-renewal at least sixty (60) days before the end of the "
                      "then-current term.")
    assert stated("term.renewal", ex.facts) and stated("term.notice", ex.facts)
    other = extract_text("1. Insurance\nThe Supplier shall renew its insurance policies each year and notify the "
                         "Customer thirty (30) days prior to any cancellation.")
    assert not stated("term.renewal", other.facts) and not stated("term.notice", other.facts)
    assert not stated("fees", ex.facts)
