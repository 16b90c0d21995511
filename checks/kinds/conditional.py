"""conditional: if X is stated, Y must be stated too (in the same sentence, clause or document, by scope).

`if` is a regex; `then` a regex and/or `then_topic` a disclosure topic that must be present. With document
scope one finding marks the first trigger; with sentence or clause scope every unsatisfied trigger is marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.model import Finding

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = "missing_disclosure"
SCOPE = "document"
REQUIRED = ("if",)
OPTIONAL = ("then", "then_topic")
REGEXES = ("if", "then")


def validate(params: dict[str, Any]) -> dict[str, Any]:
    if not params.get("then") and not params.get("then_topic"):
        raise ValueError("a conditional rule needs 'then' (a regex) or 'then_topic' (a topic id)")
    return params


def _topic_present(scan: Scan, topic: str) -> bool:
    return any(d.topic == topic and d.present for d in scan.ex.disclosures)


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    then = scan.regex(p["then"]) if p.get("then") else None
    topic = p.get("then_topic", "")
    satisfied = (topic and _topic_present(scan, topic)) or (then and then.search(scan.text))
    if rule.scope == "document" and satisfied:
        return []
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for m in scan.regex(p["if"]).finditer(scan.text):
        if scan.excepted(rule, m.start()):
            continue
        if rule.scope != "document":
            s, e = scan.scope_bounds(rule, m.start())
            if (s, e) in seen:
                continue
            seen.add((s, e))
            if then and then.search(scan.text, s, e):
                continue
            if not then and topic and _topic_present(scan, topic):
                continue
        out.append(scan.finding(rule, m.start(), m.end()))
        if rule.scope == "document":
            break
    return out
