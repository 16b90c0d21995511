"""The limits a front end runs with: the defaults, the ``UPFRONT_*`` environment variables over them (a desktop
launcher or a batch script can set those), and the CLI's flags over both. Read here, once, and passed down to
``checks.analyze.analyze`` as ``extractors.limits.Limits``; nothing writes the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping

from extractors.limits import Limits

VARIABLES = {"max_pages": "UPFRONT_MAX_PAGES", "time_limit": "UPFRONT_TIME_LIMIT",
             "max_memory_mb": "UPFRONT_MAX_MEMORY_MB"}


def _limit(value: float | None) -> float | None:
    """0 or less: no limit."""
    return value if value is not None and value > 0 else None


def limits_from(environ: Mapping[str, str] | None = None, **given: float | None) -> Limits:
    """The Limits in force: each of ``max_pages``, ``time_limit`` and ``max_memory_mb`` from ``given`` when
    given (not None), else from its environment variable when that is a number, else the default; 0 or less
    means no limit."""
    environ = os.environ if environ is None else environ
    default = Limits()
    values: dict[str, float | None] = {}
    for name, variable in VARIABLES.items():
        value = given.get(name)
        if value is None:
            raw = environ.get(variable, "").strip()
            try:
                value = float(raw) if raw else getattr(default, name)
            except ValueError:
                value = getattr(default, name)
        values[name] = _limit(value)
    return Limits(**values)
