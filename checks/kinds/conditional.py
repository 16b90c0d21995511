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
OPTIONAL = ("then", "then_topic", "then_anchors")
REGEXES = ("if", "then")


def validate(params: dict[str, Any]) -> dict[str, Any]:
    anchors = params.get("then_anchors", [])
    if not isinstance(anchors, list) or not all(isinstance(a, str) and a.strip("*").isalnum() for a in anchors):
        raise ValueError("'then_anchors' must be a list of single words")
    if not params.get("then") and not params.get("then_topic"):
        raise ValueError("a conditional rule needs 'then' (a regex) or 'then_topic' (a topic id)")
    return params


def lift(params: dict[str, Any]) -> dict[str, Any]:
    """Lifted: the trigger alone fires, whatever the document states."""
    return {**params, "then": r"(?!)", "then_topic": ""}


def _topic_present(scan: Scan, topic: str) -> bool:
    return any(d.topic == topic and d.present for d in scan.ex.disclosures)


def _then_anywhere(scan: Scan, p: dict[str, Any]) -> bool:
    """Is `then` stated anywhere? With `then_anchors` only sentences holding one of those words are searched."""
    rx = scan.regex(p["then"])
    anchors = tuple(a.lower() for a in p.get("then_anchors", ()))
    if not anchors:
        return bool(rx.search(scan.text))
    return any(rx.search(scan.text, s, e) for s, e in scan.windows(anchors))


def run(rule: Rule, scan: Scan) -> list[Finding]:
    p = rule.params
    then = scan.regex(p["then"]) if p.get("then") else None
    topic = p.get("then_topic", "")
    satisfied: bool | None = None  # document scope: decided once, and only when a trigger is found
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for m in scan.finditer(rule, p["if"]):
        if scan.excepted(rule, m.start()):
            continue
        if rule.scope == "document":
            if satisfied is None:
                satisfied = bool((topic and _topic_present(scan, topic)) or (then and _then_anywhere(scan, p)))
            if satisfied:
                return []
            return [scan.finding(rule, m.start(), m.end())]
        s, e = scan.scope_bounds(rule, m.start())
        if (s, e) in seen:
            continue
        seen.add((s, e))
        if then and then.search(scan.text, s, e):
            continue
        if not then and topic and _topic_present(scan, topic):
            continue
        out.append(scan.finding(rule, m.start(), m.end()))
    return out
