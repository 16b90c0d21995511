"""The statement frame: who a sentence binds, what it does, and the kind of clause it sits in."""

from __future__ import annotations

import pytest

from checks.analyze import analyze_text
from extractors.model import PartyChoice
from extractors.pipeline import extract_text

PREAMBLE = ('This Services Agreement is made between Acme Hosting Ltd. ("Provider") and Globex Corp. '
            '("Customer").\n\n')


def frame(text: str, preamble: str = PREAMBLE, choice: PartyChoice | None = None):
    """(actor, stance, family) of the statement where ``text`` starts."""
    ex = extract_text(preamble + text, choice)
    at = ex.document.text.index(text[:30])
    st = next(s for s in ex.statements if s.start <= at < s.end)
    return st.actor, st.stance, st.family


@pytest.mark.parametrize(("text", "actor"), [
    ("Acme shall respond to support requests within four hours.", "provider"),
    ("Globex shall pay each invoice within 30 days.", "customer"),
    ("Each party shall keep the other informed of changes to its contacts.", "both"),
    ("We will migrate your mailboxes over one weekend.", "provider"),
    ("You will receive unlimited support from our specialists.", "provider"),  # what the reader gets
    ("You must give us access to your servers.", "customer"),
    ("Alerts are responded to promptly by the on-call engineer.", "provider"),  # a passive service sentence
    ("Getting set up won't take long.", "provider"),  # an activity of the service
    ("Fees are invoiced monthly in advance.", "customer"),
    ("Google Maps supplies the routing data.", "third_party"),
])
def test_actor(text: str, actor: str) -> None:
    assert frame(text)[0] == actor


def test_a_named_party_of_no_known_role_is_the_one_that_provides_in_its_sentence() -> None:
    assert frame("Initech will provide the training.", preamble="")[0] == "provider"
    assert frame("Initech will pay the licence fees.", preamble="")[0] == "customer"


def test_the_party_that_sells_the_others_products_is_their_customer() -> None:
    """In a distribution deal the distributor buys and resells: it is the customer of the product's maker."""
    assert frame("Acme shall use commercially reasonable efforts to promote the Products in the Territory.")[0] \
        == "customer"


def test_the_users_word_on_the_roles_changes_every_actor() -> None:
    preamble = "This Agreement is made between Initech and Umbrella.\n\n"
    text = "Umbrella shall provide the hosting services."
    assert frame(text, preamble, PartyChoice(provider="Umbrella"))[0] == "provider"
    ex = extract_text(preamble + text, PartyChoice(provider="Nobody Named Ltd"))
    assert any(p.name == "Nobody Named Ltd" and p.role == "provider" and p.source == "user" for p in ex.parties)


@pytest.mark.parametrize(("text", "stance"), [
    ('"Business Day" means a day on which banks are open in London.', "definition"),
    ("Acme does not guarantee that the Service will be uninterrupted.", "disclaimer"),
    ("Acme shall not be liable for any indirect loss.", "disclaimer"),
    ("Acme may change the features of the Service from time to time.", "permission"),
    ("Customer shall have the right to audit the invoices once a year.", "permission"),
    ("Acme may not subcontract the Services without consent.", "commitment"),  # a prohibition binds
    ("Acme will restore the service within four hours.", "commitment"),
    ("Support is available Monday to Friday, 08:00-18:00 CET.", "statement"),
    ("If the Customer fails to pay on time.", "condition"),
    ("4. Support Hours", "fragment"),
])
def test_stance(text: str, stance: str) -> None:
    assert frame(text)[1] == stance


def test_a_contrast_gives_each_part_its_own_stance() -> None:
    ex = extract_text(PREAMBLE + "Acme does not guarantee response times, but will fix issues promptly.")
    stances = [s.stance for s in ex.statements if "guarantee" in ex.document.text[s.start:s.end]
               or "fix" in ex.document.text[s.start:s.end]]
    assert stances == ["disclaimer", "commitment"]


def test_items_after_a_lead_in_carry_its_actor() -> None:
    ex = extract_text(PREAMBLE + "5. Obligations\n\nGlobex shall:\n(a) provide remote access to its servers;\n"
                      "(b) name a contact for the project.\n")
    text = ex.document.text
    item = next(s for s in ex.statements if "remote access" in text[s.start:s.end])
    assert (item.actor, item.stance) == ("customer", "commitment")


@pytest.mark.parametrize(("text", "family"), [
    ("12. Confidentiality\n\nAcme shall promptly return all documents on request.", "confidentiality"),
    ("14. Governing Law\n\nThis Agreement is governed by the laws of England.", "law"),
    ("9. Force Majeure\n\nNeither party is liable for delays caused by events beyond its reasonable control.",
     "force_majeure"),
    ("Acme shall indemnify and hold harmless Globex from third-party claims.", "indemnity"),
    ("4. Support\n\nAcme will answer support requests promptly.", "service"),
    # a heading that names a family decides over a passing word of another family
    ("11. Limitation of Liability\n\nExcept for breach of Section 10 (Confidentiality), no party is liable for "
     "lost profits.", "liability"),
])
def test_family(text: str, family: str) -> None:
    body = text.split("\n\n")[-1]
    assert frame(body, PREAMBLE + text.split("\n\n")[0] + "\n\n" if "\n\n" in text else PREAMBLE)[2] == family


def test_findings_carry_their_frame() -> None:
    review = analyze_text(PREAMBLE + "Acme will fix every problem as soon as possible.")
    f = next(f for f in review.findings if f.rule_id == "Vague.Timing")
    assert (f.actor, f.stance, f.family) == ("provider", "commitment", "service")


@pytest.mark.parametrize("text", [
    "Globex shall notify Acme as soon as possible of any change of address.",  # the customer's duty
    "The Receiving Party shall promptly return all Confidential Information.",  # confidentiality
    "Acme does not promise that issues are fixed as soon as possible.",  # a disclaimer
    "Acme may, at its option, answer questions as soon as possible.",  # a permission
])
def test_the_frame_keeps_wording_rules_silent(text: str) -> None:
    review = analyze_text(PREAMBLE + text)
    assert not [f for f in review.findings if f.kind in ("vague_timing", "overpromise", "vague_scope", "vague_effort")]
