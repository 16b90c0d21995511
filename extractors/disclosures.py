"""One Disclosure per topic of the taxonomy: present or not, its principal value, and the evidence.

A topic is present when at least one clause speaks to it (see extractors.topics) or, for the topics listed in
resources/extract/presence.toml, when the facts show it (extractors.values.stated); the evidence lists those
clauses, strongest first (a clause tagged by a sentence cue before one tagged by its heading only), then the
clauses of the facts sure enough of their role to show it. Choosing the principal value among several facts is
extractors.values' job.
"""

from __future__ import annotations

import resources
from extractors.model import Clause, Disclosure, Document, Fact
from extractors.numbers import find_durations
from extractors.topics import valued_sentence
from extractors.values import principal_value, showing, stated

# Topics whose value is read only from the sentences that carry it (topic rules marked ``valued``), not from
# every fact in the clause: a warranty section often names notice or cure periods that are not the warranty's duration.
SENTENCE_VALUED = ("warranty",)


def _strength(clause: Clause, topic: str) -> int:
    """0 for a clause tagged by a sentence cue, 1 for one tagged by its heading only."""
    cue = next((c for t, c in clause.cues if t == topic), "")
    return 1 if cue.startswith("heading:") else 0


def _presence(topic: str) -> str:
    return resources.load_toml("extract", "presence.toml").get("presence", {}).get(topic, "tags")


def _sentence_duration(sentences: list[str]) -> str:
    """The first duration stated in the sentences that carry a topic's value ("ninety (90) days" -> "90 days")."""
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
        how = _presence(topic)
        by_facts = stated(topic, facts) if how != "tags" else False
        present = {"tags": bool(tagged), "facts": by_facts, "either": bool(tagged) or by_facts,
                   "both": bool(tagged) and by_facts}.get(how, bool(tagged))
        evidence = [c.id for c in tagged]
        if by_facts:  # the clauses holding the facts that showed it are evidence too (not a maintenance notice)
            evidence += [f.clause_id for f in showing(topic, facts) if f.clause_id and f.clause_id not in evidence]
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
