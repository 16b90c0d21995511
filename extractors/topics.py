"""Tag clauses with topic ids from cue phrases kept in resources/extract/topic_cues.toml."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import resources
from extractors.model import Clause


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cues = resources.load_toml("extract", "topic_cues.toml")["cues"]
    return {
        topic: re.compile(r"(?<!\w)(" + "|".join(re.escape(c) for c in phrases) + r")(?!\w)", re.IGNORECASE)
        for topic, phrases in cues.items()
    }


def classify(clause: Clause) -> Clause:
    topics: list[str] = []
    cues: list[tuple[str, str]] = []
    for topic, pattern in _patterns().items():
        m = pattern.search(clause.text)
        if m:
            topics.append(topic)
            cues.append((topic, m.group(0)))
    return replace(clause, topics=tuple(topics), cues=tuple(cues))


def classify_all(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    return tuple(classify(c) for c in clauses)
