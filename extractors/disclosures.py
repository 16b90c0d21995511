"""One Disclosure per topic of the taxonomy: present or not, its principal value, and the evidence.

A topic is present when at least one clause speaks to it (see extractors.topics) or, for the topics listed in
resources/extract/presence.toml, when the facts show it (extractors.values.stated); the evidence lists those
clauses, strongest first (a clause tagged by a sentence cue before one tagged by its heading only). Choosing
the principal value among several facts is extractors.values' job (owned separately); the crude fallback
below only keeps the pipeline whole if that module is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import resources
from extractors.model import Clause, Disclosure, Document, Fact
from extractors.topics import valued_sentence

try:
    from extractors.values import principal_value as _values_principal
except ImportError:  # pragma: no cover - values.py is developed alongside
    _values_principal = None
try:
    from extractors.values import stated as _stated
except ImportError:  # pragma: no cover
    _stated = None
try:
    from extractors.numbers import find_durations
except ImportError:  # pragma: no cover
    find_durations = None

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


def _presence(topic: str) -> str:
    return resources.load_toml("extract", "presence.toml").get("presence", {}).get(topic, "tags")


def _sentence_duration(sentences: list[str]) -> str:
    """The first duration stated in the sentences that carry a topic's value ("ninety (90) days" -> "90 days")."""
    if find_durations is None:
        return ""
    for sentence in sentences:
        found = [d for d in find_durations(sentence) if not d.recurring]
        if found:
            return found[0].normalized
    return ""


def build_disclosures(clauses: tuple[Clause, ...], facts: tuple[Fact, ...],
                      document: Document | None = None) -> tuple[Disclosure, ...]:
    """Every topic of the taxonomy, in its display order, present or not."""
    out: list[Disclosure] = []
    for topic, info in resources.topics().items():
        tagged = sorted((c for c in clauses if topic in c.topics), key=lambda c: _strength(c, topic))
        how = _presence(topic) if _stated is not None else "tags"
        by_facts = _stated(topic, facts) if how != "tags" else False
        present = {"tags": bool(tagged), "facts": by_facts, "either": bool(tagged) or by_facts,
                   "both": bool(tagged) and by_facts}.get(how, bool(tagged))
        evidence = [c.id for c in tagged]
        if by_facts:  # the clauses holding the facts that showed it are evidence too
            evidence += [f.clause_id for f in facts if f.topic == topic and f.clause_id and f.clause_id not in evidence]
        value = ""
        if present and topic in SENTENCE_VALUED:
            pairs = [(c, valued_sentence(c, topic)) for c in tagged]
            sentences = [s for _, s in pairs if s]
            valued = [c for c, s in pairs if s]
            value = (principal_value(topic, valued, facts, document) or _sentence_duration(sentences)) if valued else ""
        elif present:
            value = principal_value(topic, tagged, facts, document)
        out.append(Disclosure(topic, present, value, tuple(dict.fromkeys(evidence)) if present else (),
                              tuple(info["readers"])))
    return tuple(out)
