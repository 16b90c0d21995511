"""The document open in the window, without Qt: which file, what the viewer shows, and where its review stands.

A session starts when a file is opened and ends when another one is. It holds the file the user chose
(``path``: the title, recent files, decisions and exports name it), the file the viewer shows (``shown_path``:
``path``, or the OCR copy whose text layer the highlights belong to), the password, and the review on show:
none yet, a partial one (pages read so far; decisions wait), a stopped one (reading ended early: that is all
there will be until the file is reopened) or the whole review, whose decisions are saved as they are made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from checks.model import Review
from checks.partial import is_partial, is_stopped, pages_read, stopped
from desktop.gui.decisions import DecisionStore
from extractors.model import PartyChoice
from extractors.opening import file_sha256

log = logging.getLogger(__name__)
OPEN = {"status": "open", "note": "", "reason": ""}


def saved_choice(path: str, sha256: str = "") -> PartyChoice | None:
    """The parties' roles saved for this file (by its content's sha256), or None."""
    try:
        sha256 = sha256 or file_sha256(path)
        parties = DecisionStore.peek(sha256, path).parties
    except Exception:  # unreadable file or data folder: nothing saved to apply; the analysis says what is wrong
        return None
    choice = PartyChoice(parties.get("provider", ""), parties.get("customer", ""))
    return choice or None


@dataclass
class Session:
    """One document in the window (see the module docstring)."""

    path: str = ""
    shown_path: str = ""
    password: str | None = None
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR when ``shown_path`` is a copy
    ocr_sha256: str = ""  # the original's sha256 when ``shown_path`` is a copy
    review: Review | None = None
    choice: PartyChoice | None = None  # the parties' roles as the user set them for this document
    store: DecisionStore | None = None  # the whole review's decisions, saved as they are made
    preview_store: DecisionStore | None = None  # saved decisions, shown (not changed) on partial results

    @classmethod
    def of(cls, path: str, password: str | None = None, ocr_copy: str = "", ocr_pages: list[int] | None = None,
           ocr_sha256: str = "") -> Session:
        """A session on ``path``; with ``ocr_copy``, showing and checking that copy, named after ``path``."""
        if ocr_copy:
            session = cls(path, ocr_copy, password, list(ocr_pages or []), ocr_sha256)
        else:
            session = cls(path, path, password)
        session.choice = saved_choice(path, ocr_sha256)
        return session

    @property
    def is_ocr_copy(self) -> bool:
        return bool(self.shown_path) and self.shown_path != self.path

    # -- where the review stands ------------------------------------------------------------------------------
    @property
    def showing_part(self) -> bool:
        """True while the review shown covers only some of the pages (being read, or reading stopped)."""
        return self.review is not None and is_partial(self.review)

    @property
    def stopped(self) -> bool:
        return self.review is not None and is_stopped(self.review)

    @property
    def complete(self) -> bool:
        """The whole review is on show: decisions and exports are possible."""
        return self.review is not None and not self.showing_part

    def pages_read(self) -> tuple[int, int]:
        return pages_read(self.review) if self.review is not None else (0, 0)

    def partial_scope(self) -> str:
        done, total = self.pages_read()
        return f"the findings shown are from pages 1–{done} of {total} only."

    def show_partial(self, review: Review) -> None:
        """A review of the pages read so far; the saved decisions are shown with it, not changed."""
        if self.preview_store is None:
            try:
                self.preview_store = DecisionStore.peek(review.document.sha256, self.path)
            except Exception:  # an unreadable data folder: show the findings as open; the whole review says why
                log.exception("decision store (preview)")
        self.review = review

    def finish(self, review: Review) -> str:
        """The whole review: its decisions are loaded (or carried over from an earlier version of the file).
        Returns why decisions cannot be saved, or ""."""
        said = ""
        try:
            self.store = DecisionStore.open(review.document.sha256, self.path, [f.key for f in review.findings])
        except Exception as err:  # unreadable data folder: keep working, say decisions will not be kept
            log.exception("decision store")
            self.store = None
            said = f"Decisions cannot be saved ({err})."
        self.preview_store = None
        self.review = review
        return said

    def stop(self) -> bool:
        """Reading ended before the whole review (cancelled or failed): the partial review on show is marked as
        all there will be. False when there is nothing to mark."""
        if not self.showing_part or self.stopped:
            return False
        assert self.review is not None
        self.review = stopped(self.review)
        return True

    # -- decisions ------------------------------------------------------------------------------------------------
    def status_of(self, key: str) -> str:
        store = self.store or self.preview_store
        return store.status(key) if store else "open"

    def decision_of(self, key: str) -> dict[str, str]:
        store = self.store or self.preview_store
        return store.get(key) if store else dict(OPEN)

    def refusal(self) -> str:
        """Why a decision cannot be recorded now, or "" when it can."""
        if self.store is not None:
            return ""
        if not self.showing_part:
            return "No document is open."
        if self.stopped:
            return "Reading stopped before the end: reopen the file to review it in full."
        return "Decisions can be made once every page is read (a moment)."

    def decide(self, key: str, status: str | None = None, note: str | None = None, reason: str | None = None) -> str:
        """Record a decision (saved at once); returns the refusal when none can be recorded now. Raises the
        store's UpfrontError when saving fails (nothing is changed then)."""
        refused = self.refusal()
        if refused:
            return refused
        assert self.store is not None
        self.store.set(key, status or None, note, reason)
        return ""

    def choose_parties(self, provider: str, customer: str) -> str:
        """Keep the user's provider and customer with the document's decisions; the caller checks the document
        again with ``choice``. Returns why the choice cannot be kept (it still applies to this session), or ""."""
        self.choice = PartyChoice(provider.strip(), customer.strip())
        if self.store is None:
            return self.refusal()
        self.store.set_parties(self.choice.provider, self.choice.customer)
        return ""

    @property
    def decisions(self) -> dict[str, dict[str, str]]:
        return self.store.decisions if self.store else {}

    @property
    def sheet_state(self) -> dict:
        return self.store.sheet if self.store else {}
