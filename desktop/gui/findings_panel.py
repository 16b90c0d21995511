"""The findings list with its filter bar, a detail pane and the Accept / Dismiss / Note buttons.

Decisions go through ``decide(key, status, note, reason)`` (connected by the window to the decision store);
the panel never stores anything itself.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checks.model import SEVERITIES, Finding
from desktop.gui.findings_model import (
    COL_KIND,
    COL_MESSAGE,
    COL_PAGE,
    COL_SEVERITY,
    COL_STATUS,
    COL_TEXT,
    FindingRole,
    FindingsFilter,
    FindingsModel,
)
from desktop.gui.style import KIND_STYLE, READER_LABELS, STATUS_LABELS, kind_color, severity_label

DISMISS_REASONS = ("Not a problem in this context", "Defined elsewhere in the contract", "Agreed with the customer",
                   "False positive")


def swatch(color: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(color)
    return QIcon(pixmap)


class FindingsPanel(QWidget):
    """Filters on top, the table in the middle, the selected finding's details and decisions below."""

    selected = Signal(int, object)  # source row, Finding
    decide = Signal(str, str, object, object)  # key, status ("" = unchanged), note | None, reason | None
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(COL_PAGE, Qt.SortOrder.AscendingOrder)

        self.search = QLineEdit(placeholderText="Search findings (Ctrl+F)…", clearButtonEnabled=True)
        self.severity = QComboBox()
        self.severity.addItem("All severities", "")
        for s in SEVERITIES:
            self.severity.addItem(severity_label(s), s)
        self.kind = QComboBox()
        self.kind.addItem("All kinds", "")
        for kind, (label, _color) in KIND_STYLE.items():
            self.kind.addItem(swatch(kind_color(kind)), label, kind)
        self.reader = QComboBox()
        self.reader.addItem("All readers", "")
        for reader, label in READER_LABELS.items():
            self.reader.addItem(label, reader)
        self.actor = QComboBox()
        self.actor.setToolTip("Who the finding's sentence binds, as the document's parties say")
        for label, value in (("Anyone", ""), ("The provider", "provider"), ("The customer", "customer"),
                             ("Both parties", "both"), ("Others, nobody", "other")):
            self.actor.addItem(label, value)
        self.status = QComboBox()
        self.status.addItem("Open and accepted", "active")
        self.status.addItem("All statuses", "")
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status)
        self.group = QComboBox()
        for label, column in (("Sort by page", COL_PAGE), ("Group by kind", COL_KIND),
                              ("Group by severity", COL_SEVERITY), ("Group by status", COL_STATUS)):
            self.group.addItem(label, column)
        for combo in (self.severity, self.kind, self.reader, self.actor, self.status, self.group):
            # let the panel shrink on a 1366-pixel laptop screen: combos may elide their text
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        for combo in (self.severity, self.kind, self.reader, self.actor, self.status):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.group.currentIndexChanged.connect(self._apply_grouping)
        self.search.textChanged.connect(self._apply_filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_PAGE, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        # fixed widths, not ResizeToContents: that asks every row's data on each change (slow on big files)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        for col, width in ((COL_SEVERITY, 82), (COL_KIND, 112), (COL_PAGE, 42), (COL_TEXT, 115),
                           (COL_STATUS, 64)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(60)
        self.accept_button = QPushButton("Accept (will fix)")
        self.dismiss_button = QPushButton("Dismiss…")
        self.note_button = QPushButton("Note…")
        self.reopen_button = QPushButton("Reopen")
        self.accept_button.setToolTip("Mark this finding as something you will fix (A)")
        self.dismiss_button.setToolTip("Dismiss this finding, with a reason (D)")
        self.note_button.setToolTip("Attach a note to this finding (N)")
        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.note_button.clicked.connect(self.note_current)
        self.reopen_button.clicked.connect(lambda: self._decide_current("open"))

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for w in (self.severity, self.kind, self.reader, self.actor, self.status, self.group):
            filters.addWidget(w)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.accept_button, self.dismiss_button, self.note_button, self.reopen_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        detail_scroll = QScrollArea()  # a long sentence must not push the decision buttons off the panel
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        lower_layout.addWidget(detail_scroll, 1)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 150])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        self._note_of = lambda _key: {"status": "open", "note": "", "reason": ""}
        self._quiet = False  # selecting without telling the window (the same finding, re-selected)
        self._decisions_enabled = True
        self._apply_filters()
        self._show_detail(None)

    # -- data ----------------------------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding] | tuple[Finding, ...], status_of, decision_of) -> None:
        """Show findings. The finding selected before stays selected (by key) without a new jump, so a rep
        reading a partial result is not interrupted when the whole review replaces it."""
        _row, before = self.current_finding()
        self._note_of = decision_of
        self.model.set_findings(findings, status_of)
        self._show_detail(None)
        row = self.model.row_of_key(before.key) if before is not None else -1
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if index.isValid():
            self._quiet = True
            try:
                self.select_row(index.row())
            finally:
                self._quiet = False

    def current_finding(self) -> tuple[int, Finding | None]:
        index = self.table.currentIndex()
        if not index.isValid():
            return -1, None
        source = self.proxy.mapToSource(index)
        return source.row(), self.model.finding(source.row())

    def select_row(self, proxy_row: int) -> None:
        if 0 <= proxy_row < self.proxy.rowCount():
            index = self.proxy.index(proxy_row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def step(self, delta: int) -> None:
        """F8 / Shift+F8: next or previous finding in the list as shown (wraps round)."""
        count = self.proxy.rowCount()
        if not count:
            return
        current = self.table.currentIndex()
        row = current.row() + delta if current.isValid() else (0 if delta > 0 else count - 1)
        self.select_row(row % count)

    def visible_rows(self) -> set[int]:
        return {self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(self.proxy.rowCount())}

    # -- filters -------------------------------------------------------------------------------------------
    def _apply_filters(self) -> None:
        status = self.status.currentData()
        statuses = frozenset({"open", "accepted"}) if status == "active" else (
            frozenset({status}) if status else frozenset())
        severity, kind = self.severity.currentData(), self.kind.currentData()
        self.proxy.set_filters(severities=frozenset({severity}) if severity else frozenset(),
                               kinds=frozenset({kind}) if kind else frozenset(),
                               reader=self.reader.currentData() or "", statuses=statuses,
                               search=self.search.text(), actor=self.actor.currentData() or "")
        self.filters_changed.emit()

    def _apply_grouping(self) -> None:
        self.table.sortByColumn(self.group.currentData(), Qt.SortOrder.AscendingOrder)

    # -- details and decisions -----------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_detail(None)
            return
        source = self.proxy.mapToSource(current)
        finding = self.model.data(source, FindingRole)
        self._show_detail(finding)
        if finding is not None and not self._quiet:
            self.selected.emit(source.row(), finding)

    def refresh_detail(self) -> None:
        self._show_detail(self.current_finding()[1])

    def set_decisions_enabled(self, enabled: bool) -> None:
        """Off while only part of the document is read: its finding keys are not all final yet."""
        self._decisions_enabled = enabled
        self.refresh_detail()

    def _show_detail(self, f: Finding | None) -> None:
        for b in (self.accept_button, self.dismiss_button, self.note_button, self.reopen_button):
            b.setEnabled(f is not None and self._decisions_enabled)
        if f is None:
            self.detail.setText("<i>Select a finding to see what to write instead.</i>")
            return
        d = self._note_of(f.key)
        parts = [f"<b>{_esc(f.message)}</b>"]
        if f.suggestion:
            parts.append(f"→ {_esc(f.suggestion)}")
        if f.why:
            parts.append(f"<span style='color:#555'>Why: {_esc(f.why)}</span>")
        if f.sentence:
            parts.append(f"<i>“{_esc(' '.join(f.sentence.split()))}”</i>")
        meta = f"{f.rule_id} · page {f.page or '–'}"
        if f.actor:  # the statement frame the rule judged: who it binds, what it does, what kind of clause
            meta += f" · binds {f.actor.replace('_', ' ')}, {f.stance}, {f.family.replace('_', ' ')} clause"
        if f.audiences:
            meta += " · for " + ", ".join(READER_LABELS.get(a, a) for a in f.audiences)
        parts.append(f"<span style='color:#777'>{_esc(meta)}</span>")
        status = d.get("status", "open")
        if status != "open":
            line = f"<b>{STATUS_LABELS.get(status, status)}</b>"
            if d.get("reason"):
                line += f": {_esc(d['reason'])}"
            parts.append(line)
        if d.get("note"):
            parts.append(f"Note: {_esc(d['note'])}")
        self.detail.setText("<br>".join(parts))

    def _decide_current(self, status: str, note: str | None = None, reason: str | None = None) -> None:
        _row, f = self.current_finding()
        if f is not None:
            self.decide.emit(f.key, status, note, reason)

    def accept_current(self) -> None:
        self._decide_current("accepted")

    def dismiss_current(self) -> None:
        _row, f = self.current_finding()
        if f is None:
            return
        reason, ok = QInputDialog.getItem(self, "Dismiss finding", f"Why is this not a problem?\n\n{f.message}",
                                          list(DISMISS_REASONS), 0, True)
        if ok:
            self._decide_current("dismissed", reason=reason.strip() or DISMISS_REASONS[0])

    def note_current(self) -> None:
        _row, f = self.current_finding()
        if f is None:
            return
        current = self._note_of(f.key).get("note", "")
        note, ok = QInputDialog.getMultiLineText(self, "Note", f"Note on: {f.message}", current)
        if ok:
            self._decide_current("", note=note.strip())


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
