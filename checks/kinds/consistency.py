"""consistency: one fact stated two ways in one document.

Two modes: `fact_kind`/`fact_topic` (the extracted, normalized Facts) and/or `value` (a regex with a `value`
group, or `value2`, … in alternatives, used when no such Fact was extracted) flag the first statement whose
value differs from the first one seen; `a` + `b` (two regexes, e.g. 24/7 support and business-hours support)
flags `b` when both are stated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checks.model import Finding

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = "inconsistent"
SCOPE = "document"
REQUIRED = ()
OPTIONAL = ("value", "fact_kind", "fact_topic", "a", "b")
REGEXES = ("value", "a", "b")
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
            "eight": "8", "nine": "9", "ten": "10", "fifteen": "15", "twenty": "20", "thirty": "30",
            "forty-five": "45", "forty five": "45", "sixty": "60", "ninety": "90"}


def validate(params: dict[str, Any]) -> dict[str, Any]:
    by_value = bool(params.get("value") or params.get("fact_kind"))
    by_pair = bool(params.get("a") or params.get("b"))
    if by_value == by_pair or (by_pair and not (params.get("a") and params.get("b"))):
        raise ValueError("a consistency rule needs 'fact_kind' and/or 'value' (a regex with a (?P<value>…) group), "
                         "or both 'a' and 'b'")
    if params.get("value") and "(?P<value>" not in params["value"]:
        raise ValueError("'value' needs a named group (?P<value>…) holding the value to compare")
    return params


def _norm(value: str) -> str:
    v = " ".join(value.lower().split())
    digits = re.search(r"\d+(?:[.,]\d+)?", v)
    if digits:
        return digits.group(0).replace(",", "")
    return _NUMBERS.get(v, v)


def lift(params: dict[str, Any]) -> dict[str, Any]:
    """Lifted: a second statement fires even when it agrees with the first (and `b` fires without `a`)."""
    return {**params, "any_value": True}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    if p.get("a"):
        first = next((m for m in scan.finditer(rule, p["a"]) if not scan.excepted(rule, m.start())), None)
        if first is None and p.get("any_value"):
            first = next(scan.finditer(rule, p["b"]), None)
        if first is None:
            return []
        for m in scan.finditer(rule, p["b"]):
            if not scan.excepted(rule, m.start()):
                said = " ".join(first.group(0).split())
                page = scan.ex.document.page_at(first.start())
                return [scan.finding(rule, m.start(), m.end(), arg=f"'{said}' (page {page})")]
        return []
    seen: list[tuple[str, int, int]] = []  # (normalized value, start, end)
    if p.get("fact_kind"):  # the extractors' normalized Facts first; the regex only when they found none
        topic = p.get("fact_topic")
        for f in scan.ex.facts:
            wanted = f.kind == p["fact_kind"] and (not topic or f.topic == topic) and f.end > f.start
            if wanted and not scan.excepted(rule, f.start):
                seen.append((f.normalized, f.start, f.end))
    if not seen and p.get("value"):
        for m in scan.finditer(rule, p["value"]):
            if not scan.excepted(rule, m.start()):
                value = next((v for k, v in m.groupdict().items() if k.startswith("value") and v), "")
                seen.append((_norm(value), m.start(), m.end()))
    if not seen:
        return []
    base_value, base_start, base_end = seen[0]
    for value, start, end in seen[1:]:
        if value != base_value or p.get("any_value"):
            said = " ".join(scan.text[base_start:base_end].split())
            page = scan.ex.document.page_at(base_start)
            return [scan.finding(rule, start, end, arg=f"'{said}' (page {page})")]
    return []
