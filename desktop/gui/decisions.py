"""Review decisions (accept / dismiss / note) autosaved per PDF, keyed by the file's sha256.

The PDF itself is never touched. When a PDF changes (new sha256), the newest record for the same file
(same full path) is carried over, keeping only decisions whose ``Finding.key`` still occurs, so an edited proposal keeps
the work already done on the wording that did not change.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.atomic import atomic_write_text
from desktop.gui.paths import reviews_dir

STATUSES = ("open", "accepted", "dismissed")
FORMAT = 1


class DecisionStore:
    """Decisions for one document; every change is written at once (atomically)."""

    def __init__(self, sha256: str, pdf_path: str, folder: Path | None = None) -> None:
        self.sha256 = sha256
        self.pdf_path = str(pdf_path)
        self.folder = folder or reviews_dir()
        self.decisions: dict[str, dict[str, str]] = {}
        self.sheet: dict[str, Any] = {}
        self.parties: dict[str, str] = {}  # the user's provider and customer for this document
        self.carried_over = 0

    @property
    def file(self) -> Path:
        return self.folder / f"{self.sha256}.json"

    # -- loading -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, sha256: str, pdf_path: str, keys: Iterable[str], folder: Path | None = None) -> DecisionStore:
        """Load this document's decisions, or carry over a previous version's that still match ``keys``."""
        store = cls(sha256, pdf_path, folder)
        raw = _read(store.file)
        if raw is not None:
            store._absorb(raw)
            return store
        previous = store._previous_version()
        if previous is not None:
            wanted = set(keys)
            store._absorb(previous)
            kept = {k: v for k, v in store.decisions.items() if k in wanted}
            store.carried_over = len(kept)
            store.decisions = kept
            if kept or store.sheet:
                store.save()
        return store

    @classmethod
    def peek(cls, sha256: str, pdf_path: str, folder: Path | None = None) -> DecisionStore:
        """This document's saved decisions, to show only: nothing carried over, nothing written.

        For partial results, whose finding keys are not all final yet (the last clause read may grow)."""
        store = cls(sha256, pdf_path, folder)
        raw = _read(store.file)
        if raw is not None:
            store._absorb(raw)
        return store

    def _absorb(self, raw: dict[str, Any]) -> None:
        decisions = raw.get("decisions", {})
        if isinstance(decisions, dict):
            for key, value in decisions.items():
                if isinstance(key, str) and isinstance(value, dict):
                    self.decisions[key] = {k: str(v) for k, v in value.items() if isinstance(k, str)}
        sheet = raw.get("sheet", {})
        self.sheet = sheet if isinstance(sheet, dict) else {}
        parties = raw.get("parties", {})
        self.parties = {k: str(v) for k, v in parties.items() if k in ("provider", "customer")} if isinstance(
            parties, dict) else {}

    def _previous_version(self) -> dict[str, Any] | None:
        """The newest record for the same file (same full path: an earlier version of this PDF).

        A name alone is not enough: another customer's ``proposal.pdf`` shares it, and missing-disclosure
        keys carry no text, so its dismissals would apply to an unrelated document.
        """
        here = _resolved(self.pdf_path)
        if not here or not self.folder.is_dir():
            return None
        best: tuple[float, dict[str, Any]] | None = None
        for file in self.folder.glob("*.json"):
            raw = _read(file)
            if not raw or raw.get("sha256") == self.sha256 or _resolved(str(raw.get("path", ""))) != here:
                continue
            stamp = float(raw.get("saved", 0) or 0)
            if best is None or stamp > best[0]:
                best = (stamp, raw)
        return best[1] if best else None

    # -- reading and changing --------------------------------------------------------------------------------
    def get(self, key: str) -> dict[str, str]:
        return self.decisions.get(key, {"status": "open", "note": "", "reason": ""})

    def status(self, key: str) -> str:
        return self.decisions.get(key, {}).get("status", "open")

    def set(self, key: str, status: str | None = None, note: str | None = None, reason: str | None = None) -> None:
        """Change one finding's decision and save straight away."""
        entry = dict(self.get(key))
        if status is not None:
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}")
            entry["status"] = status
            if status != "dismissed":
                entry["reason"] = ""
        if note is not None:
            entry["note"] = note
        if reason is not None:
            entry["reason"] = reason
        decisions = {k: v for k, v in self.decisions.items() if k != key}
        if entry != {"status": "open", "note": "", "reason": ""}:
            decisions[key] = entry
        self.save(decisions)  # memory changes only once the disk has it: a failed save leaves both as they were
        self.decisions = decisions

    def set_sheet(self, options: dict[str, Any]) -> None:
        sheet = dict(options)
        self.save(sheet=sheet)
        self.sheet = sheet

    def set_parties(self, provider: str, customer: str) -> None:
        """The user's word on who provides and who receives, kept with the document's other decisions."""
        parties = {k: v for k, v in (("provider", provider.strip()), ("customer", customer.strip())) if v}
        self.save(parties=parties)
        self.parties = parties

    def save(self, decisions: dict[str, dict[str, str]] | None = None, sheet: dict[str, Any] | None = None,
             parties: dict[str, str] | None = None) -> Path:
        """Write ``decisions`` / ``sheet`` / ``parties`` (default: the current ones) atomically."""
        payload = {"format": FORMAT, "sha256": self.sha256, "path": self.pdf_path, "saved": time.time(),
                   "decisions": self.decisions if decisions is None else decisions,
                   "sheet": self.sheet if sheet is None else sheet,
                   "parties": self.parties if parties is None else parties}
        return atomic_write_text(self.file, json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True))


def _resolved(path: str) -> str:
    """The absolute, resolved form of a path ('' when there is none), for comparing records."""
    if not path:
        return ""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def _read(file: Path) -> dict[str, Any] | None:
    """A record, or None when it is absent or unreadable (a corrupt file must not stop the window)."""
    with contextlib.suppress(OSError, ValueError):
        raw = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            return raw
    return None
