"""substitution: a phrase with a better wording to use instead (`swap = { "asap" = "by 14 March" }`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.model import Finding
from checks.phrases import phrase_tokens

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = None
SCOPE = "sentence"
REQUIRED = ("swap",)
OPTIONAL = ("fuzzy", "min_length")
REGEXES = ()


def validate(params: dict[str, Any]) -> dict[str, Any]:
    swap = params.get("swap")
    if not isinstance(swap, dict) or not swap or not all(isinstance(v, str) for v in swap.values()):
        raise ValueError("'swap' must be a table of phrase = \"better wording\"")
    for k in swap:
        if not phrase_tokens(k):
            raise ValueError(f"phrase {k!r} has no letters or digits")
    min_len = params.get("min_length", 6)
    if not isinstance(min_len, int) or min_len < 5:
        raise ValueError("'min_length' must be a whole number of at least 5")
    return {**params, "swap": dict(swap), "fuzzy": bool(params.get("fuzzy", True)), "min_length": min_len}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    by_tokens = {phrase_tokens(k): v for k, v in p["swap"].items()}
    out = []
    for hit in scan.tokens.find(p["swap"], p["fuzzy"], p["min_length"]):
        if scan.excepted(rule, hit.start):
            continue
        better = by_tokens.get(phrase_tokens(hit.phrase), "")
        suggestion = rule.suggestion.replace("%r", better) if "%r" in rule.suggestion else f"Write: {better}"
        out.append(scan.finding(rule, hit.start, hit.end, suggestion=suggestion))
    return out
