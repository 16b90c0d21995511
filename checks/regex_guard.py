"""Reject regular expressions that can backtrack catastrophically, before a pack is accepted.

Python's `re` cannot be interrupted, so a pattern like `(a+)+$` on a long line would freeze the app. A pack
regex is therefore parsed and refused when a repeat (of more than one round) holds a large inner repeat that can
run on into the next round, or repeats an alternation whose branches can start with the same character, or uses
a back-reference.
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
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)
_BIG = 16  # an outer repeat allowing more than this many iterations is "unbounded" (for the alternation check)
_INNER = 3  # an inner repeat allowing more than this many iterations can split text many ways
# Characters the disjointness test looks at: Latin-1 and Latin Extended, plus common typographic spaces/dashes.
_ALPHABET = [chr(c) for c in range(0x250)] + list("\u2009\u200b\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u3000")
_ALL = frozenset(range(len(_ALPHABET)))
_NESTED = ("a repeat inside a repeat, such as (a+)+, (.*){1,12} or (\\w+\\s?){1,16}, can take forever on a long "
           "line; make the inner repeat end in something it cannot match, e.g. (?:\\w+\\s+){0,5}, or bound it")


def risky_regex(pattern: str) -> str:
    """Why the pattern could hang the app, or '' when it is safe. Assumes the pattern compiles."""
    try:
        tree = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError) as err:
        return f"cannot be parsed ({err})"
    return _walk(list(tree))


def _walk(items: list[tuple[Any, Any]]) -> str:
    for op, arg in items:
        if op in _REPEATS:
            _lo, hi, sub = arg
            sub = list(sub)
            if op != _POSSESSIVE and hi > 1 and _ambiguous_inner_repeat(sub):
                return _NESTED
            big = (hi == _MAXREPEAT or hi > _BIG) and op != _POSSESSIVE
            if big and _ambiguous_alternation(sub):
                return "a repeated alternation whose branches overlap, such as (a|aa)*, can take forever"
            why = _walk(sub)
            if why:
                return why
        elif op == sre_c.SUBPATTERN:
            why = _walk(list(arg[-1]))
            if why:
                return why
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                why = _walk(list(branch))
                if why:
                    return why
        elif op in (sre_c.GROUPREF, getattr(sre_c, "GROUPREF_EXISTS", None)):
            return "back-references are not allowed in rule patterns"
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            why = _walk(list(arg[1]))
            if why:
                return why
        # atomic groups never backtrack into themselves, so nothing inside one is walked
    return ""


# -- a repeat inside a repeated body --------------------------------------------------------------------------
# The body of an outer repeat (max > 1) is safe when every large inner repeat in it is followed, before the body
# can start over, by a required token the inner repeat cannot match: then each iteration's end is forced and the
# text splits one way only. `(?:\w+\s+){0,5}` passes (\w+ then \s+, \s+ then \w+ of the next round);
# `(.*){1,12}x` and `(?:\w+\s?){1,16}!` do not (the inner repeat can run into the next round).


def _ambiguous_inner_repeat(body: list[tuple[Any, Any]]) -> bool:
    for path in _inner_repeats(body, []):
        _op, (_lo, _hi, sub) = path[-1][0][path[-1][1]]
        chars = _chars(list(sub))
        if not _forced_end(chars, path):
            return True
    return False


Path_ = list[tuple[list[tuple[Any, Any]], int]]


def _inner_repeats(items: list[tuple[Any, Any]], path: Path_) -> list[Path_]:
    """Paths (sequence, index) from the outer body down to each large, backtracking inner repeat."""
    found: list[Path_] = []
    for i, (op, arg) in enumerate(items):
        here = [*path, (items, i)]
        if op in _REPEATS:
            _lo, hi, sub = arg
            if op == _POSSESSIVE:
                continue
            if hi == _MAXREPEAT or hi > _INNER:
                found.append(here)
            found.extend(_inner_repeats(list(sub), here))
        elif op == sre_c.SUBPATTERN:
            found.extend(_inner_repeats(list(arg[-1]), here))
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                found.extend(_inner_repeats(list(branch), here))
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            found.extend(_inner_repeats(list(arg[1]), here))
    return found


def _forced_end(chars: frozenset[int], path: Path_) -> bool:
    """Whether a required token the repeat cannot match comes after it, before its own position comes round."""
    for depth in range(len(path) - 1, -1, -1):
        seq, i = path[depth]
        if depth < len(path) - 1:
            op, arg = seq[i]
            if op in _REPEATS and arg[1] > 1:  # a nested repeat may go round again: its start may follow
                first, _nullable = _first(list(arg[2]))
                if first & chars:
                    return False
        for item in seq[i + 1:]:
            first, nullable = _first([item])
            if first & chars:
                return False
            if not nullable:
                return True
    seq, i = path[0]  # the end of the outer body: the next round starts over
    for item in seq[:i]:
        first, nullable = _first([item])
        if first & chars:
            return False
        if not nullable:
            return True
    return False


def _first(items: list[tuple[Any, Any]]) -> tuple[frozenset[int], bool]:
    """Characters a sequence can start with, and whether it can match the empty string."""
    out: set[int] = set()
    for op, arg in items:
        if op in _REPEATS:
            first, nullable = _first(list(arg[2]))
            out |= first
            if arg[0] > 0 and not nullable:
                return frozenset(out), False
        elif op == sre_c.SUBPATTERN or op == _ATOMIC:
            first, nullable = _first(list(arg[-1] if op == sre_c.SUBPATTERN else arg))
            out |= first
            if not nullable:
                return frozenset(out), False
        elif op == sre_c.BRANCH:
            any_nullable = False
            for branch in arg[1]:
                first, nullable = _first(list(branch))
                out |= first
                any_nullable = any_nullable or nullable
            if not any_nullable:
                return frozenset(out), False
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        else:
            single = _single(op, arg)
            if single is None:
                return _ALL, False
            return frozenset(out | single), False
    return frozenset(out), True


def _chars(items: list[tuple[Any, Any]]) -> frozenset[int]:
    """Every character a subpattern can consume anywhere in it (all, when unsure)."""
    out: set[int] = set()
    for op, arg in items:
        if op in _REPEATS:
            out |= _chars(list(arg[2]))
        elif op == sre_c.SUBPATTERN:
            out |= _chars(list(arg[-1]))
        elif op == _ATOMIC:
            out |= _chars(list(arg))
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                out |= _chars(list(branch))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        else:
            single = _single(op, arg)
            if single is None:
                return _ALL
            out |= single
    return frozenset(out)


def _single(op: Any, arg: Any) -> frozenset[int] | None:
    """The characters one single-character token matches, case-folded (None: not such a token)."""
    if op == sre_c.ANY:
        return _ALL
    if op == sre_c.LITERAL:
        test = chr(arg).__eq__
    elif op == sre_c.NOT_LITERAL:
        test = chr(arg).__ne__
    elif op == sre_c.CATEGORY:
        test = _category(arg)
    elif op == sre_c.IN:
        test = _in_class(arg)
    else:
        return None
    return frozenset(n for n, ch in enumerate(_ALPHABET) if any(test(c) for c in _cases(ch)))


def _cases(ch: str) -> tuple[str, ...]:
    """The character and its other case (patterns run case-insensitively); 'ß' -> 'SS' has no single other case."""
    other = ch.swapcase()
    return (ch, other) if len(other) == 1 and other != ch else (ch,)


def _category(cat: Any) -> Any:
    tests = {
        sre_c.CATEGORY_DIGIT: str.isdecimal, sre_c.CATEGORY_SPACE: str.isspace,
        sre_c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    }
    negated = {sre_c.CATEGORY_NOT_DIGIT: sre_c.CATEGORY_DIGIT, sre_c.CATEGORY_NOT_SPACE: sre_c.CATEGORY_SPACE,
               sre_c.CATEGORY_NOT_WORD: sre_c.CATEGORY_WORD}
    if cat in tests:
        return tests[cat]
    if cat in negated:
        base = tests[negated[cat]]
        return lambda ch: not base(ch)
    return lambda ch: True


def _in_class(members: list[tuple[Any, Any]]) -> Any:
    negate = bool(members) and members[0][0] == sre_c.NEGATE
    parts = members[1:] if negate else members

    def test(ch: str) -> bool:
        hit = False
        for op, arg in parts:
            if op == sre_c.LITERAL:
                hit = ch == chr(arg)
            elif op == sre_c.NOT_LITERAL:
                hit = ch != chr(arg)
            elif op == sre_c.RANGE:
                hit = arg[0] <= ord(ch) <= arg[1]
            elif op == sre_c.CATEGORY:
                hit = _category(arg)(ch)
            else:
                hit = True  # unknown member: assume it matches
            if hit:
                break
        return hit != negate

    return test


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
