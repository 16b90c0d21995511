"""disclosure: a topic must be stated up front, for the document kinds listed (proposal, sla, services…)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import resources
from checks.model import Finding

if TYPE_CHECKING:
    from checks.engine import Scan
    from checks.rules import Rule

FINDING = "missing_disclosure"
SCOPE = "document"
REQUIRED = ("topics",)
OPTIONAL = ("documents", "also")
REGEXES = ("also",)
DOCUMENT_KINDS = ("proposal", "sla", "services", "contract")


def validate(params: dict[str, Any]) -> dict[str, Any]:
    topics = params.get("topics")
    if not isinstance(topics, list) or not topics:
        raise ValueError("'topics' must be a non-empty list of topic ids")
    known = resources.topics()
    for t in topics:
        if t not in known:
            raise ValueError(f"unknown topic {t!r}")
    docs = params.get("documents", list(DOCUMENT_KINDS))
    for d in docs:
        if d not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind {d!r} (one of {', '.join(DOCUMENT_KINDS)})")
    return {**params, "topics": tuple(topics), "documents": tuple(docs)}


def lift(params: dict[str, Any]) -> dict[str, Any]:
    """Lifted: the topics count as missing, stated or not, in every kind of document."""
    return {**params, "assume_missing": True, "documents": DOCUMENT_KINDS, "also": ""}


def run(rule: Rule, scan: Scan) -> list[Finding]:
    """`also` is a regex that counts as stating the topic when the extractors missed it."""
    if scan.kind not in rule.params["documents"]:
        return []
    missing = []
    for topic in rule.params["topics"]:
        d = next((d for d in scan.ex.disclosures if d.topic == topic), None)
        if d is None or not d.present or rule.params.get("assume_missing"):
            missing.append((topic, d))
    also = rule.params.get("also")
    if not missing or (also and scan.regex(also).search(scan.text)):
        return []
    out = []
    for topic, d in missing:
        label = resources.topics().get(topic, {}).get("label", topic)
        f = scan.finding(rule, arg=label, topic=topic)
        if not f.audiences and d is not None:
            f = replace(f, audiences=d.audiences)
        out.append(f)
    return out
