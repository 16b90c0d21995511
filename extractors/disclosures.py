"""One Disclosure per topic of the taxonomy: present or not, its principal value, and the sentences that say so.

Presence follows from the evidence (extractors.evidence): a topic is present when a sentence states it. For the
topics resources/extract/presence.toml marks ``mentions``, a mention is enough (the disclosure guidelines count
a force-majeure clause as a statement of third-party dependence, though the sheet prints it as a mention). The
value is the first stated citation's value, read from that sentence only.
"""

from __future__ import annotations

from dataclasses import replace

import resources
from extractors.evidence import find_citations
from extractors.model import Clause, Disclosure, Document, Fact, Statement
from extractors.values import ROLE


def _presence(topic: str) -> str:
    return resources.load_toml("extract", "presence.toml").get("presence", {}).get(topic, "stated")


def _prerequisite(topic: str, facts: tuple[Fact, ...]) -> bool:
    """Whether the topic that ``topic`` only makes sense beside is stated (resources/extract/values.toml
    ``requires``: notice to stop a renewal needs a renewal, or an open-ended term)."""
    needed = resources.load_toml("extract", "values.toml").get("requires", {}).get(topic)
    if not needed:
        return True
    role = ROLE.get(needed[0])
    return any(f.value.get("role") == role and f.value.get("weight", 0) >= float(needed[1]) for f in facts)


def build_disclosures(clauses: tuple[Clause, ...], facts: tuple[Fact, ...], document: Document | None = None,
                      statements: tuple[Statement, ...] = (), sentences=None) -> tuple[Disclosure, ...]:
    """Every topic of the taxonomy, in its display order, present or not, with the sentences that state it."""
    if document is None:
        return tuple(Disclosure(t, False, audiences=tuple(i["readers"])) for t, i in resources.topics().items())
    if not statements:
        from extractors.statements import build_statements

        statements = build_statements(document, clauses)
    found = find_citations(document, clauses, facts, statements, sentences)
    out: list[Disclosure] = []
    for topic, info in resources.topics().items():
        citations = tuple(found.get(topic, ()))
        said = [c for c in citations if c.status == "stated"]
        if said and not _prerequisite(topic, facts):
            # a notice to stop a renewal, in a document that renews nothing, is some other notice
            citations = tuple(replace(c, status="mentioned") for c in citations)
            said = []
        present = bool(said) or (bool(citations) and _presence(topic) == "mentions")
        value = next((c.value for c in said if c.value), "")
        evidence = tuple(dict.fromkeys(c.clause_id for c in citations if c.clause_id))
        out.append(Disclosure(topic, present, value, evidence if present else (), tuple(info["readers"]),
                              citations))
    return tuple(out)
