"""undefined_term: a term of art ("Severity 1", "business hours") is used but the document never defines it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.model import Finding

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = "undefined_term"
SCOPE = "document"
REQUIRED = ("term", "defined")
OPTIONAL = ()
REGEXES = ("term", "defined")


def validate(params: dict[str, Any]) -> dict[str, Any]:
    return params


def lift(params: dict[str, Any]) -> dict[str, Any]:
    """Lifted: the term fires even where the document defines it."""
    return {**params, "defined": r"(?!)"}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    for m in scan.finditer(rule, rule.params["term"]):
        if not scan.excepted(rule, m.start()):
            if scan.regex(rule.params["defined"]).search(scan.text):
                return []
            return [scan.finding(rule, m.start(), m.end())]
    return []
