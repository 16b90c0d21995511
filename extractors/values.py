"""The principal value the CLI reports per topic (DESIGN.md: disclosures[].value).

Kept apart from fact finding so the choice among several candidate facts ("which of these
durations is the renewal period?") is one small, testable policy.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.model import Clause, Document, Fact

DAYS_PER = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "quarter": 91.3125,
            "year": 365.25}
VALUED_TOPICS = ("term.renewal", "term.notice", "term.expiration", "payment.terms", "support.response",
                 "sla.availability", "warranty")


def fact_days(fact: Fact) -> float:
    """A duration-like fact's length in days (for comparing and ranking)."""
    v = fact.value
    if "days" in v and "unit" not in v:
        return float(v["days"])
    return float(v.get("amount", 0)) * DAYS_PER.get(str(v.get("unit", "day")), 1.0)


def principal_value(topic: str, clauses: Sequence[Clause], facts: Sequence[Fact],
                    document: Document | None = None) -> str:
    """The normalized value for ``topic`` ('1 year', 'perpetual', '30 days', '99.9%'), or ''.

    ``clauses`` are the evidence clauses of the topic; ``facts`` may be all facts of the document:
    facts whose own topic is ``topic`` win, then facts inside the evidence clauses.
    """
    if topic not in VALUED_TOPICS:
        return ""
    ids = {c.id for c in clauses}
    own = [f for f in facts if f.topic == topic]
    near = [f for f in facts if f.clause_id in ids and f.topic != topic]
    for pool in (own, near):
        value = _pick(topic, pool)
        if value:
            return value
    return ""


def _pick(topic: str, facts: list[Fact]) -> str:
    if topic == "sla.availability":
        pct = [f for f in facts if f.kind in ("availability", "percent") and 90 <= f.value.get("amount", 0) < 100.0001]
        return pct[0].normalized if pct else ""
    if topic == "term.renewal":
        for f in facts:
            if f.kind == "renewal" or (f.kind == "duration" and f.topic == topic):
                return f.normalized
        return ""
    kinds = {"payment.terms": ("payment_terms", "duration")}.get(topic, ("duration", "notice", "renewal"))
    cands = [f for f in facts if f.kind in kinds and f.normalized and f.normalized != "perpetual"]
    if not cands:
        return ""
    if topic == "support.response":
        return min(cands, key=fact_days).normalized
    return cands[0].normalized
