"""The one entry point of the extractors: a path (or text) in, an Extraction out."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from extractors.clauses import split_clauses
from extractors.contacts import document_contacts
from extractors.disclosures import build_disclosures
from extractors.facts import extract_facts
from extractors.model import Document, Extraction, PartyChoice
from extractors.parties import apply_user_roles, find_parties
from extractors.plain import document_from_text
from extractors.sentences import sentence_bounds
from extractors.statements import build_statements, party_resolver
from extractors.topics import classify_sentences, match_texts

if TYPE_CHECKING:  # the reader is imported only when a PDF is read: understanding text needs no PDF stack
    from extractors.limits import Limits
    from extractors.pdf import CancelFn, ProgressFn


def understand(doc: Document, choice: PartyChoice | None = None) -> Extraction:
    """Clauses, topics, facts, parties, statements and disclosures for an already-read document; ``choice`` is
    the user's word on the parties' roles, which every statement's actor then follows."""
    bounds = sentence_bounds(doc.text)  # one splitter, one pass of the topic rules, for clauses and evidence
    hits = match_texts([doc.text[s:e] for s, e in bounds])
    clauses = classify_sentences(split_clauses(doc), bounds, hits)
    facts = extract_facts(doc, clauses)
    parties, warnings = find_parties(doc, clauses)
    if choice:
        parties = apply_user_roles(parties, choice.provider, choice.customer)
    if warnings:
        doc = replace(doc, warnings=(*doc.warnings, *warnings))
    statements = build_statements(doc, clauses, party_resolver(parties), bounds)
    disclosures = build_disclosures(clauses, facts, doc, statements, (bounds, hits))
    return Extraction(doc, clauses, facts, disclosures, parties=parties, statements=statements,
                      contacts=document_contacts(doc))


def extract(
    path: str | os.PathLike[str],
    password: str | None = None,
    on_progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    limits: Limits | None = None,
    choice: PartyChoice | None = None,
) -> Extraction:
    from extractors.limits import Limits
    from extractors.pdf import read_document

    limits = limits or Limits()
    return understand(read_document(path, password, on_progress, is_cancelled, max_pages=limits.max_pages,
                                    time_limit=limits.time_limit, max_memory_mb=limits.max_memory_mb), choice)


def extract_text(text: str, choice: PartyChoice | None = None) -> Extraction:
    return understand(document_from_text(text), choice)
