"""The sheet's content types (no layout, no reportlab): lines, sections, the sheet, and who reads which topic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as _date

import resources
from desktop.sheet.config import sections_by_id, sheet_config

STATUSES = ("stated", "mentioned", "missing", "vague")
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
    status: str = "stated"  # stated | mentioned | missing | vague
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
