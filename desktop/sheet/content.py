"""Review -> Sheet: the pure content of an expectations sheet (no layout, no reportlab).

The sheet speaks to one or more readers at the customer. For each reader it lists, section by section, what
the proposal states about the topics that reader cares about, in plain language with the value and a
citation, and it turns every missing disclosure and every vague or over-promising phrase into a question
for the meeting. The export dialog shows this content for editing before it is rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

import resources
from checks.model import Review
from desktop.sheet.config import sections_by_id, sheet_config
from desktop.sheet.header import guess_header
from desktop.sheet.lines import topic_lines
from desktop.sheet.model import Sheet, SheetLine, SheetSection, reader_topics, today
from desktop.sheet.options import SheetOptions
from desktop.sheet.points import open_points, wording_findings
from desktop.sheet.quotes import citation


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


class _Builder:
    """Holds the per-review lookups so each topic's lines are built once and shared by every reader."""

    def __init__(self, review: Review, options: SheetOptions) -> None:
        self.review = review
        self.options = options
        self.wording = wording_findings(review, options.dismissed)
        self.facts = list(review.facts)
        self.cache: dict[str, tuple[SheetLine, ...]] = {}

    def topic_lines(self, topic: str, section: str) -> tuple[SheetLine, ...]:
        if topic not in self.cache:
            self.cache[topic] = self._topic_lines(topic, section)
        return self.cache[topic]

    def _topic_lines(self, topic: str, section: str) -> tuple[SheetLine, ...]:
        label = resources.topics().get(topic, {}).get("label", topic)
        found = topic_lines(self.review, topic, self.facts, self.wording)
        if not found:
            return (SheetLine(f"{topic}/missing", section, label, "Not stated in the proposal.", topic=topic,
                              status="missing"),)
        out, ids = [], set()
        for i, ln in enumerate(found):
            key = f"{topic}/{ln.clause_id or i}"  # stable across re-analysis: the export dialog keys on it
            key = key if key not in ids else f"{key}/{i}"  # two sentences of one clause stay two lines
            ids.add(key)
            out.append(SheetLine(key, section, label, ln.text, ln.value, ln.citation, ln.page, ln.clause_id, topic,
                                 ln.status, ln.quote))
        return tuple(out)

    def contact_lines(self) -> tuple[SheetLine, ...]:
        opts = self.options
        lines = []
        if opts.contact:
            lines.append(SheetLine("contact/named", "contacts", "Your contact", opts.contact, opts.contact))
        if opts.prepared_by:
            lines.append(SheetLine("contact/prepared-by", "contacts", "Sheet prepared by", opts.prepared_by,
                                   opts.prepared_by))
        for c in self.review.contacts:
            clause = next((cl for cl in self.review.clauses if cl.start <= c.start < cl.end), None)
            lines.append(SheetLine(f"contact/{c.kind.lower()}/{_slug(c.value)}", "contacts", c.kind,
                                   f"{c.kind} given in the proposal: {c.value}", c.value, citation(c.page, clause),
                                   c.page, clause.id if clause else ""))
        return tuple(lines)


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
