"""Side panels: "What this proposal promises" (topics and facts at a glance) and the disclosure checklist.

Both are read-only trees over the Review; a click on any row with a location asks the window to jump there
(``jump(spans)``). They only arrange what the extractors already found.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

import resources
from checks.model import Review
from checks.partial import is_partial, is_stopped, pages_read
from extractors.model import Citation, Clause, Disclosure, Span

SpansRole = Qt.ItemDataRole.UserRole + 20
TopicIdRole = Qt.ItemDataRole.UserRole + 21
ExpandRole = Qt.ItemDataRole.UserRole + 22
FILL_BUDGET_S = 0.015

# The topics a customer asks about first, in the order a reader scans them.
AT_A_GLANCE = ("support.hours", "support.response", "support.channels", "fees", "fees.support", "payment.terms",
               "term.expiration", "term.renewal", "term.notice", "scope.exclusions", "third.party",
               "sla.availability")
PRESENT, MISSING = "#2e7d32", "#c62828"


def topic_label(topic: str) -> str:
    return str(resources.topics().get(topic, {}).get("label", topic))


def _clause_item(clause: Clause) -> QTreeWidgetItem:
    text = " ".join(clause.text.split())
    item = QTreeWidgetItem([clause.label or f"Clause {clause.id}", f"p. {clause.page}" if clause.page else ""])
    item.setToolTip(0, text[:600])
    item.setData(0, SpansRole, clause.spans[:1])
    return item


class JumpTree(QTreeWidget):
    """A two-column tree whose rows may carry spans; activating one emits ``jump``."""

    jump = Signal(object)  # tuple[Span, ...]

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(headers))
        self.setHeaderLabels(list(headers))
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemClicked.connect(self._emit_jump)
        self.itemActivated.connect(self._emit_jump)
        self._rows: Iterator[QTreeWidgetItem] | None = None
        self._fill_timer = QTimer(self)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_some)

    def fill(self, rows: Iterator[QTreeWidgetItem]) -> None:
        """Add top-level rows from a generator a few milliseconds at a time, so a long contract never
        stalls the window while the panel is built."""
        self.clear()
        self._rows = rows
        self._fill_timer.start()
        self._fill_some()

    def _fill_some(self) -> None:
        if self._rows is None:
            self._fill_timer.stop()
            return
        deadline = time.perf_counter() + FILL_BUDGET_S
        for item in self._rows:
            self.addTopLevelItem(item)
            item.setExpanded(bool(item.data(0, ExpandRole)))
            if time.perf_counter() > deadline:
                return
        self._rows = None
        self._fill_timer.stop()

    @property
    def filling(self) -> bool:
        return self._rows is not None

    def set_review(self, review: Review | None) -> None:
        """Show a review's rows (built lazily by ``_rows_for``), or nothing."""
        self.fill(self._rows_for(review) if review is not None else iter(()))

    def _rows_for(self, review: Review) -> Iterator[QTreeWidgetItem]:
        raise NotImplementedError

    def show_waiting(self, text: str) -> None:
        """One grey line in place of rows that need the whole document (e.g. which topics are missing)."""
        item = QTreeWidgetItem([text, ""])
        item.setToolTip(0, text)
        item.setForeground(0, QBrush(QColor("#777777")))
        self.fill(iter((item,)))

    def _emit_jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        spans = item.data(0, SpansRole)
        if spans:
            self.jump.emit(tuple(spans))


def _citation_item(c: Citation, with_value: bool = True) -> QTreeWidgetItem:
    """One cited sentence: what it says for the topic, quoted, and where (the same sentence the sheet prints)."""
    quote = c.quote if len(c.quote) <= 160 else c.quote[:159].rstrip() + "…"
    lead = f"{c.value} — " if with_value and c.value else ("mentioned — " if c.status == "mentioned" else "")
    item = QTreeWidgetItem([f"{lead}“{quote}”", f"p. {c.page}" if c.page else ""])
    item.setToolTip(0, c.quote)
    if c.bbox is not None:
        item.setData(0, SpansRole, (Span(c.page, c.bbox, c.start, c.end),))
    return item


def _status_text(d: Disclosure | None, absent: str) -> tuple[str, bool]:
    """The headline of a topic ("Mon–Fri 08:00–18:00 CET", "stated", "mentioned, not stated") and whether it is
    stated."""
    if d is None or not d.citations:
        return absent, False
    if d.status == "mentioned":
        return "mentioned, not stated", False
    if not d.present:
        return absent, False
    return d.value or "stated", True


class PromisesPanel(JumpTree):
    """Support hours, response times, fees, payment terms, renewal, exclusions… each with the sentences that
    state it (extractors.evidence: the same citations the sheet and the CLI JSON give)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(("What the document says", "Where"), parent)

    def _rows_for(self, review: Review) -> Iterator[QTreeWidgetItem]:
        bold = QFont(self.font())
        bold.setBold(True)
        absent = "not stated"
        if is_partial(review):
            done, _total = pages_read(review)
            absent = (f"not found in pages 1–{done} (reading stopped)" if is_stopped(review)
                      else "not found yet (still reading)")
        for topic in AT_A_GLANCE:
            d = review.disclosure(topic)
            summary, stated = _status_text(d, absent)
            top = QTreeWidgetItem([f"{topic_label(topic)}: {summary}", ""])
            top.setFont(0, bold)
            top.setForeground(0, QBrush(QColor(PRESENT if stated else MISSING)))
            top.setData(0, TopicIdRole, topic)
            citations = d.citations if d is not None else ()
            if citations and citations[0].bbox is not None:
                c = citations[0]
                top.setData(0, SpansRole, (Span(c.page, c.bbox, c.start, c.end),))
                top.setText(1, f"p. {c.page}")
            for c in citations:
                top.addChild(_citation_item(c))
            top.setData(0, ExpandRole, 0 < len(citations) <= 2)
            yield top


class DisclosurePanel(JumpTree):
    """Every topic of the taxonomy: stated (with its sentences), only mentioned, or missing (with the question)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(("Disclosure", "Where"), parent)

    def _rows_for(self, review: Review) -> Iterator[QTreeWidgetItem]:
        info = resources.topics()
        for d in review.disclosures:
            mark = {"stated": "✔", "mentioned": "~"}.get(d.status, "✘") if d.present or d.citations else "✘"
            text = f"{mark}  {topic_label(d.topic)}" + (f": {d.value}" if d.value else "")
            where = {"stated": f"{sum(c.status == 'stated' for c in d.citations)} sentence(s)",
                     "mentioned": "mentioned"}.get(d.status, "missing")
            top = QTreeWidgetItem([text, where])
            top.setForeground(0, QBrush(QColor(PRESENT if d.status == "stated" else MISSING)))
            top.setData(0, TopicIdRole, d.topic)
            readers = ", ".join(d.audiences)
            question = str(info.get(d.topic, {}).get("missing", ""))
            top.setToolTip(0, (question if d.status != "stated" else topic_label(d.topic)) + (
                f"\nFor: {readers}" if readers else ""))
            if d.citations and d.citations[0].bbox is not None:
                c = d.citations[0]
                top.setData(0, SpansRole, (Span(c.page, c.bbox, c.start, c.end),))
            for c in d.citations:
                top.addChild(_citation_item(c, with_value=False))
            if d.status != "stated" and question:
                ask = QTreeWidgetItem([f"Ask: {question}", ""])
                ask.setForeground(0, QBrush(QColor("#555555")))
                top.addChild(ask)
            yield top

    def missing_count(self) -> int:
        return sum(1 for i in range(self.topLevelItemCount())
                   if self.topLevelItem(i).text(1) == "missing")
