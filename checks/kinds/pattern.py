"""pattern: a regular expression marks the problem; group `cue` (if present) is the text shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.model import Finding

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = None
SCOPE = "sentence"
REQUIRED = ("pattern",)
OPTIONAL = ()
REGEXES = ("pattern",)


def validate(params: dict[str, Any]) -> dict[str, Any]:
    return params


def run(rule: Rule, scan: Scan) -> list[Finding]:
    rx = scan.regex(rule.params["pattern"])
    has_cue = "cue" in rx.groupindex
    out = []
    for m in scan.finditer(rule, rule.params["pattern"]):
        start, end = (m.start("cue"), m.end("cue")) if has_cue and m.group("cue") else m.span()
        if end <= start or scan.excepted(rule, start):
            continue
        out.append(scan.finding(rule, start, end))
    return out
