"""existence: any phrase of a list is a problem where it appears (exact, or a typo of it when `fuzzy`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.model import Finding
from checks.phrases import phrase_tokens

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = None
SCOPE = "sentence"
REQUIRED = ("phrases",)
OPTIONAL = ("fuzzy", "min_length")
REGEXES = ()


def validate(params: dict[str, Any]) -> dict[str, Any]:
    phrases = params.get("phrases")
    if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
        raise ValueError("'phrases' must be a non-empty list of strings")
    for p in phrases:
        if not phrase_tokens(p):
            raise ValueError(f"phrase {p!r} has no letters or digits")
    if not isinstance(params.get("fuzzy", True), bool):
        raise ValueError("'fuzzy' must be true or false")
    min_len = params.get("min_length", 6)
    if not isinstance(min_len, int) or min_len < 5:
        raise ValueError("'min_length' must be a whole number of at least 5 (shorter words make false typos)")
    return {**params, "phrases": tuple(phrases), "fuzzy": params.get("fuzzy", True), "min_length": min_len}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    out = []
    for hit in scan.tokens.find(p["phrases"], p["fuzzy"], p["min_length"]):
        if not scan.excepted(rule, hit.start):
            out.append(scan.finding(rule, hit.start, hit.end))
    return out
