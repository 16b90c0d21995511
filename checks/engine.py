"""Run a rule pack over an Extraction and produce Findings."""

from __future__ import annotations

import re
from functools import cache

from checks.model import Finding
from checks.rules import Rule, RulePack
from checks.sentences import SentenceIndex
from extractors.model import Extraction


@cache
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def _regex(rule: Rule) -> re.Pattern[str]:
    if rule.kind == "existence":
        return _phrase_regex(tuple(rule.params.get("tokens", ())))
    return re.compile(rule.params["pattern"], re.IGNORECASE)


def _clause_at(ex: Extraction, offset: int) -> str:
    for c in ex.clauses:
        if c.start <= offset < c.end:
            return c.id
    return ""


def _exceptions(rule: Rule) -> re.Pattern[str] | None:
    words = rule.params.get("exceptions", ())
    return _phrase_regex(tuple(words)) if words else None


def _match_findings(rule: Rule, ex: Extraction, sentences: SentenceIndex) -> list[Finding]:
    text = ex.document.text
    out: list[Finding] = []
    exceptions = _exceptions(rule)
    for m in _regex(rule).finditer(text):
        s, e = sentences.around(m.start())
        sentence = " ".join(text[s:e].split())
        if exceptions and exceptions.search(sentence):
            continue
        spans = ex.document.spans(m.start(), m.end())
        matched = " ".join(m.group(0).split())
        out.append(Finding(
            rule_id=rule.id, kind=rule.finding, severity=rule.level,
            message=rule.message.replace("%s", matched), suggestion=rule.suggestion, text=matched,
            sentence=sentence, span=spans[0] if spans else None, clause_id=_clause_at(ex, m.start()),
            audiences=rule.audiences, why=rule.why, topic=rule.topic, start=m.start(), end=m.end(), spans=spans,
        ))
    return out


def _disclosure_findings(rule: Rule, ex: Extraction) -> list[Finding]:
    kinds = rule.params.get("documents")
    if kinds and ex.kind not in kinds:
        return []
    out = []
    for topic in rule.params.get("topics", [rule.topic]):
        d = next((d for d in ex.disclosures if d.topic == topic), None)
        if d is None or not d.present:
            out.append(Finding(rule_id=rule.id, kind=rule.finding, severity=rule.level,
                               message=rule.message.replace("%s", topic), suggestion=rule.suggestion,
                               audiences=rule.audiences or (d.audiences if d else ()), why=rule.why, topic=topic))
    return out


def _conditional_findings(rule: Rule, ex: Extraction, sentences: SentenceIndex) -> list[Finding]:
    text = ex.document.text
    trigger = re.compile(rule.params["if"], re.IGNORECASE)
    then = rule.params.get("then")
    then_topic = rule.params.get("then_topic")
    satisfied = (then and re.search(then, text, re.IGNORECASE)) or (
        then_topic and any(d.topic == then_topic and d.present for d in ex.disclosures))
    if satisfied:
        return []
    m = trigger.search(text)
    if not m:
        return []
    spans = ex.document.spans(m.start(), m.end())
    matched = " ".join(m.group(0).split())
    return [Finding(rule_id=rule.id, kind=rule.finding, severity=rule.level,
                    message=rule.message.replace("%s", matched), suggestion=rule.suggestion, text=matched,
                    sentence=sentences.sentence(m.start()), span=spans[0] if spans else None,
                    clause_id=_clause_at(ex, m.start()), audiences=rule.audiences, why=rule.why,
                    topic=rule.topic, start=m.start(), end=m.end(), spans=spans)]


def run_rule(rule: Rule, ex: Extraction, sentences: SentenceIndex | None = None) -> list[Finding]:
    sentences = sentences or SentenceIndex(ex.document.text)
    if rule.kind in ("existence", "pattern"):
        return _match_findings(rule, ex, sentences)
    if rule.kind == "disclosure":
        return _disclosure_findings(rule, ex)
    if rule.kind == "conditional":
        return _conditional_findings(rule, ex, sentences)
    return []


def run_pack(pack: RulePack, ex: Extraction, disabled: frozenset[str] = frozenset()) -> tuple[Finding, ...]:
    sentences = SentenceIndex(ex.document.text)
    findings: list[Finding] = []
    for rule in pack.rules:
        if rule.id not in disabled:
            findings.extend(run_rule(rule, ex, sentences))
    findings.sort(key=lambda f: (f.start if f.start >= 0 else 1 << 30, f.rule_id))
    return tuple(findings)
