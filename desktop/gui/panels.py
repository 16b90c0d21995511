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
from extractors.model import Clause, Span

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


class PromisesPanel(JumpTree):
    """Support hours, response times, fees, payment terms, renewal, exclusions… with their facts."""

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
            disclosure = review.disclosure(topic)
            facts = [f for f in review.facts if f.topic == topic]
            clauses = [c for c in review.clauses if topic in c.topics]
            # the headline follows the Disclosures tab: a stray "sixty days" near an option period is no notice
            # period, but the passages that mention the topic stay listed under it
            present = disclosure.present if disclosure is not None else bool(facts) or bool(clauses)
            value = disclosure.value if disclosure and disclosure.value else ""
            summary = value or ("stated" if present else absent)
            if not present and (facts or clauses):
                count = len({f.clause_id for f in facts if f.clause_id} | {c.id for c in clauses}) or len(facts)
                summary += f" ({count} passage mentions it)" if count == 1 else f" ({count} passages mention it)"
            top = QTreeWidgetItem([f"{topic_label(topic)}: {summary}", ""])
            top.setFont(0, bold)
            top.setForeground(0, QBrush(QColor(PRESENT if present else MISSING)))
            top.setData(0, TopicIdRole, topic)
            first = next((f.span for f in facts if f.span), None) or (clauses[0].spans[:1] if clauses else None)
            if first:
                top.setData(0, SpansRole, (first,) if isinstance(first, Span) else first)
                page = first.page if isinstance(first, Span) else first[0].page
                top.setText(1, f"p. {page}")
            for fact in facts[:12]:
                quote = " ".join(fact.text.split())
                said = fact.normalized or fact.kind
                if fact.value.get("item"):  # an amount from a price table: what it prices, and which column
                    said = f"{fact.value['item']}: {fact.value.get('column', '')} {said}".replace(":  ", ": ")
                child = QTreeWidgetItem([f"{said} — “{quote}”",
                                         f"p. {fact.span.page}" if fact.span else ""])
                child.setToolTip(0, quote)
                if fact.span:
                    child.setData(0, SpansRole, (fact.span,))
                top.addChild(child)
            for clause in clauses[:8]:
                top.addChild(_clause_item(clause))
            top.setData(0, ExpandRole, bool(facts) and len(facts) <= 4)
            yield top


class DisclosurePanel(JumpTree):
    """Every topic of the taxonomy: present (with evidence) or missing (with the question to ask)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(("Disclosure", "Where"), parent)

    def _rows_for(self, review: Review) -> Iterator[QTreeWidgetItem]:
        info = resources.topics()
        for d in review.disclosures:
            mark = "✔" if d.present else "✘"
            text = f"{mark}  {topic_label(d.topic)}" + (f": {d.value}" if d.value else "")
            top = QTreeWidgetItem([text, f"{len(d.evidence)} clause(s)" if d.present else "missing"])
            top.setForeground(0, QBrush(QColor(PRESENT if d.present else MISSING)))
            top.setData(0, TopicIdRole, d.topic)
            readers = ", ".join(d.audiences)
            question = str(info.get(d.topic, {}).get("missing", ""))
            top.setToolTip(0, (question if not d.present else topic_label(d.topic)) + (f"\nFor: {readers}"
                                                                                      if readers else ""))
            clauses = [c for c in (review.clause(cid) for cid in d.evidence) if c is not None]
            if clauses and clauses[0].spans:
                top.setData(0, SpansRole, clauses[0].spans[:1])
            for clause in clauses[:10]:
                top.addChild(_clause_item(clause))
            if not d.present and question:
                ask = QTreeWidgetItem([f"Ask: {question}", ""])
                ask.setForeground(0, QBrush(QColor("#555555")))
                top.addChild(ask)
            yield top

    def missing_count(self) -> int:
        return sum(1 for i in range(self.topLevelItemCount())
                   if self.topLevelItem(i).text(1) == "missing")
