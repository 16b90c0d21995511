"""One Disclosure per topic of the taxonomy: present or not, its principal value, and the evidence."""

from __future__ import annotations

import resources
from extractors.model import Clause, Disclosure, Fact


def principal_value(topic: str, facts: list[Fact]) -> str:
    """The value the CLI reports for a topic (e.g. '30 days' for payment terms, '99.9%' for availability)."""
    if topic == "sla.availability":
        pct = [f for f in facts if f.kind == "percent" and f.value["amount"] >= 90]
        return pct[0].normalized if pct else ""
    if topic in ("term.renewal", "term.notice", "term.expiration", "payment.terms", "support.response", "warranty"):
        durations = [f for f in facts if f.kind in ("duration", "payment_terms")]
        if topic == "support.response" and durations:
            return min(durations, key=lambda f: _days(f)).normalized
        return durations[0].normalized if durations else ""
    return ""


def _days(f: Fact) -> float:
    unit = f.value.get("unit", "day")
    return f.value.get("amount", f.value.get("days", 0)) * {"hour": 1 / 24, "day": 1, "week": 7, "month": 30.44,
                                                             "year": 365.25}.get(unit, 1)


def build_disclosures(clauses: tuple[Clause, ...], facts: tuple[Fact, ...]) -> tuple[Disclosure, ...]:
    out: list[Disclosure] = []
    for topic, info in resources.topics().items():
        evidence = [c.id for c in clauses if topic in c.topics]
        ev = set(evidence)
        topic_facts = [f for f in facts if f.clause_id in ev]
        out.append(Disclosure(topic, bool(evidence), principal_value(topic, topic_facts) if evidence else "",
                              tuple(evidence), tuple(info["readers"])))
    return tuple(out)
