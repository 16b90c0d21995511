"""One Disclosure per topic of the taxonomy: present or not, its principal value, and the evidence.

A topic is present when at least one clause speaks to it (see extractors.topics); the evidence lists those
clauses, strongest first (a clause tagged by a sentence cue before one tagged by its heading only). Choosing
the principal value among several facts is extractors.values' job (owned separately); the crude fallback
below only keeps the pipeline whole if that module is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import resources
from extractors.model import Clause, Disclosure, Document, Fact
from extractors.topics import carries_value

try:
    from extractors.values import principal_value as _values_principal
except ImportError:  # pragma: no cover - values.py is developed alongside
    _values_principal = None

# Topics whose value must come from the sentence that states the topic, not from anywhere in the clause:
# a warranty section often names notice or cure periods that are not the warranty's duration.
SENTENCE_VALUED = ("warranty",)
DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25}


def principal_value(topic: str, clauses: Sequence[Clause], facts: Sequence[Fact],
                    document: Document | None = None) -> str:
    """The value the CLI reports for a topic ('30 days', '99.9%', '1 year'), or ''."""
    if _values_principal is not None:
        return _values_principal(topic, clauses, facts, document)
    ids = {c.id for c in clauses}
    near = [f for f in facts if f.clause_id in ids]
    if topic == "sla.availability":
        pct = [f for f in near if f.kind == "percent" and f.value.get("amount", 0) >= 90]
        return pct[0].normalized if pct else ""
    if topic in ("term.renewal", "term.notice", "term.expiration", "payment.terms", "support.response", "warranty"):
        durations = [f for f in near if f.kind in ("duration", "payment_terms")]
        if topic == "support.response" and durations:
            return min(durations, key=_days).normalized
        return durations[0].normalized if durations else ""
    return ""


def _days(f: Fact) -> float:
    v = f.value
    return float(v.get("amount", v.get("days", 0))) * DAYS.get(str(v.get("unit", "day")), 1)


def _strength(clause: Clause, topic: str) -> int:
    """0 for a clause tagged by a sentence cue, 1 for one tagged by its heading only."""
    cue = next((c for t, c in clause.cues if t == topic), "")
    return 1 if cue.startswith("heading:") else 0


def build_disclosures(clauses: tuple[Clause, ...], facts: tuple[Fact, ...],
                      document: Document | None = None) -> tuple[Disclosure, ...]:
    """Every topic of the taxonomy, in its display order, present or not."""
    out: list[Disclosure] = []
    for topic, info in resources.topics().items():
        tagged = sorted((c for c in clauses if topic in c.topics), key=lambda c: _strength(c, topic))
        valued = [c for c in tagged if carries_value(c, topic)] if topic in SENTENCE_VALUED else tagged
        value = principal_value(topic, valued, facts, document) if valued else ""
        out.append(Disclosure(topic, bool(tagged), value, tuple(c.id for c in tagged), tuple(info["readers"])))
    return tuple(out)
