"""Review -> the CLI's JSON object (the stable machine interface), readable text, and CSV rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from checks.model import Finding, Review
from extractors.model import Citation, Disclosure, Party, Span

TOOL_NAME = "upfront"
CSV_COLUMNS = ("file", "rule", "kind", "severity", "page", "clause", "text", "message", "suggestion", "sentence",
               "audiences", "actor", "party", "stance", "family", "status", "note")


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("upfront")
    except PackageNotFoundError:
        return "0.0.0"


def _bbox(span: Span | None) -> list[float]:
    return [round(v, 2) for v in span.bbox] if span else []


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule_id, "kind": f.kind, "severity": f.severity, "message": f.message,
        "suggestion": f.suggestion, "why": f.why, "topic": f.topic, "text": f.text, "sentence": f.sentence,
        "page": f.page, "bbox": _bbox(f.span), "clause": f.clause_id, "audiences": list(f.audiences),
        "actor": f.actor, "stance": f.stance, "family": f.family,
    }


def citation_json(c: Citation) -> dict[str, Any]:
    return {"quote": c.quote, "page": c.page, "bbox": [round(v, 2) for v in c.bbox] if c.bbox else [],
            "clause": c.clause_id, "confidence": c.confidence, "status": c.status, "value": c.value,
            "actor": c.actor}


def disclosure_json(d: Disclosure) -> dict[str, Any]:
    """A topic's disclosure: present or not, its value, and the sentence that states it (``quote``, ``page``,
    ``bbox``, ``clause``, ``confidence``), plus every line the sheet prints for it (``citations``)."""
    out: dict[str, Any] = {"topic": d.topic, "present": d.present, "status": d.status, "value": d.value,
                           "evidence": list(d.evidence), "audiences": list(d.audiences)}
    best = d.best
    if d.present and best is not None:
        out.update({"quote": best.quote, "page": best.page, "bbox": citation_json(best)["bbox"],
                    "clause": best.clause_id, "confidence": best.confidence})
    if d.citations:  # a topic only mentioned is not present, but its mention is still shown
        out["citations"] = [citation_json(c) for c in d.citations]
    return out


def party_json(p: Party) -> dict[str, Any]:
    return {"name": p.name, "alias": list(p.aliases), "role": p.role, "page": p.span.page if p.span else 0,
            "bbox": _bbox(p.span), "source": p.source}


def review_json(review: Review) -> dict[str, Any]:
    doc = review.document
    return {
        "tool": {"name": TOOL_NAME, "version": tool_version(), "rules": review.rules},
        "document": {"path": doc.path, "sha256": doc.sha256, "pages": doc.page_count, "text_layer": doc.text_layer,
                     "pages_without_text": doc.pages_without_text, "warnings": list(doc.warnings),
                     "kind": review.kind},
        "parties": [party_json(p) for p in review.parties],
        "clauses": [
            {"id": c.id, "number": c.number, "heading": c.heading, "topics": list(c.topics),
             "cues": {t: cue for t, cue in c.cues}, "page": c.page,
             "bbox": _bbox(c.spans[0] if c.spans else None), "text": c.text}
            for c in review.clauses
        ],
        "facts": [
            {"kind": f.kind, "topic": f.topic, "value": f.value, "normalized": f.normalized, "text": f.text,
             "page": f.span.page if f.span else 0, "bbox": _bbox(f.span), "clause": f.clause_id}
            for f in review.facts
        ],
        "disclosures": [disclosure_json(d) for d in review.disclosures],
        "findings": [finding_json(f) for f in review.findings],
    }


def review_text(review: Review) -> str:
    """What a person reads in a terminal: one line per finding, then the missing disclosures count."""
    doc = review.document
    lines = [f"{doc.path}: {doc.page_count} pages, text layer {doc.text_layer}, {len(review.findings)} findings"]
    if doc.pages_without_text:
        lines.append(f"  pages without text (scanned?): {', '.join(map(str, doc.pages_without_text))}")
    for w in doc.warnings:
        lines.append(f"  warning: {w}")
    for f in review.findings:
        where = f"p{f.page}" if f.page else "document"
        quote = f" “{f.text}”" if f.text else ""
        lines.append(f"  {where:>8}  {f.severity:<10} {f.rule_id:<24}{quote} — {f.message}")
        if f.suggestion:
            lines.append(f"{'':>10}  → {f.suggestion}")
    return "\n".join(lines)


def csv_header() -> str:
    """The CSV header line, written once however many documents follow."""
    buf = io.StringIO()
    csv.writer(buf).writerow(CSV_COLUMNS)
    return buf.getvalue()


def review_csv(review: Review, decisions: dict[str, dict[str, str]] | None = None, header: bool = True) -> str:
    """One row per finding with its file, the reviewer's status and note, for a manager's spreadsheet."""
    decisions = decisions or {}
    buf = io.StringIO()
    writer = csv.writer(buf)
    if header:
        writer.writerow(CSV_COLUMNS)
    name = Path(review.document.path).name
    for f in review.findings:
        d = decisions.get(f.key, {})
        party = review.party(f.actor) if f.actor in ("provider", "customer") else None
        writer.writerow([name, f.rule_id, f.kind, f.severity, f.page, f.clause_id, f.text, f.message, f.suggestion,
                         f.sentence, " ".join(f.audiences), f.actor, party.name if party else "", f.stance, f.family,
                         d.get("status", "open"), d.get("note", "")])
    return buf.getvalue()
