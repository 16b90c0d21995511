"""Where a cue pattern can match, so the regex engine is tried only there: the matches of many patterns over
one text, exactly those of ``pattern.finditer(text)``, at a fraction of the cost.

Python's regex engine tries most positions of a text for an alternation of groups. Every match of most cue
patterns, though, starts with one of a few literal strings (``"renew"``, ``"notice of "`` …) or one-character
classes (``[0-9]``): those are read from the pattern's source by a small parser of the regular-expression
syntax (``match_starts``), found in the text with ``str.find`` (shared by every pattern of one text), and the
pattern is matched at each of them, in order. A pattern the parser does not fully understand (inline flags,
back-references, a leading ``.``, anything that may match the empty string) is run by ``finditer`` as it is:
the parser may give up, never guess.

A start that ends in white space (``"notice "`` for ``notice\\s+``) holds only for text whose only white space
is " " and "\\n" (``OTHER_SPACE``); other text is scanned in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

Start = str | re.Pattern[str]  # a literal string, or a pattern of one character

OTHER_SPACE = re.compile(r"[^\S \n]")  # white space other than " " and "\n"
PREFIX_CAP = 8  # longest literal prefix looked up
FREQUENT = 200  # past this many occurrences of a literal, the regex engine lists the rest faster than str.find
MAX_STARTS = 64  # a literal is not extended into more continuations than this
KEY = 4  # literal starts longer than this are found among the occurrences of their first KEY characters
DENSE = 20  # with more than one possible match start per this many characters, plain finditer is faster
MANY = 10**9  # an unbounded repeat


class Unknown(Exception):
    """The parser cannot say what a match of the pattern starts with."""


# -- a parser of the regular-expression syntax, as far as match starts need it ---------------------------
# A parsed pattern is a list of items: ("lit", char), ("set", source of a one-character pattern),
# ("zero",) for an assertion that consumes nothing, ("any",) for ".", ("group", [alternatives]) and
# ("rep", min, max, item).

_CLASS_ESCAPES = set("dDwWsS")
_ZERO_ESCAPES = set("bBAZ")
_CHAR_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_REPEAT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


@dataclass
class _Parser:
    src: str
    pos: int = 0

    def peek(self, n: int = 1) -> str:
        return self.src[self.pos:self.pos + n]

    def alternatives(self) -> list[list[tuple]]:
        """``a|b|c`` up to the end of the pattern or the group's ``)``."""
        alts = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            alts.append(self.sequence())
        return alts

    def sequence(self) -> list[tuple]:
        items: list[tuple] = []
        while self.pos < len(self.src) and self.peek() not in "|)":
            atom = self.atom()
            rep = self.repeat()
            if rep is not None:
                if atom[0] == "zero":
                    raise Unknown("a repeated assertion")
                atom = ("rep", rep[0], rep[1], atom)
            items.append(atom)
        return items

    def repeat(self) -> tuple[int, int] | None:
        c = self.peek()
        if c in ("?", "*", "+"):
            self.pos += 1
            bounds = {"?": (0, 1), "*": (0, MANY), "+": (1, MANY)}[c]
        elif c == "{":
            m = _REPEAT.match(self.src, self.pos)
            if not m or (m.group(1) == "" and m.group(2) is None):
                raise Unknown("a brace that is not a repeat")  # re reads it as a literal: not worth following
            self.pos = m.end()
            lo = int(m.group(1) or 0)
            hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else MANY)
            bounds = (lo, hi)
        else:
            return None
        if self.peek() in ("?", "+"):  # lazy or possessive: the same texts, matched otherwise
            self.pos += 1
        if self.peek() in ("?", "*", "+", "{"):
            raise Unknown("a repeat of a repeat")
        return bounds

    def atom(self) -> tuple:
        c = self.peek()
        if c == "(":
            return self.group()
        if c == "[":
            return ("set", self.char_class())
        if c == "\\":
            return self.escape()
        if c == ".":
            self.pos += 1
            return ("any",)
        if c in ("^", "$"):
            self.pos += 1
            return ("zero",)
        if c in ("*", "+", "?", "{"):
            raise Unknown("nothing to repeat")
        self.pos += 1
        return ("lit", c)

    def escape(self) -> tuple:
        c = self.src[self.pos + 1:self.pos + 2]
        if not c:
            raise Unknown("a trailing backslash")
        self.pos += 2
        if c in _CLASS_ESCAPES:
            return ("set", "\\" + c)
        if c in _ZERO_ESCAPES:
            return ("zero",)
        if c in _CHAR_ESCAPES:
            return ("lit", _CHAR_ESCAPES[c])
        if c.isascii() and c.isalnum():  # back-references, \x.., \u...., \N{...}: not followed
            raise Unknown(f"escape \\{c}")
        return ("lit", c)

    def char_class(self) -> str:
        """The source of a ``[...]`` class, which compiles on its own to the same one-character pattern."""
        start = self.pos
        i = self.pos + 1
        if self.src[i:i + 1] == "^":
            i += 1
        if self.src[i:i + 1] == "]":  # a "]" first is a literal
            i += 1
        while i < len(self.src) and self.src[i] != "]":
            if self.src[i] == "\\":
                i += 1
            elif self.src[i] == "[":
                raise Unknown("a nested '[' (a possible set operation)")
            i += 1
        if i >= len(self.src):
            raise Unknown("an unterminated class")
        self.pos = i + 1
        return self.src[start:self.pos]

    def group(self) -> tuple:
        self.pos += 1
        zero = False
        if self.peek() == "?":
            head = self.peek(4)
            if head.startswith(("?:", "?>")):  # not capturing; atomic (its matches start where it starts)
                self.pos += 2
            elif head.startswith(("?=", "?!")):
                self.pos += 2
                zero = True
            elif head.startswith(("?<=", "?<!")):
                self.pos += 3
                zero = True
            elif head.startswith("?P<"):
                end = self.src.find(">", self.pos)
                if end < 0:
                    raise Unknown("an unterminated group name")
                self.pos = end + 1
            else:  # inline flags, comments, conditionals, back-references by name
                raise Unknown(f"group ({head}")
        alts = self.alternatives()
        if self.peek() != ")":
            raise Unknown("an unbalanced parenthesis")
        self.pos += 1
        return ("zero",) if zero else ("group", alts)


def _parse(pattern: str) -> list[tuple]:
    p = _Parser(pattern)
    alts = p.alternatives()
    if p.pos != len(pattern):
        raise Unknown("an unbalanced parenthesis")
    return [("group", alts)]


# -- what every match starts with ---------------------------------------------------------------------------


def _is_space(item: tuple) -> bool:
    """``\\s`` or ``\\s+``: in text whose only white space is " " and "\\n", one of those two comes next."""
    if item[0] == "rep" and item[1] >= 1:
        item = item[3]
    return item[0] == "set" and item[1] in ("\\s", "[\\s]")


def _seq_starts(seq: list[tuple], flags: int, cap: int = PREFIX_CAP) -> list[Start] | None:
    """What any match of the parsed sequence ``seq`` starts with (literals of at most ``cap`` characters or
    one-character patterns), or None when that cannot be told (it may match the empty string, starts with
    ``.``, …)."""
    i = 0
    while i < len(seq) and seq[i][0] == "zero":  # zero-width: the match starts at what follows
        i += 1
    if i == len(seq):
        return None
    item = seq[i]
    rest = seq[i + 1:]
    kind = item[0]
    if kind == "lit":
        chars = []
        while i < len(seq) and seq[i][0] == "lit" and len(chars) < cap:
            chars.append(seq[i][1])
            i += 1
        prefix = "".join(chars)
        if len(prefix) >= cap or i == len(seq):
            return [prefix]
        if _is_space(seq[i]):  # "on\s+": "on " or "on\n"
            return [prefix + " ", prefix + "\n"]
        more = _seq_starts(seq[i:], flags, cap - len(prefix))  # "n(?:o|ot)\s": "no ", "not " …
        if more is None or len(more) > MAX_STARTS or not all(isinstance(m, str) for m in more):
            return [prefix]
        return [prefix + m for m in more if isinstance(m, str)]
    if kind == "group":  # a group occurs once: each alternative's text is followed by the rest
        out: list[Start] = []
        for alt in item[1]:
            got = _seq_starts(alt + rest, flags, cap)
            if got is None:
                return None
            out += got
        return out
    if kind == "rep":
        lo, item_ = item[1], item[3]
        first = _seq_starts([item_], flags, cap)  # not joined with the rest: the item may repeat
        if first is None:
            return None
        if lo >= 1:
            return first
        after = _seq_starts(rest, flags, cap)
        return None if after is None else first + after
    if kind == "set":
        return [re.compile(item[1], flags)]
    return None


@cache
def match_starts(pattern: re.Pattern[str]) -> tuple[tuple[Start, ...] | None, bool]:
    """What every match of ``pattern`` starts with (None: unknown), and whether that relies on plain spaces
    (a start ending in " " or "\\n", see ``OTHER_SPACE``)."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None, False
    try:
        got = _seq_starts(_parse(pattern.pattern), pattern.flags & (re.ASCII | re.UNICODE | re.DOTALL))
    except (Unknown, RecursionError, re.error):
        return None, False
    if got is None:
        return None, False
    return tuple(dict.fromkeys(got)), any(isinstance(s, str) and (" " in s or "\n" in s) for s in got)


# -- finding them -------------------------------------------------------------------------------------------


@cache
def _literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def _occurrences(start: Start, text: str) -> list[int]:
    """Every position where ``start`` (a literal or a one-character pattern) occurs, overlaps included."""
    if isinstance(start, str):
        out, find, i = [], text.find, text.find(start)
        while i >= 0 and len(out) < FREQUENT:
            out.append(i)
            i = find(start, i + 1)
        if i < 0 or any(start[:k] == start[-k:] for k in range(1, len(start))):  # done, or may overlap itself
            while i >= 0:
                out.append(i)
                i = find(start, i + 1)
            return out
        return out + [m.start() for m in _literal(start).finditer(text, i)]  # many: the engine lists them faster
    return [m.start() for m in start.finditer(text)]


class CueSearch:
    """The matches of cue patterns over one text; what one pattern looked up serves the next."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain = not OTHER_SPACE.search(text)  # white space only " " and "\n"
        self._seen: dict[Start, list[int]] = {}  # match start -> where it occurs in the text

    def _where(self, start: Start) -> list[int]:
        """``_occurrences``, with long literals found among the occurrences of their first KEY characters
        (one scan of the text serves every start sharing those characters)."""
        seen = self._seen
        got = seen.get(start)
        if got is None:
            if not isinstance(start, str) or len(start) <= KEY:
                got = _occurrences(start, self.text)
            else:
                key = start[:KEY]
                if key not in seen:
                    seen[key] = _occurrences(key, self.text)
                starts_with = self.text.startswith
                got = [p for p in seen[key] if starts_with(start, p)]
            seen[start] = got
        return got

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text)``, trying the pattern only where a match can start."""
        text = self.text
        starts, spaced = match_starts(pattern)
        if starts is None or (spaced and not self.plain):
            yield from pattern.finditer(text)
            return
        lists: list[list[int]] = []
        total = 0
        for st in starts:
            lists.append(self._where(st))
            total += len(lists[-1])
            if total * DENSE > len(text):  # a match may start almost anywhere: let the engine scan
                yield from pattern.finditer(text)
                return
        candidates = sorted(set().union(*lists)) if len(lists) > 1 else lists[0]
        match, pos = pattern.match, 0
        for c in candidates:
            if c < pos:
                continue
            m = match(text, c)
            if m:
                yield m
                pos = m.end() if m.end() > c else c + 1


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` by way of its match starts (one text, one pattern: see ``CueSearch``)."""
    return CueSearch(text).finditer(pattern)
