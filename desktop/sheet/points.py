"""The sheet's open points: questions to agree before signing (missing and mentioned topics, vague wording)."""

from __future__ import annotations

import re

import resources
from checks.model import SEVERITY_RANK, Finding, Review
from desktop.sheet.config import limit, sheet_config
from desktop.sheet.model import SheetLine, reader_topics
from desktop.sheet.quotes import citation, shorten

QUESTION_KINDS = frozenset({"vague_timing", "vague_effort", "vague_scope", "overpromise", "inconsistent",
                            "unqualified", "undefined_term", "missing_disclosure"})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def wording_findings(review: Review, dismissed: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings that make a question, less those the reviewer dismissed (by ``Finding.key``)."""
    return [f for f in review.findings
            if f.kind in QUESTION_KINDS and f.kind != "missing_disclosure" and f.key not in dismissed]


def _where(review: Review, f: Finding) -> str:
    clause = review.clause(f.clause_id) if f.clause_id else None
    return citation(f.page, clause)


def _question(f: Finding) -> str:
    templates = sheet_config()["questions"]
    tmpl = templates.get(f.kind, templates["other"])
    if "{text}" in tmpl and not f.text:
        tmpl = templates["other"]
    message = f.message.rstrip(". ")
    return tmpl.format(text=" ".join(f.text.split()), message=message)


def _relevant(f: Finding, readers: tuple[str, ...], topic_sets: dict[str, set[str]]) -> tuple[str, ...]:
    if not f.audiences and not f.topic:
        return readers
    return tuple(r for r in readers if r in f.audiences or f.topic in topic_sets[r])


def open_points(review: Review, readers: tuple[str, ...],
                dismissed: frozenset[str] = frozenset()) -> tuple[list[SheetLine], int]:
    """Questions for the meeting: missing disclosures first (in the readers' order), then wording findings."""
    topic_sets = {r: set(reader_topics(r)) for r in readers}
    info = resources.topics()
    missing_findings = {f.topic: f for f in review.findings if f.kind == "missing_disclosure" and f.topic}
    points: list[SheetLine] = []
    seen_topics: set[str] = set()
    for reader in readers:
        for topic in reader_topics(reader):
            d = review.disclosure(topic)
            if topic in seen_topics or d is None or d.status == "stated":
                continue
            seen_topics.add(topic)
            who = tuple(r for r in readers if topic in topic_sets[r])
            label = info.get(topic, {}).get("label", topic)
            question = info.get(topic, {}).get("missing", f"{topic} is not stated.")
            f = missing_findings.get(topic)
            if f is not None and f.key in dismissed:
                continue  # the reviewer decided this disclosure does not apply here
            if d.status == "mentioned":  # named, but not stated: ask for it, citing where it is named
                c = d.citations[0]
                text = sheet_config().get("mentioned_question", "{question}").format(question=question)
                points.append(SheetLine(f"open/{topic}", "open", label, text, citation=citation(
                    c.page, review.clause(c.clause_id)), page=c.page, clause_id=c.clause_id, topic=topic,
                    status="mentioned", quote=shorten(c.quote, limit("quote_chars")), readers=who,
                    severity=f.severity if f else ""))
                continue
            where = _where(review, f) if f else ""
            points.append(SheetLine(f"open/{topic}", "open", label, question,
                                    citation=where, page=f.page if f else 0, clause_id=f.clause_id if f else "",
                                    topic=topic, status="missing", readers=who,
                                    severity=f.severity if f else ""))
    # Conditional disclosure findings whose topic is otherwise present (e.g. "Severity 1" never defined).
    extra = [f for f in review.findings if f.kind == "missing_disclosure" and f.topic not in seen_topics
             and f.key not in dismissed
             and (review.disclosure(f.topic) is None or review.disclosure(f.topic).present)]
    merged: dict[tuple[str, str], list[Finding]] = {}
    for f in [*extra, *wording_findings(review, dismissed)]:
        if _relevant(f, readers, topic_sets):
            merged.setdefault((f.rule_id, " ".join(f.text.lower().split()) or f.message), []).append(f)
    groups = sorted(merged.values(), key=lambda fs: (-SEVERITY_RANK.get(fs[0].severity, 0), fs[0].page or 10**6,
                                                    fs[0].start))
    cap = limit("open_points")
    for fs in groups[:cap]:
        f = fs[0]
        wheres = list(dict.fromkeys(w for w in (_where(review, g) for g in fs) if w))
        where = "; ".join(wheres[:3]) + (f"; +{len(wheres) - 3} more" if len(wheres) > 3 else "")
        label = {"overpromise": "Over-promise", "missing_disclosure": "Missing"}.get(
            f.kind, f.kind.replace("_", " ").capitalize())
        points.append(SheetLine(f"open/{f.rule_id}/{_slug(f.text or f.message)}", "open", label, _question(f),
                                " ".join(f.text.split()), where, f.page, f.clause_id, f.topic,
                                "missing" if f.kind == "missing_disclosure" else "vague",
                                shorten(f.sentence, limit("quote_chars")), _relevant(f, readers, topic_sets),
                                f.severity))
    return points, max(0, len(groups) - cap)


