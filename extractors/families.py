"""Clause families: what kind of clause a sentence sits in (service, commercial, or a boilerplate family).

Whether vague wording misleads a customer depends first on the kind of clause: "promptly" in a notice of
downtime sets an expectation about service, "promptly" in an indemnity procedure does not. The family is
decided once per sentence from data (resources/extract/families.toml): the sentence's own strong cue wins
(a confidentiality sentence inside a services section is still about confidentiality), then the headings of
its clause and of the clauses above it, then service or money words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import resources
from extractors.lowregex import LowerRegex, lower
from extractors.model import Clause

SERVICE, COMMERCIAL, UNCLASSIFIED = "service", "commercial", "unclassified"
GENERAL = "general"  # the catch-all boilerplate family: its headings ("Miscellaneous") hold every kind of clause
HEADING_DEPTH = 3  # a clause's own heading and two above it: an article's title six levels up says little


@dataclass(frozen=True)
class Family:
    name: str
    boilerplate: bool
    cue: re.Pattern[str] | None
    heading: re.Pattern[str] | None


def _compile(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


@cache
def families() -> tuple[Family, ...]:
    data = resources.load_toml("extract", "families.toml")
    return tuple(Family(f["name"], bool(f.get("boilerplate", False)), _compile(f.get("cue", "")),
                        _compile(f.get("heading", ""))) for f in data["family"])


@cache
def _plain_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = resources.load_toml("extract", "families.toml")
    return re.compile(data["service"]["cue"], re.IGNORECASE), re.compile(data["commercial"]["cue"], re.IGNORECASE)


@cache
def names() -> tuple[str, ...]:
    """Every family name a rule may list under ``skip_families``."""
    return (*(f.name for f in families()), SERVICE, COMMERCIAL, UNCLASSIFIED)


@cache
def boilerplate() -> frozenset[str]:
    return frozenset(f.name for f in families() if f.boilerplate)


@cache
def heading_family(heading: str) -> str:
    """The family a clause heading names ("Governing Law" -> law), or ""."""
    if not heading:
        return ""
    for f in families():
        if f.heading is not None and f.heading.search(heading):
            return f.name
    return ""


def family_of(text: str, headings: Sequence[str] = ()) -> str:
    """The family of one sentence, given the headings of its clause, innermost first.

    A heading that names a family decides ("Limitation of Liability" over a passing "(Confidentiality)"),
    except a catch-all one ("Miscellaneous", "General"), under which each sentence's own cue decides."""
    named = next((n for n in map(heading_family, headings) if n), "")
    if named and named != GENERAL:
        return named
    for f in families():
        if f.cue is not None and f.cue.search(text):
            return f.name
    if named:
        return named
    service, money = _plain_cues()
    if service.search(text):
        return SERVICE
    if money.search(text):
        return COMMERCIAL
    return UNCLASSIFIED


@cache
def _lower_cues() -> list[tuple[Family, LowerRegex]]:
    return [(f, LowerRegex(f.cue.pattern)) for f in families() if f.cue is not None]


@cache
def _lower_plain() -> tuple[LowerRegex, LowerRegex]:
    service, money = _plain_cues()
    return LowerRegex(service.pattern), LowerRegex(money.pattern)


class FamilyIndex:
    """Every family cue of one document found once, so each sentence's family is a few look-ups."""

    def __init__(self, text: str) -> None:
        low = lower(text)
        self.text = text
        self._cues = _lower_cues()
        self._at = {f.name: sorted(rx.starts(text, low)) for f, rx in self._cues}
        service, money = _lower_plain()
        self._service = sorted(service.starts(text, low))
        self._money = sorted(money.starts(text, low))

    @staticmethod
    def heading(headings: Sequence[str]) -> str:
        """The family the nearest heading that names one names ("" when none does)."""
        return next((n for n in map(heading_family, headings) if n), "")

    @staticmethod
    def _any(starts: list[int], s: int, e: int) -> bool:
        i = bisect_left(starts, s)
        return i < len(starts) and starts[i] < e

    def family(self, s: int, e: int, headings: Sequence[str] = ()) -> str:
        """``family_of(text[s:e], headings)``, from the positions found once."""
        named = self.heading(headings)
        if named and named != GENERAL:
            return named
        for f, rx in self._cues:
            if self._any(self._at[f.name], s, e) or rx.at(self.text, s, e):
                return f.name
        if named:
            return named
        if self._any(self._service, s, e):
            return SERVICE
        if self._any(self._money, s, e):
            return COMMERCIAL
        return UNCLASSIFIED


def heading_chains(clauses: Sequence[Clause]) -> dict[str, tuple[str, ...]]:
    """For each clause id, its own heading and those of the clauses above it (innermost first)."""
    chains: dict[str, tuple[str, ...]] = {}
    stack: list[Clause] = []
    for clause in sorted(clauses, key=lambda c: c.start):
        while stack and stack[-1].level >= clause.level:
            stack.pop()
        chain = tuple(h for h in (clause.heading, *(c.heading for c in reversed(stack))) if h)[:HEADING_DEPTH]
        chains[clause.id] = chain
        stack.append(clause)
    return chains
