"""qualifier: a number must carry its unit, currency, time zone or business/calendar basis.

`pattern` finds the number expression; the rule fires unless `requires` matches within `window` characters
after the start of the match (0 = anywhere in the sentence). The common `when` key limits it to sentences
about a subject, e.g. support response.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.model import Finding

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = "unqualified"
SCOPE = "sentence"
REQUIRED = ("pattern", "requires")
OPTIONAL = ("window",)
REGEXES = ("pattern", "requires")


def validate(params: dict[str, Any]) -> dict[str, Any]:
    window = params.get("window", 0)
    if not isinstance(window, int) or window < 0:
        raise ValueError("'window' must be a whole number of characters (0 = the whole sentence)")
    return {**params, "window": window}


def lift(params: dict[str, Any]) -> dict[str, Any]:
    """Lifted: every number the pattern finds fires, qualified or not."""
    return {**params, "requires": r"(?!)"}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    requires = scan.regex(p["requires"])
    out = []
    said: set[str] = set()  # the same unqualified figure repeated is one finding, at its first place
    for m in scan.finditer(rule, p["pattern"]):
        s, e = scan.sentences.around(m.start())
        lo, hi = (m.start(), min(e, m.start() + p["window"])) if p["window"] else (s, e)
        hi = max(hi, m.end())
        if requires.search(scan.text, lo, hi) or scan.excepted(rule, m.start()):
            continue
        key = " ".join(m.group(0).lower().split())
        if key in said:
            continue
        said.add(key)
        out.append(scan.finding(rule, m.start(), m.end()))
    return out
