"""How finding kinds and severities look: one colour and one label per kind, shared by viewer and lists."""

from __future__ import annotations

from PySide6.QtGui import QColor

KIND_STYLE: dict[str, tuple[str, str]] = {
    "overpromise": ("Over-promise", "#e53935"),
    "vague_timing": ("Vague timing", "#fb8c00"),
    "vague_effort": ("Vague effort", "#fdd835"),
    "vague_scope": ("Open scope", "#8e24aa"),
    "inconsistent": ("Inconsistent", "#d81b60"),
    "unqualified": ("Unqualified number", "#1e88e5"),
    "undefined_term": ("Undefined term", "#00897b"),
    "missing_disclosure": ("Missing disclosure", "#757575"),
}
SEVERITY_STYLE: dict[str, tuple[str, str]] = {
    "error": ("Error", "#c62828"),
    "warning": ("Warning", "#ef6c00"),
    "suggestion": ("Suggestion", "#1565c0"),
}
READER_LABELS = {"finance": "Finance", "it": "IT / operations", "executive": "Executive", "users": "End users"}
STATUS_LABELS = {"open": "Open", "accepted": "Accepted (will fix)", "dismissed": "Dismissed"}


def kind_label(kind: str) -> str:
    return KIND_STYLE.get(kind, (kind.replace("_", " ").capitalize(), ""))[0]


def kind_color(kind: str, alpha: int = 255) -> QColor:
    color = QColor(KIND_STYLE.get(kind, ("", "#9e9e9e"))[1] or "#9e9e9e")
    color.setAlpha(alpha)
    return color


def severity_label(severity: str) -> str:
    return SEVERITY_STYLE.get(severity, (severity.capitalize(), ""))[0]


def severity_color(severity: str) -> QColor:
    return QColor(SEVERITY_STYLE.get(severity, ("", "#616161"))[1] or "#616161")
