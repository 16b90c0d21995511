"""Tag clauses with topic ids, explainably, from rules kept in resources/extract/topic_rules.toml.

A rule is a cue regex that must match inside one sentence, optionally with other patterns that must also
match in that sentence (``with``) and patterns that veto it (``unless``). Sentences, not whole clauses, are
the window because contract clauses are long: "notice" and "renew" anywhere in a two-page section say little,
in one sentence they say "notice to stop renewal". Clause headings add a second, fuzzy signal (rapidfuzz)
for the topics whose heading alone is telling ("Limitation of Liability", "Taxes"). Every tag keeps the cue
that caused it in ``Clause.cues`` so the UI can say why.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from rapidfuzz import fuzz

import resources
from extractors.model import Clause

# A sentence ends at . ! ? followed by space and a capital, digit, quote or bracket ("U.S. Dollars" mostly survives).
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[\"“(\[]?[A-Z0-9])|\n\s*\n")
HEADING_CUTOFF = 90  # rapidfuzz score (0-100) for a heading to count as a synonym
SHORT_SYNONYM = 8  # synonyms shorter than this must match the whole heading, not just a token


@dataclass(frozen=True)
class Rule:
    """One cue for one topic: ``cue`` in a sentence, with every ``with`` and none of ``unless``."""

    topic: str
    cue: re.Pattern[str]
    with_: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    valued: bool = False  # the sentence carries the topic's value (e.g. a warranty period)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule of topic_rules.toml, compiled once per process."""
    data = resources.load_toml("extract", "topic_rules.toml")
    out = []
    for r in data["rule"]:
        cues = r["cue"] if isinstance(r["cue"], list) else [r["cue"]]
        for cue in cues:
            out.append(Rule(r["topic"], _compile(cue), tuple(_compile(p) for p in r.get("with", [])),
                            tuple(_compile(p) for p in r.get("unless", [])), bool(r.get("valued", False))))
    return tuple(out)


@cache
def heading_synonyms() -> dict[str, tuple[str, ...]]:
    """Topic -> headings that alone say the clause is about it."""
    data = resources.load_toml("extract", "topic_rules.toml")
    return {topic: tuple(s.lower() for s in syns) for topic, syns in data.get("headings", {}).items()}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    bounds = [0]
    for m in SENTENCE_END.finditer(text):
        bounds.append(m.end())
    bounds.append(len(text))
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def heading_topic(heading: str) -> tuple[str, str] | None:
    """(topic, synonym) when a clause heading is a close enough synonym of a topic's heading."""
    h = " ".join(heading.lower().replace("&", "and").split()).strip(" .:-")
    if not h or len(h) > 80:
        return None
    best: tuple[float, str, str] | None = None
    for topic, syns in heading_synonyms().items():
        for syn in syns:
            score = fuzz.ratio(h, syn) if len(syn) < SHORT_SYNONYM else fuzz.token_set_ratio(h, syn)
            if score >= HEADING_CUTOFF and (best is None or score > best[0]):
                best = (score, topic, syn)
    return (best[1], best[2]) if best else None


def match_rules(text: str) -> list[tuple[str, str, bool]]:
    """(topic, cue text, valued) for each topic whose rule matches ``text``; the first cue per topic wins,
    except that a ``valued`` match is also reported when an unvalued one came first."""
    flat = " ".join(text.split())
    spans = sentences(flat)
    starts = [a for a, _ in spans]
    found: dict[str, tuple[str, bool]] = {}
    for rule in rules():
        have = found.get(rule.topic)
        if have is not None and (have[1] or not rule.valued):
            continue
        for m in rule.cue.finditer(flat):
            a, b = spans[bisect_right(starts, m.start()) - 1]
            sentence = flat[a:b]
            if all(p.search(sentence) for p in rule.with_) and not any(p.search(sentence) for p in rule.unless):
                found[rule.topic] = (m.group(0) if have is None else have[0], rule.valued or bool(have and have[1]))
                break
    return [(t, cue, valued) for t, (cue, valued) in found.items()]


def classify(clause: Clause) -> Clause:
    """The clause with its topics and, per topic, the cue that matched (``heading: …`` for a heading match)."""
    hits = match_rules(clause.text)
    topics = [t for t, _, _ in hits]
    cues = [(t, cue) for t, cue, _ in hits]
    if clause.heading:
        h = heading_topic(clause.heading)
        if h and h[0] not in topics:
            topics.append(h[0])
            cues.append((h[0], f"heading: {h[1]}"))
    order = {t: i for i, t in enumerate(resources.topics())}
    pairs = sorted(zip(topics, cues, strict=True), key=lambda p: order.get(p[0], len(order)))
    return replace(clause, topics=tuple(t for t, _ in pairs), cues=tuple(c for _, c in pairs))


def carries_value(clause: Clause, topic: str) -> bool:
    """Whether a ``valued`` rule of ``topic`` matches in the clause (the sentence states the topic's value)."""
    return any(t == topic and v for t, _, v in match_rules(clause.text))


def classify_all(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    return tuple(classify(c) for c in clauses)
