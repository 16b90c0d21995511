"""Results while a long document is still being read: reviews of the pages read so far, at a bounded cost.

A snapshot re-reads nothing, but it lays out, understands and checks every page read so far, so each one costs
in proportion to its size (about half of what reading those pages cost). Snapshots are therefore taken at most
every ``interval`` seconds, only once the pages read have grown ``growth`` times since the last one, not in the
last third of the document (the whole review is near), and only while the time spent on snapshots, the next one
included (estimated from the last), stays within ``budget`` of the time spent reading. A short document (read
within ``interval``) gets none, only its whole review; the figures are in bench/bench_ui.py's output.

A partial review is a preview, not a prefix of the whole: its last clause may still grow, and what is decided
on the whole document (its kind, an unnumbered outline, the dollar it names) is decided on the pages read so
far. So a finding of the preview can be missing from the whole review, and decisions wait for the whole.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from checks.model import Review
from extractors.model import Document

log = logging.getLogger(__name__)

PartialFn = Callable[[Review], None]
PARTIAL_KEY = "partial"  # Review.meta[PARTIAL_KEY] = "pages read/total" on a review of part of a document
STOPPED_KEY = "stopped"  # set on a partial review once reading has stopped (cancelled or failed): no whole follows


def is_partial(review: Review) -> bool:
    return PARTIAL_KEY in review.meta


def is_stopped(review: Review) -> bool:
    return STOPPED_KEY in review.meta


def stopped(review: Review) -> Review:
    """The partial review marked as final for now: its pages are all there will be until the file is reopened."""
    return replace(review, meta={**review.meta, STOPPED_KEY: "1"})


def pages_read(review: Review) -> tuple[int, int]:
    """(pages read, total pages) of a partial review; (n, n) for a whole one."""
    done, _, total = review.meta.get(PARTIAL_KEY, "").partition("/")
    if done.isdigit() and total.isdigit():
        return int(done), int(total)
    return len(review.document.pages), len(review.document.pages)


class PartialReviews:
    """Decides when a snapshot is worth taking; ``review_of`` checks it, ``on_partial`` receives the result."""

    def __init__(self, review_of: Callable[[Document], Review], on_partial: PartialFn, interval: float = 0.75,
                 growth: float = 3.0, budget: float = 0.25, clock: Callable[[], float] = time.monotonic,
                 is_cancelled: Callable[[], bool] | None = None) -> None:
        self.review_of = review_of
        self.is_cancelled = is_cancelled or (lambda: False)  # looked at between the stages of a snapshot
        self.on_partial = on_partial
        self.interval = interval
        self.growth = growth
        self.budget = budget
        self.clock = clock
        self._start = self._last_time = clock()
        self._last_pages = 0
        self._last_cost = 0.0  # seconds the last snapshot took
        self._spent = 0.0  # seconds all snapshots took
        self._broken = False

    def _affordable(self, done: int, now: float) -> bool:
        """Whether the snapshots so far and this one stay within ``budget`` of the reading time (the first is
        always taken: its cost is not known yet)."""
        if not self._last_pages or self.budget == float("inf"):
            return True
        estimate = self._last_cost * done / self._last_pages
        reading = now - self._start - self._spent
        return self._spent + estimate <= self.budget * reading

    def offer(self, done: int, total: int, build: Callable[[], Document]) -> None:
        """Called after each page read (``extractors.pdf.SnapshotFn``)."""
        now = self.clock()
        if self._broken or 3 * done > 2 * total or now - self._last_time < self.interval:
            return
        if done < max(1, self.growth * self._last_pages) or not self._affordable(done, now):
            return
        if self.is_cancelled():
            return
        self._last_pages = done
        try:
            doc = build()
            # nothing to say yet when no page read so far has text (a scanned cover page, say), or cancelled
            review = self.review_of(doc) if doc.text_layer != "none" and not self.is_cancelled() else None
        except Exception:  # a preview must never sink the analysis: the final review follows regardless
            log.exception("partial review of %d/%d pages", done, total)
            self._broken = True
            return
        finally:
            self._last_time = self.clock()  # the interval runs from the end of the work, so reading goes on
            self._last_cost = self._last_time - now
            self._spent += self._last_cost
        if review is not None and not self.is_cancelled():
            self.on_partial(replace(review, meta={**review.meta, PARTIAL_KEY: f"{done}/{total}"}))
