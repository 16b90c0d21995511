"""Reject regular expressions that can backtrack catastrophically, before a pack is accepted.

Python's `re` cannot be interrupted, so a pattern like `(a+)+$` on a long line would freeze the app. A pack
regex is therefore parsed and refused when a repeat contains another unbounded repeat, or repeats an
alternation whose branches can start with the same character, or uses a back-reference.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser lives in re._parser
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)} - {None}
_MAXREPEAT = sre_c.MAXREPEAT
_POSSESSIVE = getattr(sre_c, "POSSESSIVE_REPEAT", None)
_BIG = 16  # a repeat allowing more than this many iterations counts as "unbounded" for nesting


def risky_regex(pattern: str) -> str:
    """Why the pattern could hang the app, or '' when it is safe. Assumes the pattern compiles."""
    try:
        tree = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError) as err:
        return f"cannot be parsed ({err})"
    return _walk(list(tree), inside_repeat=False)


def _walk(items: list[tuple[Any, Any]], inside_repeat: bool) -> str:
    for op, arg in items:
        if op in _REPEATS:
            _lo, hi, sub = arg
            sub = list(sub)
            big = (hi == _MAXREPEAT or hi > _BIG) and op != _POSSESSIVE
            if big and inside_repeat:
                return ("nested unbounded repeats such as (a+)+ or (.*)* can take forever on a long line; "
                        "bound the inner one, e.g. {1,10}")
            if big and _ambiguous_alternation(sub):
                return "a repeated alternation whose branches overlap, such as (a|aa)*, can take forever"
            why = _walk(sub, inside_repeat or big)
            if why:
                return why
        elif op == sre_c.SUBPATTERN:
            why = _walk(list(arg[-1]), inside_repeat)
            if why:
                return why
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                why = _walk(list(branch), inside_repeat)
                if why:
                    return why
        elif op in (sre_c.GROUPREF, getattr(sre_c, "GROUPREF_EXISTS", None)):
            return "back-references are not allowed in rule patterns"
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            why = _walk(list(arg[1]), inside_repeat)
            if why:
                return why
        # atomic groups never backtrack into themselves, so nothing inside one is walked
    return ""


def _first_literals(items: list[tuple[Any, Any]]) -> set[int] | None:
    """Characters a subpattern can start with (None = anything / unknown)."""
    for op, arg in items:
        if op == sre_c.LITERAL:
            return {arg}
        if op == sre_c.SUBPATTERN:
            return _first_literals(list(arg[-1]))
        if op == sre_c.BRANCH:
            out: set[int] = set()
            for b in arg[1]:
                first = _first_literals(list(b))
                if first is None:
                    return None
                out |= first
            return out
        if op in (sre_c.AT,):
            continue
        return None
    return set()


def _ambiguous_alternation(items: list[tuple[Any, Any]]) -> bool:
    for op, arg in items:
        if op == sre_c.SUBPATTERN:
            return _ambiguous_alternation(list(arg[-1]))
        if op == sre_c.BRANCH:
            seen: set[int] = set()
            for b in arg[1]:
                first = _first_literals(list(b))
                if first is None:
                    return True
                if seen & first:
                    return True
                seen |= first
            return False
        return False
    return False
