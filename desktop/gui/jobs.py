"""What the window's background jobs do, without Qt: plain functions of a ``Reporter`` (progress, partial
reviews, the OCR copy, cancellation) and picklable arguments, so the same job runs in a worker thread or in a
child process (``desktop.gui.child``)."""

from __future__ import annotations

from typing import Protocol

from checks.model import Review
from checks.rules import RulePack
from extractors.limits import Limits
from extractors.model import PartyChoice


class Reporter(Protocol):
    """How a job tells the window how it goes, and learns that it should stop."""

    def progress(self, done: int, total: int) -> None: ...

    def partial(self, review: Review) -> None: ...

    def copy(self, path: str) -> None: ...

    def is_cancelled(self) -> bool: ...


def analysis(report: Reporter, path: str, pack: RulePack | None, password: str | None,
             limits: Limits | None, choice: PartyChoice | None = None) -> Review:
    """One PDF analysed; a scanned file still gives a (finding-less) review, so the window can offer OCR.
    ``choice``: the parties' roles as the user set them for this document."""
    from checks.analyze import analyze

    return analyze(path, pack, report.progress, report.is_cancelled, password, require_text=False,
                   on_partial=report.partial, limits=limits, choice=choice)


def ocr_analysis(report: Reporter, path: str, sha256: str, pages: list[int], pack: RulePack | None,
                 limits: Limits | None, choice: PartyChoice | None = None) -> Review:
    """The scanned ``pages`` read by OCR into a (cached) copy, which is then analysed: ``copy`` is reported once
    the copy exists, progress first counts OCR'd pages, then the copy's pages read."""
    from checks.analyze import analyze_ocr

    return analyze_ocr(path, sha256, pages, pack, report.progress, report.is_cancelled, report.partial, limits,
                       on_ocr_progress=report.progress, on_copy=report.copy, choice=choice)
