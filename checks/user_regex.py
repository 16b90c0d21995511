"""Rule-pack regular expressions under the ``regex`` package, each search given a timeout.

Python's ``re`` cannot be interrupted: a pattern such as ``(a|aa)+$`` on a long line backtracks for longer than
anyone waits. ``regex`` takes a ``timeout`` on every call and cuts most such backtracking short by itself, so a
pack pattern compiled here ends in ``PatternTimeoutError`` (a one-line ``UpfrontError`` naming the pattern)
instead of freezing the app. Patterns are compiled in ``regex``'s VERSION0 mode, which reads a pattern as
``re`` does.

``compile_pattern`` returns an object with the part of ``re.Pattern``'s interface the rule kinds use
(``search``, ``match``, ``fullmatch``, ``finditer``, ``findall``, ``groupindex``, ``pattern``, ``flags``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import regex

from extractors.errors import UpfrontError

TIMEOUT = 2.0  # seconds one search of one pattern may take over one document's text


class PatternTimeoutError(UpfrontError):
    """A rule pack's regular expression took longer than its timeout on a text."""


class TimedPattern:
    """A compiled ``regex`` pattern whose every search stops after ``timeout`` seconds."""

    def __init__(self, compiled: Any, timeout: float = TIMEOUT) -> None:
        self._rx = compiled
        self.timeout = timeout
        self.pattern: str = compiled.pattern
        self.flags: int = compiled.flags
        self.groupindex = compiled.groupindex

    def _timed_out(self) -> PatternTimeoutError:
        shown = self.pattern if len(self.pattern) <= 80 else self.pattern[:77] + "…"
        return PatternTimeoutError(f"a rule pack's regular expression took longer than {self.timeout:g} s and "
                                   f"was stopped: {shown}")

    def search(self, text: str, *args: int) -> Any:
        try:
            return self._rx.search(text, *args, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def match(self, text: str, *args: int) -> Any:
        try:
            return self._rx.match(text, *args, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def fullmatch(self, text: str, *args: int) -> Any:
        try:
            return self._rx.fullmatch(text, *args, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def finditer(self, text: str, *args: int) -> Iterator[Any]:
        """The matches; the timeout counts the time spent matching, over the whole iteration."""
        try:
            yield from self._rx.finditer(text, *args, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def findall(self, text: str, *args: int) -> list[Any]:
        try:
            return self._rx.findall(text, *args, timeout=self.timeout)
        except TimeoutError:
            raise self._timed_out() from None

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r}, timeout={self.timeout:g})"


_FLAG_NAMES = {re.IGNORECASE: regex.IGNORECASE, re.MULTILINE: regex.MULTILINE, re.DOTALL: regex.DOTALL,
               re.VERBOSE: regex.VERBOSE, re.ASCII: regex.ASCII}


@lru_cache(maxsize=1024)
def _compiled(pattern: str, flags: int) -> Any:
    return regex.compile(pattern, flags | regex.VERSION0)


def compile_pattern(pattern: str, flags: int = 0, timeout: float = TIMEOUT) -> TimedPattern:
    """``pattern`` compiled by ``regex`` (``re`` flags accepted), each search limited to ``timeout`` seconds.
    Raises ``re.error`` for a pattern ``regex`` cannot compile, as ``re.compile`` would."""
    converted = 0
    for flag, theirs in _FLAG_NAMES.items():
        if flags & flag:
            converted |= theirs
    try:
        return TimedPattern(_compiled(pattern, converted), timeout)
    except regex.error as err:
        raise re.error(str(err)) from None
