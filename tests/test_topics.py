"""Topic tagging (must / must not tag), explainable cues, disclosures for every topic, and real CUAD PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import resources
from extractors.model import Clause
from extractors.pipeline import extract_text
from extractors.topics import classify, heading_topic, items, rules


def clause(text: str, heading: str = "") -> Clause:
    return classify(Clause("c1", "1", heading, text, 0, len(text), ()))


def topics_of(text: str, heading: str = "") -> set[str]:
    return set(clause(text, heading).topics)


MUST_TAG = [
    ("term.renewal", "This Agreement shall automatically renew for successive one (1) year periods."),
    ("term.renewal", "Thereafter the Agreement will continue from year to year until terminated."),
    ("term.notice", "The Agreement renews automatically unless either party gives written notice of non-renewal "
                    "at least ninety (90) days prior to the end of the then-current term."),
    ("term.notice", "This Agreement shall renew for additional one year terms unless either party notifies the other "
                    "in writing of its intention not to renew."),
    ("term.expiration", "The initial term of this Agreement is three (3) years from the Effective Date."),
    ("term.expiration", "The period of performance will include a one-year base period starting on July 13, 2020 "
                        "with two one-year option periods."),
    ("term.expiration", "The base period of performance is twelve (12) months from the date of award."),
    ("term.expiration", "This Agreement shall expire on December 31, 2025."),
    ("term.expiration", "This Agreement shall become effective on the Effective Date and shall continue in full force "
                        "and effect until terminated as provided below."),
    ("term.expiration", "The term of this Agreement commences on the Effective Date and continues in perpetuity."),
    ("term.expiration", "The term of the Franchise shall be twenty (20) years, commencing on January 1, 2016."),
    ("term.expiration", "This contract shall be effective as of November 1, 2002, and shall remain in force and "
                        "effect, unless modified as per Exhibit B, until October 31, 2012."),
    ("term.expiration", "This Agreement and the license granted herein shall remain effective until terminated."),
    ("term.expiration", "This Agreement shall continue in effect until either Party informs the other with thirty (30) "
                        "day prior written notice of termination."),
    ("term.expiration", "The term of this Agreement and the services described herein shall commence on January 1, "
                        "2024 and extend through December 31, 2024."),
    ("term.expiration", "The initial term of the outsourcing agreement is five (5) years from the commencement date."),
    ("term.expiration", "Unless earlier terminated as provided below, this License Agreement shall extend until the "
                        "expiration of the last licensed patent."),
    ("term.expiration", "This Agreement shall be effective through and including March 31, 2027."),
    ("term.expiration", "Term: thirty-six (36) months from the Order Date."),
    ("term.expiration", "The Term will commence on the Effective Date and will remain in effect, unless sooner "
                        "terminated under Section 9, until the date set out in Schedule 1."),
    ("term.expiration", "This Agreement shall become effective on the Effective Date and shall remain in effect on a "
                        "country-by-country basis until the expiration of the last Royalty Term."),
    ("term.expiration", "The term of cooperation shall commence from the execution date and end on the expiration "
                        "date of the operating licence."),
    ("term.expiration", "The Initial Term of this Hosting and Support Services Agreement is twelve months, commencing "
                        "on the Effective Date."),
    ("term.expiration", "This Agreement shall be effective until the earlier of (a) its termination under Article 9 "
                        "or (b) the date that is three (3) years after the Effective Date."),
    ("term.termination", "Either party may terminate this Agreement for convenience upon sixty (60) days notice."),
    ("term.termination", "Customer may terminate this Agreement at any time upon thirty (30) days prior notice."),
    ("term.termination", "The Reseller Agreement can be terminated at any time at the discretion of either party."),
    ("term.termination", "The Agreement is cancellable at any time by any of the parties upon three months prior "
                         "written notice."),
    ("term.termination", "Company may, in its unfettered discretion, terminate this Agreement at any time after first "
                         "giving Provider ten (10) days advance notice thereof."),
    ("term.termination", "Either party may terminate the Agreement on 60-days written notice during a renewed term."),
    # a right in one enumerated item is not hidden by a breach or insolvency condition in another
    ("term.termination", "This Agreement may be terminated by the Customer by written notice to the Provider (i) at "
                         "any time upon ninety (90) days prior notice, or (ii) immediately if the Provider is in "
                         "material breach of its obligations and fails to cure the breach."),
    ("term.termination", "This Agreement shall be terminable by the Licensor immediately in the event of a claim "
                         "against the Licensed Marks; by either party upon thirty (30) days' written notice to the "
                         "other; or by either party upon a material breach by the other."),
    ("term.termination", "After the initial term, this Agreement shall continue until terminated by either party upon "
                         "sixty (60) days prior written notice to the other."),
    ("term.termination", "If the Company desires to terminate this Agreement before the end of the Term, it shall "
                         "give the Consultant at least thirty (30) days prior written notice."),
    ("term.termination", "The Distributor may terminate this Agreement at any time prior to the expiration of the "
                         "Term upon forty-five (45) days written notice."),
    ("term.termination", "Either party may terminate this Agreement prior to expiration of the Term upon ninety (90) "
                         "days prior written notice."),
    ("term.termination", "The Sponsor may in its sole discretion and at its option terminate this Agreement at any "
                         "time after the first season upon ten (10) days prior written notice."),
    ("term.termination", "The Network retains the right at all times during the Term to discontinue the Service and "
                         "to terminate this Agreement on at least ninety (90) days' prior notice."),
    ("liability.cap", "In no event shall either party's aggregate liability exceed the fees paid in the twelve months "
                      "preceding the claim."),
    ("commitment.minimum", "Distributor shall purchase a minimum of 10,000 units in each contract year."),
    ("service.post_termination", "Upon termination, Provider shall provide transition assistance to Customer for "
                                 "ninety (90) days."),
    ("service.post_termination", "Each Party will retain such records for at least three (3) years following "
                                 "expiration or termination of this Agreement."),
    ("service.post_termination", "Distributor may sell its remaining stock of the Product until the end "
                                 "of its shelf life."),
    ("warranty", "Any claim for breach of warranty must be made in writing within (90) days from the date of "
                 "shipment."),
    # a veto in another item of the list ("marks" in (c)) does not hide the transition help in (b)
    ("service.post_termination", "Upon termination of this Agreement for any reason: (a) all licenses granted to "
                                 "Distributor shall terminate; (b) Provider shall provide reasonable transition "
                                 "assistance to Customer at its then-current rates; and (c) each party shall remove "
                                 "the other party's marks from its website."),
    ("service.post_termination", "If either party gives notice of termination, the parties shall meet promptly to "
                                 "agree on an orderly phase-out of the joint marketing program."),
    ("service.post_termination", "Any Products manufactured before termination may be sold by Licensee during the "
                                 "sixty (60) day period next following the date of termination."),
    ("service.post_termination", "Upon termination by Customer for convenience, Customer shall pay Provider a "
                                 "termination fee equal to three months of fees."),
    ("service.post_termination", "If Licensor terminates this Agreement without cause, Licensee may purchase all or "
                                 "part of any remaining inventory of Products at cost."),
    ("warranty", "Provider warrants that the Services will be performed in a professional manner for a period of "
                 "ninety (90) days from acceptance."),
    ("warranty", "Supplier warrants that the Software shall perform in conformance with the Specifications for a "
                 "period of one year from the Maintenance Commencement Date."),
    ("warranty", "All Products shall have on the date of shipment a shelf life of not less than twelve (12) months."),
    ("warranty", "Should the Services become defective within 6 months from their delivery, Customer may require "
                 "Provider to re-perform them."),
    ("warranty", "Buyer shall notify Seller in writing of any defective or non-conforming Goods within fifteen "
                 "(15) days after receipt of the shipment."),
    ("warranty", "Any defect found in the Software will be corrected by Developer free of charge for up to six (6) "
                 "months after final delivery (the software warranty)."),
    ("payment.terms", "Invoices are payable within thirty (30) days of receipt of invoice."),
    ("payment.terms", "All fees are due net 30."),
    ("payment.late", "Overdue amounts bear interest at 1.5% per month."),
    ("taxes", "Fees are exclusive of all taxes, which Customer shall pay."),
    ("expenses", "Customer shall reimburse reasonable travel expenses approved in advance."),
    ("price.changes", "Provider may increase the fees once per year by no more than the Consumer Price Index."),
    ("support.hours", "Support is available Monday through Friday, 9:00 a.m. to 5:00 p.m. Eastern Time."),
    ("support.hours", "Telephone support is available 24x7."),
    ("support.response", "Provider will respond to Severity 1 incidents within two (2) hours."),
    ("sla.availability", "The Service will be available 99.9% of the time in each calendar month."),
    ("sla.remedies", "If Availability falls below the target, Customer shall receive a service credit."),
    ("sla.remedies", "A penalty of 5% will be applied to the monthly total material cost of that machine type."),
    ("commitment.minimum", "Licensee shall pay to Fox a minimum recoupable guarantee of one million dollars."),
    ("commitment.minimum", "Provider will use reasonable efforts to maintain user traffic at a monthly minimum of "
                           "50,000 visits."),
    ("commitment.minimum", "Reseller agrees to satisfy the annual and quarterly sales targets set out in Schedule 2."),
    ("commitment.minimum", "The first three months of each rolling forecast shall constitute a binding commitment of "
                           "Buyer to purchase the quantities stated therein."),
    ("commitment.minimum", "Publisher guarantees that it will deliver 2,000,000 page views during the first year."),
    ("commitment.minimum", "Customer shall order in any given month at least 80% of the quantity forecast for that "
                           "month."),
    ("commitment.minimum", "There are no minimum fees or volume commitments under this Agreement."),
    ("commitment.minimum", "Distributor shall purchase all of its requirements of the Products from Supplier."),
    ("commitment.minimum", "During the Term, Reseller will exclusively purchase the Product from Manufacturer."),
    ("commitment.minimum", "Reseller shall purchase advertising from Publisher of at least $10,000 in each calendar "
                           "quarter."),
    ("scope.exclusions", "The Services do not include hardware maintenance or on-site support."),
    ("scope.change", "Any change to the scope of the Services requires a written change order."),
    ("third.party", "Neither party is liable for delays caused by events beyond its reasonable control."),
    ("acceptance", "Deliverables are deemed accepted if Customer does not reject them within ten days."),
    ("escalation", "Each party shall appoint a relationship manager as its single point of contact."),
    ("customer.responsibilities", "Customer shall provide Provider with access to its facilities and information "
                                  "reasonably required to perform the Services."),
    ("fees.support", "Maintenance and support are provided at no additional charge."),
    ("sla.maintenance", "Scheduled maintenance windows are announced 48 hours in advance."),
]

MUST_NOT_TAG = [
    ("term.renewal", "Licensee shall renew its insurance policy each year."),
    ("term.notice", "Notices shall be sent by certified mail to the addresses above."),
    ("term.termination", "Either party may terminate this Agreement upon thirty (30) days written notice if the other "
                         "party materially breaches it and fails to cure the breach."),
    ("term.termination", "The headings are for convenience only."),
    ("term.termination", "The Agreement renews automatically unless either party gives notice of termination at least "
                         "sixty (60) days before the renewal date."),
    ("term.termination", "This Agreement may be terminated at any time by agreement in writing executed by the "
                         "parties."),
    ("term.termination", "It is unlawful for a franchisor to cancel a franchise without reasonable cause."),
    ("term.termination", "Upon termination of this Agreement for any reason whatsoever, Distributor shall return all "
                         "Products."),
    ("term.termination", "If the Company terminates this Agreement without cause, it shall repurchase all unopened "
                         "Products from the Distributor."),
    ("term.termination", "The Provider may modify or terminate the loyalty program at any time upon notice."),
    ("term.termination", "The termination of this Agreement for any reason whatsoever shall not affect accrued "
                         "rights."),
    ("term.termination", "Either party may terminate this Agreement upon ten (10) days written notice, provided that "
                         "the failure is not cured within such period."),
    ("term.termination", "If sales of the Products fall below the agreed target in two consecutive quarters, either "
                         "party shall have the right to terminate this Agreement on sixty (60) days written notice."),
    ("term.termination", "In the event the Consultant should for any reason become unable to perform, the Company "
                         "shall have the right to terminate this Agreement at its discretion at any time."),
    ("term.termination", "The Agent may terminate this Agreement by giving the notice indicated below at any time "
                         "after this Agreement becomes effective as follows:"),
    ("term.termination", "If this Agreement is assigned to a competitor, the other party shall have the right to "
                         "terminate it within thirty (30) days after notice of the assignment."),
    ("term.termination", "The Customer may terminate this Agreement (i) if the Provider fails to cure a material "
                         "breach within thirty (30) days after written notice; or (ii) upon the Provider's "
                         "insolvency."),
    ("term.termination", "Either party may terminate this Agreement upon ten (10) days prior written notice in the "
                         "event of any of the following: (1) the other party becomes insolvent; or (2) the other "
                         "party fails to pay any amount within ten (10) days of its due date."),
    ("term.expiration", "Customer may renew its license for so long as the Licensee holds a perpetual license."),
    ("term.expiration", "The confidentiality obligations shall survive the expiration or termination of this "
                        "Agreement for a period of five (5) years."),
    ("term.expiration", "Acknowledged in respect of this Agreement before me, a notary public; my commission expires "
                        "November 1, 2027."),
    ("term.expiration", "From the date of this Agreement until the expiration of the Standstill Period, the Investor "
                        "shall not acquire any further shares."),
    ("term.expiration", "“Warranty Period” means the period beginning on the date of delivery and ending on the second "
                        "anniversary of acceptance under this Agreement."),
    ("term.expiration", "This Amendment shall remain in effect for the current term of the Agreement and any renewal "
                        "term."),
    ("term.expiration", "This Agreement shall remain in full force and effect until revoked by a party in a signed "
                        "writing delivered to the other parties."),
    ("term.expiration", "The term of this Statement of Work will begin on __________ and end on __________."),
    ("term.expiration", "Under this Agreement, “Fiscal Half” means each period of six months ending June 30 and "
                        "December 31."),
    ("term.expiration", "Under this Agreement the Distributor may sell its remaining stock of the Products until "
                        "the end of their shelf life."),
    ("term.expiration", "This guaranty shall continue in full force and effect until the Franchisee has paid all "
                        "amounts due under the Franchise Agreement."),
    ("term.expiration", "Any notice of termination must be given prior to the expiration date of the Initial Term."),
    ("term.expiration", "The fee for the placements during the Initial Term (as defined below) is payable in advance."),
    ("term.expiration", "Invoices shall state the period of performance covered by the services billed."),
    ("term.expiration", "Key personnel shall remain assigned during the base period unless the Government agrees."),
    ("term.expiration", "Upon the expiration of the initial term of this Agreement, Franchisee may obtain a successor "
                        "franchise."),
    ("term.expiration", "“Calendar Year” means each successive period of twelve months commencing on January 1 and "
                        "ending on December 31."),
    ("liability.cap", "The fees shall not exceed the amounts in Exhibit A."),
    ("commitment.minimum", "The minimum period of notice is thirty days."),
    ("commitment.minimum", "SMBC may purchase all (but not less than all) of the Units offered in each calendar year."),
    ("commitment.minimum", "Distributor shall not be subject to any minimum purchase requirements."),
    ("commitment.minimum", "Notices may be sent by overnight guaranteed delivery service."),
    ("commitment.minimum", "The steering committee shall meet quarterly to review the sales targets."),
    ("commitment.minimum", "You must maintain minimum performance standards for quality assurance programs."),
    ("commitment.minimum", "Licensee shall have the right to purchase the Products from any supplier."),
    ("commitment.minimum", "Distributor must send a Purchase Order to Supplier at least six (6) months prior to the "
                           "delivery date in each calendar year."),
    ("commitment.minimum", "Franchisee shall spend each month at least 3% of its gross revenue for that month, as "
                           "reported under Section 5, on local advertising in its territory."),
    ("commitment.minimum", "Each party shall make a monthly contribution of not less than $5,000 per month toward the "
                           "marketing of the joint website."),
    ("commitment.minimum", "Sponsor will receive a complimentary supply of at least 100 units during each year."),
    ("commitment.minimum", "This annex sets out the minimum requirements for suppliers on the labeling of parts."),
    ("sla.remedies", "For each day of delay in such payment, Customer must pay liquidated damages for the late "
                     "delivery of its payment of the Service Fee."),
    ("service.post_termination", "The confidentiality obligations shall survive termination of this Agreement."),
    ("service.post_termination", "It is illegal to pass such information on to others who buy or sell Aduro stock."),
    # settling what accrued before the end is ordinary billing
    ("service.post_termination", "Upon termination, Customer shall pay Provider all fees for Services rendered prior "
                                 "to the effective date of termination."),
    # the end of some other period, not of the agreement
    ("service.post_termination", "Supplier will continue to supply the Product after expiry of the notice period."),
    ("service.post_termination", "This power of attorney shall be revoked automatically upon the termination of the "
                                 "Services Agreement."),
    ("service.post_termination", "The confidentiality provisions shall survive for a period of three (3) years "
                                 "following the termination of this Agreement."),
    ("warranty", "Each party represents and warrants that it is duly organized and validly existing."),
    ("warranty", "If Licensee's use of the Marks does not conform to the quality standards, Licensee shall correct it "
                 "within five (5) days of receipt of notice from Licensor."),
    ("warranty", "If Supplier fails to cure a breach of warranty within thirty (30) days after delivery of written "
                 "notice, Buyer may terminate this Agreement."),
    ("warranty", "Distributor shall report any defect to Manufacturer within ten (10) days of becoming aware of it."),
    ("warranty", "Upon the Consultant's death, options and warrants may be exercised by the Consultant's executors for "
                 "a period of one year from the date of death."),
    ("expenses", "Each party shall bear its own legal expenses in negotiating this Agreement."),
    ("scope.exclusions", "Confidential Information does not include information that is publicly available."),
    ("support.channels", "Notices may be given by e-mail to the addresses above."),
    ("sla.availability", "Licensor owns 51% of the shares of the Company."),
]


@pytest.mark.parametrize(("topic", "text"), MUST_TAG)
def test_must_tag(topic: str, text: str) -> None:
    assert topic in topics_of(text)


@pytest.mark.parametrize(("topic", "text"), MUST_NOT_TAG)
def test_must_not_tag(topic: str, text: str) -> None:
    assert topic not in topics_of(text)


def test_items_read_the_lead_in_with_one_alternative_at_a_time() -> None:
    s = "Either party may terminate (i) upon ninety (90) days notice, or (ii) if the other party is insolvent."
    cue = s.index("may terminate")
    assert items(s, cue, cue + len("may terminate")) == [
        "Either party may terminate",
        "Either party may terminate (i) upon ninety (90) days notice, or",
        "Either party may terminate (ii) if the other party is insolvent."]
    assert items(s, s.index("insolvent"), len(s)) == [
        "Either party may terminate (ii) if the other party is insolvent."]
    # "(90)" after a number word is not an item; a sentence without marks has no readings of its own
    assert items("Customer may terminate on ninety (90) days notice.", 0, 3) == []
    # after a semicolon, the lead-in's own condition does not bind the next alternative
    s = "It is terminable by X in the event of a claim; by either party upon notice."
    end = s.index("terminable") + len("terminable")
    assert "It is terminable ; by either party upon notice." in items(s, 6, end)


def test_every_rule_names_a_known_topic_and_every_topic_has_a_rule() -> None:
    known = set(resources.topics())
    ruled = {r.topic for r in rules()}
    assert ruled <= known
    assert known <= ruled, f"topics without a rule: {sorted(known - ruled)}"


def test_cue_explains_the_tag() -> None:
    c = clause("This Agreement shall automatically renew for successive one (1) year periods.")
    cues = dict(c.cues)
    assert cues["term.renewal"].lower().startswith("automatically renew")
    assert set(c.topics) == set(cues)


def test_cue_must_be_in_one_sentence_with_its_companions() -> None:
    # "notice" and "renew" in different sentences do not make a non-renewal notice
    text = "The Agreement renews automatically each year. Notices must be sent by courier within 5 days of a claim."
    assert "term.notice" not in topics_of(text)


def test_heading_synonyms_tag_by_fuzzy_match() -> None:
    assert heading_topic("LIMITATION OF LIABILITY") == ("liability.cap", "limitation of liability")
    assert heading_topic("Limitations on Liability and Indemnity")[0] == "liability.cap"
    assert heading_topic("Term") is None  # a short heading must match a synonym as a whole
    c = clause("Neither party shall be responsible for lost profits.", heading="Limitation of Liability")
    assert "liability.cap" in c.topics
    assert dict(c.cues)["liability.cap"].startswith("heading:")


def test_disclosures_list_every_topic_in_taxonomy_order() -> None:
    ex = extract_text("1. Term. This Agreement shall automatically renew for successive one year terms unless "
                      "either party gives notice of non-renewal at least 60 days prior to the end of the then-current "
                      "term.\n2. Fees. Invoices are payable within 30 days of receipt.")
    assert [d.topic for d in ex.disclosures] == list(resources.topics())
    got = {d.topic: d for d in ex.disclosures}
    assert got["term.renewal"].present and got["term.notice"].present and got["payment.terms"].present
    assert not got["sla.availability"].present and got["sla.availability"].evidence == ()
    assert got["term.renewal"].evidence == ("c1",)
    assert got["payment.terms"].evidence == ("c2",)
    assert got["term.renewal"].audiences == tuple(resources.topics()["term.renewal"]["readers"])


CUAD_CASES = [
    # (file name fragment, topics labelled present, topics labelled absent) from labels.jsonl
    ("UsioInc_20040428_SB-2_EX-10.11_1723988_EX-10.11_Affiliate Agreement 2.pdf",
     ["term.renewal", "term.notice", "service.post_termination"], ["liability.cap", "term.termination"]),
    ("RaeSystemsInc_20001114_10-Q_EX-10.57_2631790_EX-10.57_Co-Branding Agreement.pdf",
     ["term.termination", "term.renewal", "liability.cap"], []),
]


@pytest.mark.parametrize(("name", "present", "absent"), CUAD_CASES)
def test_real_cuad_contracts(corpus: Path, name: str, present: list[str], absent: list[str]) -> None:
    from extractors.pipeline import extract

    pdf = corpus / "cuad-dev" / "pdf" / name
    if not pdf.exists():
        pytest.skip(f"{name} not in this corpus")
    labels = {json.loads(line)["pdf"].split("/")[-1]: json.loads(line)["topics"]
              for line in (corpus / "cuad-dev" / "labels.jsonl").read_text().splitlines()}
    for topic in present:
        assert labels[name][topic]["present"], "test data drifted from the labels"
    for topic in absent:
        assert not labels[name][topic]["present"], "test data drifted from the labels"
    got = {d.topic: d for d in extract(pdf).disclosures}
    for topic in present:
        assert got[topic].present, topic
        assert got[topic].evidence
    for topic in absent:
        assert not got[topic].present, topic


def test_presence_policy_names_known_topics_and_modes() -> None:
    policy = resources.load_toml("extract", "presence.toml")["presence"]
    assert set(policy) <= set(resources.topics())
    assert set(policy.values()) <= {"stated", "mentions"}


def test_warranty_value_comes_from_the_warranty_sentence() -> None:
    ex = extract_text("7. Warranty. Supplier warrants that the Products will be free from defects in materials and "
                      "workmanship for a period of twelve (12) months from the date of delivery. Claims must be "
                      "notified within thirty (30) days.")
    warranty = next(d for d in ex.disclosures if d.topic == "warranty")
    assert warranty.present and warranty.value == "12 months"


def test_defect_claim_window_is_the_warranty_value() -> None:
    text = ("5. Inspection. Customer may reject any Product that fails to conform to the Specifications by written "
            "notice given within sixty (60) days after receipt of the Product.")
    warranty = next(d for d in extract_text(text).disclosures if d.topic == "warranty")
    assert warranty.present and warranty.value == "60 days"


@pytest.mark.parametrize("text", [
    "9. Survival. The representations and warranties of the Issuer shall survive for a period of three years from "
    "the closing of the offering of the Units.",
    "4. Review. Within sixty (60) days after receipt by the Servicer of that notice, the Servicer shall give the "
    "reviewer access to the files needed to test compliance with the representations and warranties.",
    "4. Review. Within sixty (60) days after receipt by the Servicer of that notice, the Servicer shall replace any "
    "defective receivable.",
])
def test_no_warranty_period_from_surviving_representations_or_notice_deadlines(text: str) -> None:
    warranty = next(d for d in extract_text(text).disclosures if d.topic == "warranty")
    assert not any(unit in warranty.value for unit in ("day", "month", "year"))


def test_warranty_period_without_the_word_has_a_value() -> None:
    text = "1. Quality. All Products shall have on shipment a shelf life of not less than twelve (12) months."
    warranty = next(d for d in extract_text(text).disclosures if d.topic == "warranty")
    assert warranty.present and warranty.value == "12 months"
