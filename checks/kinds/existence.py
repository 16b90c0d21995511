"""existence: any phrase of a list is a problem where it appears (exact, or a typo of it when `fuzzy`).

`suggest` (optional) maps a phrase to its own rewrite; other phrases get the rule's `suggestion`.
"""

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
OPTIONAL = ("fuzzy", "min_length", "suggest")
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
    suggest = params.get("suggest", {})
    if not isinstance(suggest, dict) or not all(isinstance(v, str) for v in suggest.values()):
        raise ValueError("'suggest' must be a table of phrase = \"rewrite\"")
    unknown = [k for k in suggest if phrase_tokens(k) not in {phrase_tokens(p) for p in phrases}]
    if unknown:
        raise ValueError(f"'suggest' names {unknown[0]!r}, which is not in 'phrases'")
    return {**params, "phrases": tuple(phrases), "fuzzy": params.get("fuzzy", True), "min_length": min_len,
            "suggest": {phrase_tokens(k): v for k, v in suggest.items()}}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    out = []
    for hit in scan.tokens.find(p["phrases"], p["fuzzy"], p["min_length"]):
        if not scan.excepted(rule, hit.start):
            own = p["suggest"].get(phrase_tokens(hit.phrase))
            out.append(scan.finding(rule, hit.start, hit.end, suggestion=own))
    return out
