"""The findings list as a Qt table model with custom roles, plus the filter proxy the panel shows.

The model holds the Review's findings and a reference to the decision store, nothing else; it knows no
rules. The proxy filters by severity, kind, reader, status and free text, and sorts by page by default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from checks.model import SEVERITY_RANK, Finding
from desktop.gui.style import kind_color, kind_label, severity_color, severity_label

FindingRole = Qt.ItemDataRole.UserRole + 1
SeverityRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
AudiencesRole = Qt.ItemDataRole.UserRole + 4
StatusRole = Qt.ItemDataRole.UserRole + 5
PageRole = Qt.ItemDataRole.UserRole + 6
KeyRole = Qt.ItemDataRole.UserRole + 7
TopicRole = Qt.ItemDataRole.UserRole + 8
SortRole = Qt.ItemDataRole.UserRole + 9
SearchTextRole = Qt.ItemDataRole.UserRole + 10
ActorRole = Qt.ItemDataRole.UserRole + 11  # who the finding's sentence binds (provider, customer, both, …)

SHORT_STATUS = {"open": "Open", "accepted": "Will fix", "dismissed": "Dismissed"}
COLUMNS = ("Severity", "Kind", "Page", "Text", "Message", "Status")
COL_SEVERITY, COL_KIND, COL_PAGE, COL_TEXT, COL_MESSAGE, COL_STATUS = range(len(COLUMNS))

StatusFn = Callable[[str], str]
AnyIndex = QModelIndex | QPersistentModelIndex


class FindingsModel(QAbstractTableModel):
    """One row per finding; ``status_of(key)`` supplies the reviewer's decision."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._status_of: StatusFn = lambda _key: "open"

    def set_findings(self, findings: Sequence[Finding], status_of: StatusFn | None = None) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self._status_of = status_of or (lambda _key: "open")
        self.endResetModel()

    def finding(self, row: int) -> Finding | None:
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def row_of_key(self, key: str) -> int:
        for row, f in enumerate(self._findings):
            if f.key == key:
                return row
        return -1

    def status_changed(self, key: str) -> None:
        """Tell views that every row with this key changed status (one key can occur several times)."""
        for row, f in enumerate(self._findings):
            if f.key == key:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- QAbstractItemModel ----------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._findings)):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"<b>{f.message}</b>"
            if f.suggestion:
                tip += f"<br>→ {f.suggestion}"
            if f.sentence:
                tip += f"<br><i>{f.sentence}</i>"
            return tip
        if role == Qt.ItemDataRole.DecorationRole and col == COL_KIND:
            return kind_color(f.kind)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_SEVERITY:
                return QBrush(severity_color(f.severity))
            if self._status_of(f.key) == "dismissed":
                return QBrush(Qt.GlobalColor.gray)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_PAGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self._custom(f, col, role)

    def _display(self, f: Finding, col: int) -> str:
        if col == COL_SEVERITY:
            return severity_label(f.severity)
        if col == COL_KIND:
            return kind_label(f.kind)
        if col == COL_PAGE:
            return str(f.page) if f.page else "–"
        if col == COL_TEXT:
            return f.text
        if col == COL_MESSAGE:
            return f.message
        return SHORT_STATUS.get(self._status_of(f.key), "Open")

    def _custom(self, f: Finding, col: int, role: int) -> Any:
        if role == FindingRole:
            return f
        if role == SeverityRole:
            return f.severity
        if role == KindRole:
            return f.kind
        if role == AudiencesRole:
            return list(f.audiences)
        if role == StatusRole:
            return self._status_of(f.key)
        if role == PageRole:
            return f.page
        if role == KeyRole:
            return f.key
        if role == TopicRole:
            return f.topic
        if role == ActorRole:
            return f.actor
        if role == SearchTextRole:
            return " ".join((f.message, f.text, f.sentence, f.suggestion, f.rule_id)).lower()
        if role == SortRole:
            return _sort_key(f, col, self._status_of(f.key))
        return None


def _sort_key(f: Finding, col: int, status: str) -> str:
    """A string that sorts rows the way a reader expects for that column (page, then position)."""
    where = f"{f.page or 99999:05d}{max(f.start, 0):09d}"
    if col == COL_SEVERITY:
        return f"{9 - SEVERITY_RANK.get(f.severity, 0)}{where}"
    if col == COL_KIND:
        return f"{kind_label(f.kind)}|{where}"
    if col == COL_TEXT:
        return f"{f.text.lower()}|{where}"
    if col == COL_MESSAGE:
        return f"{f.message.lower()}|{where}"
    if col == COL_STATUS:
        return f"{status}|{where}"
    return where


class FindingsFilter(QSortFilterProxyModel):
    """Severity / kind / reader / status filters and a search box over a FindingsModel."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.severities: frozenset[str] = frozenset()  # empty = all
        self.kinds: frozenset[str] = frozenset()
        self.reader = ""
        self.actor = ""  # "" = all; "other" = none and third parties
        self.statuses: frozenset[str] = frozenset()
        self.search = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_filters(self, *, severities: frozenset[str] | None = None, kinds: frozenset[str] | None = None,
                    reader: str | None = None, statuses: frozenset[str] | None = None,
                    search: str | None = None, actor: str | None = None) -> None:
        legacy = not hasattr(self, "beginFilterChange")  # Qt < 6.9
        if not legacy:
            self.beginFilterChange()
        if severities is not None:
            self.severities = severities
        if kinds is not None:
            self.kinds = kinds
        if reader is not None:
            self.reader = reader
        if actor is not None:
            self.actor = actor
        if statuses is not None:
            self.statuses = statuses
        if search is not None:
            self.search = search.strip().lower()
        if legacy:
            self.invalidateFilter()
        else:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.severities and model.data(index, SeverityRole) not in self.severities:
            return False
        if self.kinds and model.data(index, KindRole) not in self.kinds:
            return False
        if self.reader and self.reader not in (model.data(index, AudiencesRole) or []):
            return False
        if self.actor:
            actor = model.data(index, ActorRole) or "none"
            if actor != self.actor and not (self.actor == "other" and actor in ("none", "third_party", "")):
                return False
        if self.statuses and model.data(index, StatusRole) not in self.statuses:
            return False
        return not self.search or all(word in model.data(index, SearchTextRole) for word in self.search.split())
