"""Review -> Sheet: the pure content of an expectations sheet (no layout, no reportlab).

The sheet speaks to one or more readers at the customer. For each reader it lists, section by section, what
the proposal states about the topics that reader cares about, in plain language with the value and a
citation, and it turns every missing disclosure and every vague or over-promising phrase into a question
for the meeting. The export dialog shows this content for editing before it is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any

import resources
from checks.model import SEVERITY_RANK, Finding, Review
from desktop.sheet.config import limit, sections_by_id, sheet_config
from desktop.sheet.contacts import find_contacts
from desktop.sheet.header import guess_header
from desktop.sheet.options import SheetOptions
from desktop.sheet.quotes import best_sentence, citation, shorten
from extractors.amounts import parse_amount
from extractors.model import Clause, Fact
from extractors.topics import heading_topic

STATUSES = ("stated", "missing", "vague")
QUESTION_KINDS = frozenset({"vague_timing", "vague_effort", "vague_scope", "overpromise", "inconsistent",
                            "unqualified", "undefined_term", "missing_disclosure"})
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class SheetLine:
    """One line of the sheet (or one open point): plain text, its value and where the proposal says it."""

    id: str  # stable across re-analysis of the same document: the export dialog keys exclusions on it
    section: str
    label: str
    text: str
    value: str = ""
    citation: str = ""  # "p. 3, §5.2"
    page: int = 0
    clause_id: str = ""
    topic: str = ""
    status: str = "stated"  # stated | missing | vague
    quote: str = ""  # the proposal's own sentence, shortened
    readers: tuple[str, ...] = ()
    severity: str = ""  # for open points raised by a finding


@dataclass(frozen=True)
class SheetSection:
    id: str
    heading: str
    reader: str
    lines: tuple[SheetLine, ...]


@dataclass(frozen=True)
class Sheet:
    """Everything printed on the sheet, in order; ``sections`` run reader by reader."""

    title: str
    provider: str
    customer: str
    date: str
    prepared_by: str
    contact: str
    source_name: str
    source_sha256: str
    readers: tuple[str, ...]
    sections: tuple[SheetSection, ...]
    open_points: tuple[SheetLine, ...]
    more_points: int = 0  # wording questions over the limit, counted but not listed
    excluded: int = 0  # lines the user left out
    reader_titles: dict[str, str] = field(default_factory=dict)
    reader_intros: dict[str, str] = field(default_factory=dict)

    @property
    def short_sha(self) -> str:
        return self.source_sha256[:12]

    @property
    def lines(self) -> tuple[SheetLine, ...]:
        """Every distinct line (by id) in print order; the export dialog lists these with checkboxes."""
        seen: dict[str, SheetLine] = {}
        for section in self.sections:
            for line in section.lines:
                seen.setdefault(line.id, line)
        for line in self.open_points:
            seen.setdefault(line.id, line)
        return tuple(seen.values())

    def reader_sections(self, reader: str) -> tuple[SheetSection, ...]:
        return tuple(s for s in self.sections if s.reader == reader)


def today() -> str:
    d = _date.today()
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def reader_topics(reader: str) -> list[str]:
    """Topics a reader sees, in section order: the taxonomy's readers plus the sheet's `also` list."""
    cfg = sheet_config()["readers"].get(reader, {})
    also = set(cfg.get("also", ()))
    wanted = {t for t, info in resources.topics().items() if reader in info.get("readers", ())} | also
    order: list[str] = []
    sections = sections_by_id()
    for sid in cfg.get("sections", list(sections)):
        order.extend(t for t in sections.get(sid, {}).get("topics", ()) if t in wanted)
    return order


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _value_facts(facts: list[Fact], clause: Clause, topic: str) -> list[Fact]:
    value_kinds = sheet_config().get("value_kinds", {})
    kinds = set(value_kinds.get(topic, ()))
    if not kinds:  # a topic without a value kind (channels, scope…) is stated in words, not numbers
        return []
    own_only = topic in sheet_config().get("own_values", {}).get("topics", ())
    out = []
    for f in facts:
        owner_kinds = value_kinds.get(f.topic, ()) if f.topic else ()
        borrowed = not own_only and f.kind not in owner_kinds  # a fact of a topic that has no use for it
        if f.kind == "duration" and f.value.get("recurring") and not f.value.get("role"):
            continue  # "invoiced annually" says how often, not within how long ("renews annually" has a role)
        if f.kind in kinds and (f.topic == topic or borrowed):
            out.append(f)
    return out


def _join_values(values: list[str]) -> str:
    distinct = list(dict.fromkeys(v for v in values if v))
    cap = limit("values_per_line")
    if len(distinct) > cap:
        return ", ".join(distinct[:cap]) + f" (+{len(distinct) - cap} more)"
    return ", ".join(distinct)


def _plain(topic: str, value: str, form: str = "value") -> str:
    """The sheet's sentence for a topic: its ``form`` template (value, matrix) with the value, else the plain one."""
    tmpl = sheet_config()["lines"].get(topic, {})
    label = resources.topics().get(topic, {}).get("label", topic)
    if value and form in tmpl:
        return tmpl[form].format(value=value)
    return tmpl.get("plain", f"{label}: stated.")


def _severity_matrix(facts: list[Fact]) -> str:
    """"Severity 1 — response 1 business hour, resolution 8 business hours; Severity 2 — …" from the targets a
    response-time table gives per row, in the document's own words; "" when no fact came from such a table.
    Two tables (business hours and after hours, say) stay apart: "…; Severity 2 — … | Severity 1 — …"."""
    tables: dict[object, dict[str, list[str]]] = {}
    for f in facts:
        if f.value.get("table") and f.value.get("severity"):
            said = f"{f.value.get('role', 'target')} {' '.join(f.text.split())}"
            targets = tables.setdefault(f.value["table"], {}).setdefault(str(f.value["severity"]), [])
            if said not in targets:
                targets.append(said)
    return " | ".join("; ".join(f"{severity} — {', '.join(targets)}" for severity, targets in rows.items())
                      for rows in tables.values())


def _about(clause: Clause, topic: str) -> bool:
    """The clause is mainly about the topic: its heading names the topic, or (no heading names one) it is the
    clause's first topic. "4.2 Support channels" is about channels, though it says "during support hours"."""
    named = heading_topic(clause.heading) if clause.heading else None
    if named is not None:
        return named[0] == topic
    return bool(clause.topics) and clause.topics[0] == topic


GENERIC_PRICE_HEADERS = {"price", "unit price", "amount", "total", "fee", "fees", "cost", "charge", "charges",
                         "line total", "total price", "net price", "price per unit", "cost per unit"}


def _number(text: str) -> float | None:
    """The leading figure of a cell ("60 vehicles" -> 60.0, "€1,250.00" -> 1250.0), or None."""
    m = re.search(r"\d[\d,.' ]*", text)
    if not m:
        return None
    try:
        return parse_amount(m.group(0).strip().rstrip(".,"))
    except ValueError:
        return None


def _price_row(item: str, cells: list[tuple[str, str, str]], quantity: str, date: str, total: bool = False) -> str:
    """One row of a price list: "item: 60 × €468.00 = €28,080.00" when the row's arithmetic holds, else each
    amount with its column ("Standard (25): Monthly fee €1,000.00, Annual fee €12,000.00")."""
    label = f"{item} ({date})" if date else item
    units = [c for c in cells if c[0] == "unit"]
    totals = [c for c in cells if c[0] == "total"]
    if len(cells) == 2 and len(units) == 1 and len(totals) == 1:
        q, u, t = _number(quantity) if quantity else None, _number(units[0][2]), _number(totals[0][2])
        if q is not None and u is not None and t is not None and abs(q * u - t) <= 0.01 * max(abs(t), 1):
            return f"{label}: {totals[0][2]}" if q == 1 else f"{label}: {quantity} × {units[0][2]} = {totals[0][2]}"
    if len(cells) == 1:
        kind, column, text = cells[0]
        plain = re.sub(r"\(.*?\)|[€$£]", "", column).strip().lower()
        named = "" if total or plain in GENERIC_PRICE_HEADERS or not plain else f"{column} "
        if quantity and kind == "unit":
            return f"{label}: {quantity} at {named}{text}"
        if quantity and not total:
            return f"{label} ({quantity}): {named}{text}"
        return f"{label}: {named}{text}"
    if quantity:
        label = f"{label} ({quantity})" if not date else f"{item} ({date}; {quantity})"
    return f"{label}: " + ", ".join(f"{column} {text}" for _kind, column, text in cells)


def _price_list(facts: list[Fact]) -> str:
    """"Subscription, per vehicle per year: 60 × €468.00 = €28,080.00; …; Total, first year: €62,880.00" from the
    amounts a price table gives per row, in the document's own words (signs kept, a header's currency added);
    the first ``price_rows_per_line`` rows and every total row, then "+N more rows"; "" when no fact came from
    a price list."""
    rows: dict[tuple[object, object], dict[str, Any]] = {}
    for f in facts:
        item = f.value.get("item")
        if f.kind != "money" or not item:
            continue
        row = rows.setdefault((f.value.get("table"), f.value.get("row_index", item)),
                              {"item": str(item), "cells": [], "quantity": "", "date": "", "total": False})
        text = str(f.value.get("cell") or " ".join(f.text.split()))
        entry = (str(f.value.get("price", "unit")), str(f.value.get("column", "")), text)
        if entry not in row["cells"]:
            row["cells"].append(entry)
        row["quantity"] = str(f.value.get("quantity", row["quantity"]))
        row["date"] = str(f.value.get("date", row["date"]))
        row["total"] = row["total"] or f.value.get("row") == "total"
    cap = limit("price_rows_per_line")
    shown = [r for i, r in enumerate(rows.values()) if i < cap or r["total"]]
    said = [_price_row(r["item"], r["cells"], r["quantity"], r["date"], r["total"]) for r in shown]
    if len(shown) < len(rows):
        said.append(f"+{len(rows) - len(shown)} more rows")
    return "; ".join(said)


def _wording_findings(review: Review, dismissed: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings that make a question, less those the reviewer dismissed (by ``Finding.key``)."""
    return [f for f in review.findings
            if f.kind in QUESTION_KINDS and f.kind != "missing_disclosure" and f.key not in dismissed]


class _Builder:
    """Holds the per-review lookups so each topic line is built once and shared by every reader."""

    def __init__(self, review: Review, options: SheetOptions) -> None:
        self.review = review
        self.options = options
        self.clauses = {c.id: c for c in review.clauses}
        self.by_clause: dict[str, list[Finding]] = {}
        for f in _wording_findings(review, options.dismissed):
            self.by_clause.setdefault(f.clause_id, []).append(f)
        self.cache: dict[str, tuple[SheetLine, ...]] = {}
        self.contacts: list[SheetLine] | None = None
        self.facts: dict[str, list[Fact]] = {}
        for fact in review.facts:
            self.facts.setdefault(fact.clause_id, []).append(fact)

    def value_facts(self, clause: Clause, topic: str) -> list[Fact]:
        return _value_facts(self.facts.get(clause.id, []), clause, topic)

    def topic_lines(self, topic: str, section: str) -> tuple[SheetLine, ...]:
        if topic not in self.cache:
            self.cache[topic] = self._topic_lines(topic, section)
        return self.cache[topic]

    def _rank(self, topic: str, clause: Clause, value: str) -> tuple[int, int]:
        """Best evidence first: states the value, names the topic's cue, is mainly about the topic (its first
        topic, or its heading names it: "4.1 Support hours" over a clause that only mentions support hours)."""
        has_value = bool(self.value_facts(clause, topic)) or bool(value and value in clause.text)
        has_cue = any(t == topic for t, _ in clause.cues)
        return (-(2 * has_value + has_cue + _about(clause, topic)), clause.start)

    def _topic_lines(self, topic: str, section: str) -> tuple[SheetLine, ...]:
        review = self.review
        info = resources.topics().get(topic, {})
        label = info.get("label", topic)
        disclosure = review.disclosure(topic)
        evidence = [self.clauses[c] for c in (disclosure.evidence if disclosure else ()) if c in self.clauses]
        if not disclosure or not disclosure.present or not evidence:
            return (SheetLine(f"{topic}/missing", section, label, "Not stated in the proposal.", topic=topic,
                              status="missing"),)
        evidence.sort(key=lambda c: self._rank(topic, c, disclosure.value))
        lines: list[SheetLine] = []
        for clause in evidence:
            if len(lines) >= limit("lines_per_topic"):
                break
            facts = self.value_facts(clause, topic)
            if lines and lines[0].value and not facts and not _about(clause, topic) \
                    and not self.by_clause.get(clause.id):
                continue  # "by phone during support hours" adds nothing once the hours themselves are given
            matrix = _severity_matrix(facts)
            prices = "" if matrix else _price_list(facts)
            if prices:  # amounts the clause states outside its price table ("from the second year, €35,680")
                rest = _join_values([f.normalized for f in facts if f.kind == "money" and not f.value.get("item")])
                prices += f"; also {rest}" if rest else ""
            value = (matrix or prices or (disclosure.value if not lines else "")
                     or _join_values([f.normalized for f in facts]))
            # a price list is the value; the quote is the clause's sentence about it, not the table's cells
            quoted = [f for f in facts if not f.value.get("item")] if prices else facts
            sentence, page, score = best_sentence(review, clause, topic, quoted)
            if score < 0 and (lines or clause is not evidence[-1]):
                continue  # a bare heading says nothing when another clause has a sentence
            if any(ln.quote == shorten(sentence, limit("quote_chars")) for ln in lines):
                continue  # the same words repeated elsewhere (an exhibit restating a clause)
            quote = shorten(sentence, limit("quote_chars"))
            unclear = [f for f in self.by_clause.get(clause.id, ())
                       if f.topic == topic or (f.text and f.text.lower() in sentence.lower())]
            status = "vague" if unclear else "stated"
            text = _plain(topic, value, "matrix" if matrix else "table" if prices else "value")
            phrases = list(dict.fromkeys(" ".join(f.text.split()) for f in unclear if f.text))
            if phrases:
                note = sheet_config().get("vague_note", "{phrases}")
                text += " " + note.format(phrases=", ".join(f"“{p}”" for p in phrases[:3]))
            lines.append(SheetLine(f"{topic}/{clause.id}", section, label, text, value,
                                   citation(page, clause), page, clause.id, topic, status, quote))
        return tuple(lines)

    def contact_lines(self) -> tuple[SheetLine, ...]:
        opts = self.options
        lines = []
        if opts.contact:
            lines.append(SheetLine("contact/named", "contacts", "Your contact", opts.contact, opts.contact))
        if opts.prepared_by:
            lines.append(SheetLine("contact/prepared-by", "contacts", "Sheet prepared by", opts.prepared_by,
                                   opts.prepared_by))
        if self.contacts is None:  # one scan of the text, shared by every reader's block
            self.contacts = self._document_contacts()
        lines.extend(self.contacts)
        return tuple(lines)

    def _document_contacts(self) -> list[SheetLine]:
        cfg = sheet_config().get("contacts", {})
        doc = self.review.document
        found = find_contacts(doc.text)
        out: list[SheetLine] = []
        for offset, kind, value in found:
            page = doc.page_at(offset)
            clause = next((c for c in self.review.clauses if c.start <= offset < c.end), None)
            out.append(SheetLine(f"contact/{kind.lower()}/{_slug(value)}", "contacts", kind,
                                 f"{kind} given in the proposal: {value}", value, citation(page, clause), page,
                                 clause.id if clause else ""))
            if len(out) >= int(cfg.get("max", 3)):
                break
        return out


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
            if topic in seen_topics or d is None or d.present:
                continue
            seen_topics.add(topic)
            who = tuple(r for r in readers if topic in topic_sets[r])
            f = missing_findings.get(topic)
            if f is not None and f.key in dismissed:
                continue  # the reviewer decided this disclosure does not apply here
            where = _where(review, f) if f else ""
            points.append(SheetLine(f"open/{topic}", "open", info.get(topic, {}).get("label", topic),
                                    info.get(topic, {}).get("missing", f"{topic} is not stated."),
                                    citation=where, page=f.page if f else 0, clause_id=f.clause_id if f else "",
                                    topic=topic, status="missing", readers=who,
                                    severity=f.severity if f else ""))
    # Conditional disclosure findings whose topic is otherwise present (e.g. "Severity 1" never defined).
    extra = [f for f in review.findings if f.kind == "missing_disclosure" and f.topic not in seen_topics
             and f.key not in dismissed
             and (review.disclosure(f.topic) is None or review.disclosure(f.topic).present)]
    merged: dict[tuple[str, str], list[Finding]] = {}
    for f in [*extra, *_wording_findings(review, dismissed)]:
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


def build_sheet(review: Review, options: SheetOptions) -> Sheet:
    """The sheet's content for ``options.readers``; lines whose id is in ``options.excluded`` are left out.

    To list every candidate line (e.g. in the export dialog) build with an empty ``excluded``.
    """
    readers = tuple(dict.fromkeys(r for r in options.readers if r)) or ("executive",)
    unknown = [r for r in readers if r not in resources.AUDIENCES]
    if unknown:
        raise ValueError(f"unknown reader(s) {', '.join(unknown)}: use {', '.join(resources.AUDIENCES)}")
    cfg = sheet_config()
    sections_cfg = sections_by_id()
    builder = _Builder(review, options)
    excluded = options.excluded
    dropped = 0
    sections: list[SheetSection] = []
    topic_section = {t: sid for sid, s in sections_cfg.items() for t in s.get("topics", ())}
    for reader in readers:
        wanted = set(reader_topics(reader))
        for sid in cfg["readers"][reader]["sections"]:
            sec = sections_cfg[sid]
            if sid == "contacts":
                lines = list(builder.contact_lines())
            else:
                lines = [ln for t in sec["topics"] if t in wanted for ln in builder.topic_lines(t, topic_section[t])]
            kept = [ln for ln in lines if ln.id not in excluded]
            dropped += len(lines) - len(kept)
            if kept or (sid == "contacts" and not lines):
                sections.append(SheetSection(sid, sec["heading"], reader, tuple(kept)))
    points, more = open_points(review, readers, options.dismissed)
    kept_points = tuple(p for p in points if p.id not in excluded)
    dropped += len(points) - len(kept_points)
    header = guess_header(review)
    doc = review.document
    return Sheet(
        title=options.title or header["title"] or Path(doc.path).stem,
        provider=options.provider or header["provider"],
        customer=options.customer or header["customer"],
        date=options.date or today(),
        prepared_by=options.prepared_by,
        contact=options.contact,
        source_name=Path(doc.path).name,
        source_sha256=doc.sha256,
        readers=readers,
        sections=tuple(sections),
        open_points=kept_points,
        more_points=more,
        excluded=dropped,
        reader_titles={r: cfg["readers"][r]["title"] for r in readers},
        reader_intros={r: cfg["readers"][r]["intro"] for r in readers},
    )
