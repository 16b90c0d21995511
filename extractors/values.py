"""The principal value the CLI reports per topic (DESIGN.md: disclosures[].value).

Kept apart from fact finding so the choice among several candidate facts ("which of these durations
is the renewal period?") is one small, testable policy. Facts carry a role and a weight
(``extractors.facts``); the best-weighted fact of the topic's role wins, the earliest on a tie.
"""

from __future__ import annotations

from collections.abc import Sequence

import resources
from extractors.model import Clause, Document, Fact
from extractors.numbers import DAYS_PER

VALUED_TOPICS = ("term.renewal", "term.notice", "term.expiration", "payment.terms", "support.response",
                 "sla.availability", "warranty", "support.hours", "sla.maintenance")
ROLE = {"term.renewal": "renewal", "term.notice": "notice", "term.expiration": "initial_term",
        "payment.terms": "payment", "support.response": "response", "sla.availability": "availability",
        "warranty": "warranty", "support.hours": "hours", "sla.maintenance": "maintenance_window"}


def fact_days(fact: Fact) -> float:
    """A duration-like fact's length in days (for comparing and ranking)."""
    v = fact.value
    if "unit" not in v:
        return float(v.get("days", 0))
    return float(v.get("amount", 0)) * DAYS_PER.get(str(v["unit"]), 1.0)


def principal_value(topic: str, clauses: Sequence[Clause], facts: Sequence[Fact],
                    document: Document | None = None) -> str:
    """The normalized value for ``topic`` ('1 year', 'perpetual', '30 days', '99.9%'), or ''.

    ``facts`` should be all facts of the document (their own role says what they are); ``clauses``
    are the topic's evidence clauses and break ties in favour of facts inside them.
    """
    role = ROLE.get(topic)
    if role is None:
        return ""
    ids = {c.id for c in clauses}
    cands = [f for f in facts if f.value.get("role") == role and f.normalized]
    if not cands:
        return ""
    if topic == "support.response":  # the fastest firm target; goals ("aim to", "target") only if nothing firmer
        firm = [f for f in cands if not f.value.get("soft")] or cands
        return min(firm, key=lambda f: (fact_days(f), f.start)).normalized
    if role in ("hours", "maintenance_window"):  # a time window elsewhere (a closing, a delivery slot) is no rival
        cands = [f for f in cands if f.clause_id in ids] or cands
    best = max(cands, key=lambda f: (f.value.get("weight", 0) + 0.25 * (f.clause_id in ids), -f.start))
    return best.normalized


def stated(topic: str, facts: Sequence[Fact]) -> bool:
    """Whether the facts alone show the topic is stated (a renewal period, a non-renewal notice...).

    Cue-word topic tagging over-fires on words like "renewal" in unrelated clauses; a renewal *period* found
    in a sentence whose subject is the agreement is stronger evidence. Thresholds: resources/extract/values.toml.
    """
    conf = resources.load_toml("extract", "values.toml")
    floor = conf["stated"].get(topic)
    if floor is None or not _has_role(topic, facts, floor):
        return False
    needed = conf["requires"].get(topic)
    return needed is None or _has_role(needed[0], facts, float(needed[1]))


def showing(topic: str, facts: Sequence[Fact]) -> list[Fact]:
    """The facts sure enough of their role to show the topic stated (the weight ``stated`` asks for); a topic
    without such a floor counts every fact of its own."""
    floor = resources.load_toml("extract", "values.toml")["stated"].get(topic)
    role = ROLE.get(topic)
    if floor is None or role is None:
        return [f for f in facts if f.topic == topic]
    return [f for f in facts if f.topic == topic and f.value.get("role") == role and f.value.get("weight", 0) >= floor]


def _has_role(topic: str, facts: Sequence[Fact], floor: float) -> bool:
    role = ROLE.get(topic)
    return any(f.value.get("role") == role and f.value.get("weight", 0) >= floor for f in facts)
