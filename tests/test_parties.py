"""The parties extractor: who a document names, which one provides and which one receives, and the user's say.

Plain-text cases need nothing; the proposals, real PDFs and bundled samples are read where ../shared is present.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractors.clauses import split_clauses
from extractors.model import Party
from extractors.parties import apply_user_roles, find_parties, role_of
from extractors.plain import document_from_text


def parties_of(text: str) -> tuple[tuple[Party, ...], tuple[str, ...]]:
    doc = document_from_text(text)
    return find_parties(doc, split_clauses(doc))


def by_name(parties: tuple[Party, ...]) -> dict[str, Party]:
    return {p.name: p for p in parties}


# --- preambles ---------------------------------------------------------------------------------------------------

def test_preamble_with_several_aliases_and_a_role_word():
    parties, warnings = parties_of(
        'This Affiliate Agreement is made by and between Birch First Global Investments Inc., a Delaware '
        'corporation ("Company"), and Mount Kowledge Holdings Inc., a Nevada corporation ("Marketing Affiliate", '
        '"MA").\n\nWHEREAS the parties wish to work together.')
    found = by_name(parties)
    assert set(found) == {"Birch First Global Investments Inc.", "Mount Kowledge Holdings Inc."}
    affiliate = found["Mount Kowledge Holdings Inc."]
    assert affiliate.aliases == ("Marketing Affiliate", "MA")
    assert affiliate.role == "customer"  # it markets the other's products: a distributor's side
    assert found["Birch First Global Investments Inc."].role == "provider"  # the other side of a two-party deal
    assert affiliate.source == "preamble" and affiliate.span is not None
    assert not warnings


def test_preamble_names_are_cleaned_and_the_article_dropped_from_aliases():
    parties, _ = parties_of(
        'This Agreement is made as of May 1, 2020 by and between Rogers Cable Communications Inc., an Ontario '
        'corporation ("Rogers"), and XYZ Ltd. (the "Supplier"), a company with offices at 5 King St, Toronto.\n\n'
        '1. Services\nThe Supplier shall provide the Services to Rogers.')
    found = by_name(parties)
    assert set(found) == {"Rogers Cable Communications Inc.", "XYZ Ltd."}
    assert found["XYZ Ltd."].aliases == ("Supplier",)
    assert found["XYZ Ltd."].role == "provider"
    assert found["Rogers Cable Communications Inc."].role == "customer"


def test_hereinafter_referred_to_as():
    parties, _ = parties_of(
        'This Consulting Agreement is entered into between ACME Widgets LLC, hereinafter referred to as '
        '"Consultant", and Bolt Corp., a Texas corporation (hereinafter "Company").\n\n'
        '1. The Consultant shall perform the services.')
    found = by_name(parties)
    assert found["ACME Widgets LLC"].aliases == ("Consultant",)
    assert found["ACME Widgets LLC"].role == "provider"
    assert found["Bolt Corp."].aliases == ("Company",)
    assert found["Bolt Corp."].role == "customer"


def test_the_provider_and_the_client():
    parties, _ = parties_of('This Hosting Agreement is made between Northwind Hosting Ltd (the "Provider") and '
                            'Contoso GmbH (the "Client").')
    assert [(p.name, p.aliases, p.role) for p in parties] == [
        ("Northwind Hosting Ltd", ("Provider",), "provider"), ("Contoso GmbH", ("Client",), "customer")]


def test_a_legal_name_keeps_its_article():
    parties, _ = parties_of('This Hosting Agreement is made between Hanover Direct, Inc. ("HDI"), a New Jersey '
                            'corporation, located at 1500 Harbor Boulevard, Weehawken, NJ 07087, and The Deerskin '
                            'Companies, Inc. (the "Company"), a Nevada corporation.')
    assert [p.name for p in parties] == ["Hanover Direct, Inc.", "The Deerskin Companies, Inc."]


def test_distributor_deal_the_distributed_product_is_the_providers():
    parties, _ = parties_of('This Distributor Agreement is entered into by and between Accuray Incorporated, a '
                            'Delaware corporation ("Accuray"), and Siemens AG, a German corporation ("Distributor").')
    found = by_name(parties)
    assert found["Siemens AG"].role == "customer"
    assert found["Accuray Incorporated"].role == "provider"


def test_role_from_who_provides_and_who_pays():
    parties, _ = parties_of(
        'This Services Agreement is made between Alpha Systems Inc. ("Alpha") and Beta Foods LLC ("Beta").\n\n'
        '1. Alpha shall provide the Services.\n2. Alpha will perform the support services.\n'
        '3. Alpha shall deliver the Software.\n4. Beta shall pay the fees.\n5. Beta will pay all invoices.')
    assert [(p.name, p.role) for p in parties] == [("Alpha Systems Inc.", "provider"), ("Beta Foods LLC", "customer")]


def test_without_such_sentences_neutral_aliases_stay_unclear():
    parties, _ = parties_of('This Agreement is made between Alpha Systems Inc. ("Alpha") and Beta Foods LLC '
                            '("Beta").\n\n1. Alpha shall keep records.')
    assert {p.role for p in parties} == {"unclear"}


def test_mutual_collaboration_is_unclear():
    parties, warnings = parties_of(
        'This Joint Venture Agreement is made between Alpha Inc. ("Alpha") and Beta Ltd. ("Beta").\n\n'
        '1. Alpha shall provide the Services.\n2. Alpha shall supply the Products.\n3. Alpha shall deliver the work.')
    assert [p.role for p in parties] == ["unclear", "unclear"]
    assert not warnings


def test_two_parties_that_both_look_like_the_provider():
    parties, warnings = parties_of('This Agreement is made between Alpha Inc. (the "Supplier") and Beta Ltd. '
                                   '(the "Vendor").')
    assert [p.role for p in parties] == ["unclear", "unclear"]
    assert len(warnings) == 1 and "Alpha Inc." in warnings[0] and "provider" in warnings[0]


def test_a_defined_term_that_is_not_a_party_is_left_out():
    parties, _ = parties_of('This License Agreement (the "Agreement") is made as of June 8, 2010 (the "Effective '
                            'Date") between Acme Corp. ("Licensor") and Bolt Inc. ("Licensee"). The parties '
                            '(each a "Party") agree as follows:')
    assert [p.name for p in parties] == ["Acme Corp.", "Bolt Inc."]
    assert [p.role for p in parties] == ["provider", "customer"]


def test_nothing_identifiable_gives_no_party_and_no_error():
    assert parties_of("Some notes about the weather.\n\nIt rained on Tuesday.") == ((), ())
    assert parties_of("") == ((), ())


# --- cover, signature, voice -------------------------------------------------------------------------------------

def test_cover_prepared_for_and_by():
    parties, _ = parties_of(
        "Managed IT Services Proposal\n\n"
        "Prepared for: Harrow & Finch Solicitors LLP, 14 Wellgate Row, Leeds — for the attention of Miriam Oduya\n"
        "Prepared by: Kestrel Point IT Ltd, Unit 6 Calder Works, Wakefield — Daniel Ashworth, Client Director\n"
        "Date: 3 March 2025\n\n1. Summary\nKestrel Point proposes to run your IT. Harrow & Finch has grown.")
    found = by_name(parties)
    assert found["Harrow & Finch Solicitors LLP"].role == "customer"
    assert found["Kestrel Point IT Ltd"].role == "provider"
    assert found["Kestrel Point IT Ltd"].source == "cover"
    assert "Kestrel Point" in found["Kestrel Point IT Ltd"].aliases  # the short name the text uses


def test_cover_entry_that_names_a_person_first():
    parties, _ = parties_of("Proposal for Contoso Freight\n\n"
                            "Prepared for Lena Brandt, Director of Operations, Contoso Freight GmbH\n"
                            "Prepared by Daniel Okafor, Sales Director, Brightline Software Ltd\n"
                            "Reference BL-P-2025-044\n")
    assert [(p.name, p.role) for p in parties] == [("Contoso Freight GmbH", "customer"),
                                                   ("Brightline Software Ltd", "provider")]


def test_signature_block_names_in_capitals_above_by():
    parties, _ = parties_of(
        "Supply terms\n\n1. Delivery\nGoods are delivered on time.\n\n"
        "IN WITNESS WHEREOF the parties have signed this Agreement.\n\n"
        "ACME SOFTWARE INC.\nBy: ____________\nName:\nTitle:\n\n"
        "GLOBEX CORPORATION\nBy: ____________\nName:\nTitle:\n")
    assert [(p.name, p.source) for p in parties] == [("ACME SOFTWARE INC.", "signature"),
                                                      ("GLOBEX CORPORATION", "signature")]


def test_two_column_signature_line_is_split():
    parties, _ = parties_of("IN WITNESS WHEREOF the parties have signed.\n\n"
                            "NETZEE, INC. THE BANKERS BANK, a Georgia banking corporation\n\n"
                            "By: /s/ R. E. By: /s/ K. T.\n")
    assert [p.name for p in parties] == ["NETZEE, INC.", "THE BANKERS BANK"]


def test_we_and_you_in_the_preamble():
    parties, _ = parties_of('These Terms of Service are an agreement between Basecamp, LLC ("Basecamp", "we", '
                            '"us") and you ("you", "your"). We provide the service. You pay us.')
    found = by_name(parties)
    assert found["Basecamp, LLC"].role == "provider"
    assert found["You"].role == "customer"
    assert role_of(parties, "we") == "provider" and role_of(parties, "You") == "customer"


def test_voice_of_a_proposal_gives_the_writer_we():
    parties, _ = parties_of(
        "Website care plan\n\nPrepared for: Ridgeback Outdoor Co., Bend, Oregon — Tessa Marlowe, Marketing Lead\n"
        "Prepared by: Lumen & Loom Studio, Portland — Avery Lindqvist\n\n"
        "We will look after your site. We answer your e-mails. You can call us. We patch your plugins. "
        "Our team keeps your site fast. You pay monthly.")
    found = by_name(parties)
    assert {"we", "us", "our"} <= set(found["Lumen & Loom Studio"].aliases)
    assert {"you", "your"} <= set(found["Ridgeback Outdoor Co."].aliases)


def test_request_for_quotation_is_written_by_the_buyer():
    parties, _ = parties_of("Request for Quote\n\nFrom: Brian Burns, Contracting Officer, General Services\n"
                            "Administration (GSA), Central Office\n"
                            "Issued for: GSA, Technology Transformation Services\n"
                            "Date: February 5, 2020\n")
    assert [(p.name, p.role) for p in parties] == [("General Services Administration", "customer")]


# --- the user's choice -------------------------------------------------------------------------------------------

TWO = (Party("Kestrel Point IT Ltd", ("Kestrel Point",), "unclear"),
       Party("Harrow & Finch Solicitors LLP", (), "unclear"))


def test_user_names_a_found_party_fuzzily():
    out = apply_user_roles(TWO, provider="Kestrel Point IT Limited")
    assert [(p.name, p.role) for p in out] == [("Kestrel Point IT Ltd", "provider"),
                                               ("Harrow & Finch Solicitors LLP", "customer")]
    out = apply_user_roles(TWO, customer="kestrel point")  # an alias, any case
    assert by_name(out)["Kestrel Point IT Ltd"].role == "customer"


def test_user_choice_wins_over_the_document():
    found = (Party("Alpha Inc.", ("Supplier",), "provider"), Party("Beta Ltd.", ("Client",), "customer"))
    out = apply_user_roles(found, provider="Beta Ltd.", customer="Alpha Inc.")
    assert [(p.name, p.role) for p in out] == [("Alpha Inc.", "customer"), ("Beta Ltd.", "provider")]


def test_user_name_found_nowhere_is_kept_as_given():
    out = apply_user_roles(TWO, provider="Globex Corporation")
    assert out[0] == Party("Globex Corporation", (), "provider", None, "user")
    assert [p.role for p in out[1:]] == ["unclear", "unclear"]
    assert apply_user_roles((), customer="Acme") == (Party("Acme", (), "customer", None, "user"),)
    assert apply_user_roles(TWO) == TWO


# --- role_of ------------------------------------------------------------------------------------------------------

PARTIES = (Party("Rogers Cable Communications Inc.", ("Rogers",), "customer"),
           Party("XYZ Ltd.", ("Supplier",), "provider"))


@pytest.mark.parametrize(("mention", "role"), [
    ("Rogers", "customer"), ("rogers", "customer"), ("Rogers Cable Communications Inc.", "customer"),
    ("Rogers Cable Communications", "customer"), ("Supplier", "provider"), ("the Supplier", "provider"),
    ("XYZ", "provider"), ("we", "provider"), ("you", "customer"), ("Licensee", "customer"),
    ("the Provider", "provider"), ("Guarantor", "other"), ("the weather", None), ("", None),
])
def test_role_of(mention, role):
    assert role_of(PARTIES, mention) == role


def test_role_of_follows_the_parties_aliases_over_role_words():
    reversed_ = (Party("Acme", ("Customer",), "provider"),)  # a document may call anyone anything
    assert role_of(reversed_, "Customer") == "provider"


def test_role_of_is_fast():
    start = time.perf_counter()
    for _ in range(20000):
        role_of(PARTIES, "the Supplier")
        role_of(PARTIES, "Rogers")
        role_of(PARTIES, "alerts")
    assert time.perf_counter() - start < 1.0


# --- real documents (where ../shared is present) ----------------------------------------------------------------

PROPOSALS = {  # the proposals' README: vendor -> customer (p07's cover names the building's managing agent)
    "p01": ("Kestrel Point IT", "Harrow & Finch Solicitors"), "p02": ("Tallyfold", "Orchard Lane Bakeries"),
    "p03": ("Lumen & Loom Studio", "Ridgeback Outdoor Co"), "p04": ("Stratus Meridian Consulting", "Volkmann Logistik"),
    "p05": ("BrightDesk Support Services", "Nimbus Home Insurance"), "p06": ("Signal Harbor Digital", "Baxter & Rowe"),
    "p07": ("Hartwell Facility Care", "Ardent Property Management"), "p08": ("Corvid Systems", "Prairie Grain"),
    "p09": ("Ferrohost", "Saltmarsh Publishing"), "p10": ("Aegis Lattice Security", "Marrow Creek Community Health"),
    "p11": ("Northbeam Analytics Partners", "Greyfield Water Services"), "p12": ("Pinecrest Climate Systems",
                                                                               "Marlowe's Fresh Market"),
}


def _read(path: Path) -> tuple[tuple[Party, ...], tuple[str, ...]]:
    from extractors.pdf import read_document

    doc = read_document(path)
    return find_parties(doc, split_clauses(doc))


def _named(parties: tuple[Party, ...], role: str) -> list[str]:
    return [p.name for p in parties if p.role == role]


@pytest.mark.parametrize("name", sorted(PROPOSALS))
def test_proposals_name_vendor_and_customer(corpus: Path, name: str):
    parties, warnings = _read(corpus / "proposals-dev" / "pdf" / f"{name}.pdf")
    vendor, customer = PROPOSALS[name]
    assert len(parties) == 2 and not warnings
    assert [vendor in n for n in _named(parties, "provider")] == [True]
    assert [customer in n for n in _named(parties, "customer")] == [True]


@pytest.mark.parametrize(("sample", "customer"), [("proposal-clean.pdf", "Contoso Freight GmbH"),
                                                   ("proposal-with-problems.pdf", "Northwind Logistics")])
def test_bundled_samples(sample: str, customer: str):
    path = Path(__file__).resolve().parents[1] / "resources" / "samples" / sample
    if not path.exists():
        pytest.skip("sample not generated yet")
    parties, _ = _read(path)
    assert _named(parties, "provider") == ["Brightline Software Ltd"]
    assert _named(parties, "customer") == [customer]


@pytest.mark.parametrize("version", ["v202007", "v202109", "v202212"])
def test_basecamp_dpa_provider_and_customer(corpus: Path, version: str):
    parties, _ = _read(corpus / "real-pdfs" / f"Basecamp_Data_Processing_Addendum_{version}.pdf")
    assert [n for n in _named(parties, "provider") if "Basecamp" in n or "37signals" in n]
    assert _named(parties, "customer") == ["Customer"]
    assert len(parties) == 2


def test_rfq_names_the_buying_agency_and_no_vendor(corpus: Path):
    parties, _ = _read(corpus / "real-pdfs" / "DRAFT RFQ TDRS.pdf")
    assert _named(parties, "customer") == ["General Services Administration"]
    assert not _named(parties, "provider")


@pytest.mark.parametrize("name", ["TDRS Fully Executed Base Award.pdf",
                                  "Basecamp_Data_Processing_Addendum_v201805.pdf"])
def test_scanned_or_garbled_first_pages_give_no_invented_party(corpus: Path, name: str):
    parties, _ = _read(corpus / "real-pdfs" / name)  # pages 1-2 are scans / the font has no usable text
    assert all(p.role in ("provider", "customer", "other", "unclear") for p in parties)
    assert not [p for p in parties if "System" in p.name or len(p.name) > 60]


def test_user_names_both_sides_neither_found():
    out = apply_user_roles(TWO, provider="Globex", customer="Initech")
    assert [(p.name, p.role, p.source) for p in out][:2] == [("Globex", "provider", "user"),
                                                             ("Initech", "customer", "user")]
    assert [p.role for p in out[2:]] == ["unclear", "unclear"]
    out = apply_user_roles(TWO, provider="Kestrel Point IT Ltd", customer="Initech")
    assert [(p.name, p.role) for p in out] == [("Kestrel Point IT Ltd", "provider"), ("Initech", "customer"),
                                               ("Harrow & Finch Solicitors LLP", "unclear")]


# --- more preamble shapes ------------------------------------------------------------------------------------------

def test_unquoted_aliases_that_define_a_name():
    parties, _ = parties_of("THIS AGREEMENT is made on 1 October 2019\n\nBETWEEN:\n"
                            "(1) WPP 2005 LIMITED (registered number 01003653) whose registered office is at Sea "
                            "Containers, 19 Upper Ground, London SE1 9GL (the Company)\n"
                            "(2) JOHN ROGERS (the Executive).\n\n"
                            "IT IS AGREED as follows:")
    assert [(p.name, p.aliases, p.role) for p in parties] == [
        ("WPP 2005 LIMITED", ("Company",), "customer"), ("JOHN ROGERS", ("Executive",), "provider")]


def test_party_a_and_party_b_lines():
    parties, _ = parties_of("Cooperation Agreement\n\nParty A: Dazzle Interactive Network Technologies Co., Ltd.\n"
                            "Address: 4F, Han Zhong Road, Nanjing\n\nParty B: Shenzhen iDreamSky Technology Co., Ltd.\n"
                            "Address: 7F, Nanshan District, Shenzhen\n")
    assert [(p.name, p.aliases) for p in parties] == [
        ("Dazzle Interactive Network Technologies Co., Ltd.", ("Party A",)),
        ("Shenzhen iDreamSky Technology Co., Ltd.", ("Party B",))]


def test_a_form_with_the_customer_left_blank():
    parties, _ = parties_of(
        'This Franchise Agreement is made by and between Airsopure International Group, Inc., a Nevada corporation '
        '(hereinafter "AIRSOPURE" or by reference "we", "us", "our"), and ______________________ (hereinafter "You" '
        'or by reference "Franchisee").\n\nRECITALS')
    assert [(p.name, p.role) for p in parties] == [("Airsopure International Group, Inc.", "provider"),
                                                   ("You", "customer")]
    assert {"we", "us", "our"} <= set(parties[0].aliases)


def test_an_address_is_not_a_name():
    parties, _ = parties_of('This Agreement is made by and between Cargill, Incorporated through its Bio Technology '
                            'Development Center, having its principal place of business at 15407 McGinty Road West, '
                            'Wayzata, Minnesota 55391 USA ("Cargill") and Bioamber S.A.S., having a place of business '
                            'at Route de Bazancourt, Pomacle France ("Bioamber").')
    assert [p.name for p in parties] == ["Cargill, Incorporated", "Bioamber S.A.S."]


def test_terms_of_service_that_say_who_we_and_you_are():
    parties, _ = parties_of(
        "# Terms of Service\n\nFrom everyone at 37signals, thank you for using our products!\n\n"
        "When we say “Company”, “we”, “our”, or “us” in this document, we are referring to "
        "[37signals LLC](https://world.hey.com/jason/37signals-hello-again).\n\n"
        "When we say “You” or “your”, we are referring to the people or organizations that own an account.\n\n"
        "We may update these terms. You must be 13 or older. We provide the services. You pay the fees.")
    found = by_name(parties)
    assert found["37signals LLC"].role == "provider" and found["37signals LLC"].source == "voice"
    assert {"Company", "we", "us", "our"} <= set(found["37signals LLC"].aliases)
    assert found["You"].role == "customer"
    assert role_of(parties, "Company") == "provider"


def test_token_soup_never_raises():
    import random

    rng = random.Random(7)
    words = ["between", "and", "Inc.", "LLC", "(", ")", '"', "“", "”", "Company", "Provider", "the", "a", "corporation",
             ",", ";", "\n", "\n\n", "hereinafter", "referred to as", "By:", "IN WITNESS WHEREOF", "Prepared for:",
             "we", "you", "shall provide", "pay", "Services", "ACME", "___", "[", "]", "Party A:", "12345",
             "When we say"]
    for _ in range(300):
        parties, warnings = parties_of(" ".join(rng.choice(words) for _ in range(rng.randint(0, 200))))
        assert all(p.role in ("provider", "customer", "other", "unclear") and p.name for p in parties)
        assert isinstance(warnings, tuple)
        apply_user_roles(parties, provider="ACME", customer="Globex")


def test_a_party_named_on_the_signature_page():
    parties, _ = parties_of('This "Agency" Agreement is made as of March 29, 1999, by and between Biopure Corporation, '
                            'a Delaware corporation (the "Company") and the Agent named on the signature page hereof '
                            '(the "Agent").\n\nWHEREAS, the Company makes products.')
    assert [(p.name, p.aliases) for p in parties] == [("Biopure Corporation", ("Company",)), ("Agent", ())]


def test_a_short_name_for_the_document_is_no_party():
    parties, _ = parties_of('THIS ORDERLY MARKETING AGREEMENT (the "OMA") is entered into on December 27, 2018 by and '
                            'among GWG Holdings, Inc., a Delaware corporation ("GWG"), and Beta Trust LLC ("Beta").')
    assert [p.name for p in parties] == ["GWG Holdings, Inc.", "Beta Trust LLC"]
