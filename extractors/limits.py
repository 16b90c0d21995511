"""Limits of one read: pages, time and memory, and the guard that enforces them (with cancellation).

The guard is checked between pages and, inside huge pages, every few thousand characters or words; a single
pdfium call that hangs is not interrupted here (a child process is the only cure for that).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from extractors.errors import CancelledError, TooLargeError

CancelFn = Callable[[], bool]

DEFAULT_MAX_PAGES = 2000
DEFAULT_TIME_LIMIT = 120.0  # seconds for one document; a 1,000-page contract reads in ~15 s
DEFAULT_MAX_MEMORY_MB = 2048  # resident memory of the whole process; the 1,000-page contract peaks at ~314 MB


@dataclass(frozen=True)
class Limits:
    """What one document may cost before reading it gives up (TooLargeError); None: no limit. Front ends set
    them (the CLI from its flags, the window from its settings) and pass them down; nothing here reads the
    environment."""

    max_pages: int | None = DEFAULT_MAX_PAGES
    time_limit: float | None = DEFAULT_TIME_LIMIT  # seconds
    max_memory_mb: float | None = DEFAULT_MAX_MEMORY_MB  # resident memory of the whole process

    @classmethod
    def none(cls) -> Limits:
        return cls(None, None, None)


def resident_mb() -> float | None:
    """This process's resident memory now (Linux), or None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return None


class Guard:
    """Cancellation and the per-document time and memory limits, checked between pages and inside huge pages."""

    def __init__(self, name: str, is_cancelled: CancelFn | None, time_limit: float | None,
                 max_memory_mb: float | None = None) -> None:
        self.name = name
        self.is_cancelled = is_cancelled
        self.deadline = time.monotonic() + time_limit if time_limit else None
        self.time_limit = time_limit
        self.max_memory_mb = max_memory_mb
        self._next_memory_check = 0.0

    def remaining(self) -> float | None:
        """Seconds left before the time limit, or None without one."""
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise CancelledError("cancelled")
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise TooLargeError(f"{self.name}: reading took longer than the limit of {self.time_limit:g} s")
        if self.max_memory_mb and now >= self._next_memory_check:  # at most 20 reads of /proc a second
            self._next_memory_check = now + 0.05
            used = resident_mb()
            if used is not None and used > self.max_memory_mb:
                raise TooLargeError(f"{self.name}: reading needs more memory than the limit of "
                                    f"{self.max_memory_mb:g} MB (now {used:.0f} MB)")
