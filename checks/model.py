"""Findings and the Review: what the UI, the sheet and the CLI show."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.model import Clause, Contact, Disclosure, Document, Extraction, Fact, Party, Span, Statement

SEVERITIES = ("error", "warning", "suggestion")  # most severe first
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # suggestion=0 … error=2

FINDING_KINDS = (
    "vague_timing",
    "vague_effort",
    "vague_scope",
    "overpromise",
    "missing_disclosure",
    "inconsistent",
    "unqualified",
    "undefined_term",
)
WORDING_KINDS = frozenset({"vague_timing", "vague_effort", "vague_scope", "overpromise"})


@dataclass(frozen=True)
class Finding:
    """One thing a customer could later feel misled by, with where it is and what to write instead."""

    rule_id: str
    kind: str
    severity: str
    message: str
    suggestion: str = ""
    text: str = ""
    sentence: str = ""
    span: Span | None = None
    clause_id: str = ""
    audiences: tuple[str, ...] = ()
    why: str = ""
    topic: str = ""
    start: int = -1
    end: int = -1
    spans: tuple[Span, ...] = ()  # every line box of the match (a match can wrap lines)
    # the frame of the statement the finding sits in (extractors.statements): who it binds, what it does, where
    actor: str = ""
    stance: str = ""
    family: str = ""

    @property
    def page(self) -> int:
        return self.span.page if self.span else 0

    @property
    def key(self) -> str:
        """Stable identity for review decisions: survives re-analysis of the same or an edited PDF."""
        return f"{self.rule_id}|{self.text.lower()}|{self.sentence[:80].lower()}"


@dataclass(frozen=True)
class Review:
    """Everything known about one document after extraction and checks."""

    document: Document
    clauses: tuple[Clause, ...]
    facts: tuple[Fact, ...]
    disclosures: tuple[Disclosure, ...]
    findings: tuple[Finding, ...]
    kind: str = "contract"
    meta: dict[str, str] = field(default_factory=dict)
    rules: str = "default@1"
    parties: tuple[Party, ...] = ()
    statements: tuple[Statement, ...] = ()
    contacts: tuple[Contact, ...] = ()

    @classmethod
    def from_extraction(cls, ex: Extraction, findings: tuple[Finding, ...], rules: str) -> Review:
        return cls(ex.document, ex.clauses, ex.facts, ex.disclosures, findings, ex.kind, dict(ex.meta), rules,
                   ex.parties, ex.statements, ex.contacts)

    def party(self, role: str) -> Party | None:
        """The first party of a role (provider, customer), or None."""
        return next((p for p in self.parties if p.role == role), None)

    def clause(self, clause_id: str) -> Clause | None:
        for c in self.clauses:
            if c.id == clause_id:
                return c
        return None

    def disclosure(self, topic: str) -> Disclosure | None:
        for d in self.disclosures:
            if d.topic == topic:
                return d
        return None

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out
