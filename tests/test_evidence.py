"""Evidence: the sentence cited for a topic states it, its value comes from that sentence, and the sheet's line
says what the sentence says (who holds the right included)."""

from __future__ import annotations

import pytest

from checks.analyze import analyze_text
from desktop.sheet import SheetOptions, build_sheet

PREAMBLE = ('This Services Agreement is made between Acme Hosting Ltd. ("Provider") and Globex Corp. '
            '("Customer").\n\n')


def disclosure(text: str, topic: str):
    review = analyze_text(PREAMBLE + text)
    return review, review.disclosure(topic)


def stated_quotes(text: str, topic: str) -> list[str]:
    _, d = disclosure(text, topic)
    return [c.quote for c in d.citations if c.status == "stated"]


def test_a_warranty_is_cited_by_the_sentence_that_gives_it_and_its_period() -> None:
    text = ("7. Warranty\n\nAcme warrants that the services will be free from defects for twelve (12) months from "
            "acceptance. Claims must be made within thirty (30) days of discovery.")
    _, d = disclosure(text, "warranty")
    assert d.present and d.value == "12 months"
    assert d.best.quote.startswith("Acme warrants that the services")


@pytest.mark.parametrize(("text", "topic"), [
    # a disclaimer is not a warranty
    ("8. Disclaimer\n\nEXCEPT AS STATED ABOVE, ACME MAKES NO WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.", "warranty"),
    # audit access during business hours is not support hours
    ("9. Audit\n\nGlobex may audit Acme's records once a year during normal business hours on 10 days' notice.",
     "support.hours"),
    # an arbitration threshold is not a fee
    ("15. Dispute Resolution\n\nClaims above USD 25,000 shall be settled by arbitration in London.", "fees"),
    # a definition says what a word means, not what applies
    ('"Support Hours" means the hours during which support is available.', "support.hours"),
])
def test_a_neighbouring_concept_is_no_statement_of_the_topic(text: str, topic: str) -> None:
    assert stated_quotes(text, topic) == []


def test_force_majeure_is_a_mention_of_third_party_dependence_not_a_statement() -> None:
    review, d = disclosure("12. Force Majeure\n\nNeither party is liable for delays caused by events beyond its "
                           "reasonable control, including failures of carriers and utilities.", "third.party")
    assert d.citations and d.status == "mentioned"
    lines = [ln for ln in build_sheet(review, SheetOptions(readers=("it",))).lines if ln.topic == "third.party"]
    assert lines and all(ln.status == "mentioned" for ln in lines)
    assert "Mentioned, not stated" in lines[0].text


def test_an_exclusion_of_kinds_of_damages_is_no_liability_cap() -> None:
    _, d = disclosure("11. Limitation of Liability\n\nIn no event shall either party be liable for indirect or "
                      "consequential damages.", "liability.cap")
    assert d.status == "mentioned"
    _, capped = disclosure("11. Limitation of Liability\n\nEach party's total liability shall not exceed the fees "
                           "paid in the twelve months before the claim.", "liability.cap")
    assert capped.status == "stated"


def test_the_value_comes_from_the_cited_sentence_only() -> None:
    text = ("6. Term\n\nThe Agreement renews automatically for successive one-year terms unless either party gives "
            "notice of non-renewal at least sixty (60) days before the end of the then-current term. "
            "Acme may increase its prices once a year with ninety (90) days' written notice of any increase.")
    _, d = disclosure(text, "term.notice")
    assert d.value == "60 days"
    assert all("increase" not in c.quote for c in d.citations if c.status == "stated")


@pytest.mark.parametrize(("text", "expected"), [
    ("Globex may terminate this Agreement for convenience on thirty (30) days' written notice.",
     "You can end the agreement early"),
    ("Acme may terminate this Agreement for convenience on thirty (30) days' written notice.",
     "The provider can end the agreement early"),
    ("Either party may terminate this Agreement for convenience on thirty (30) days' written notice.",
     "Either party can end the agreement early"),
])
def test_the_line_follows_who_holds_the_right(text: str, expected: str) -> None:
    review, d = disclosure("10. Termination\n\n" + text, "term.termination")
    assert d.status == "stated"
    lines = [ln for ln in build_sheet(review, SheetOptions(readers=("finance",))).lines
             if ln.topic == "term.termination" and ln.status in ("stated", "vague")]
    assert lines and lines[0].text.startswith(expected), lines[0].text


def test_the_json_disclosure_carries_its_sentence() -> None:
    from checks.report import review_json

    review, _ = disclosure("4. Support\n\nSupport is available Monday to Friday, 08:00-18:00 CET.", "support.hours")
    d = next(x for x in review_json(review)["disclosures"] if x["topic"] == "support.hours")
    assert d["present"] and d["status"] == "stated"
    assert d["quote"] == "Support is available Monday to Friday, 08:00-18:00 CET."
    assert d["page"] == 1 and len(d["bbox"]) == 4 and d["clause"] and 0 < d["confidence"] <= 1
    missing = next(x for x in review_json(review)["disclosures"] if x["topic"] == "payment.late")
    assert not missing["present"] and "quote" not in missing


def test_the_sheet_quotes_the_disclosures_sentence() -> None:
    review, d = disclosure("4. Support\n\nSupport is available Monday to Friday, 08:00-18:00 CET.", "support.hours")
    lines = [ln for ln in build_sheet(review, SheetOptions(readers=("it",))).lines if ln.topic == "support.hours"]
    assert lines[0].quote == d.best.quote and lines[0].value == "Mon–Fri 08:00–18:00 CET"
