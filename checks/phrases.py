"""Phrase matching on a token stream: exact, plus fuzzy for typos, without false friends.

Text is cut into word tokens once per document; dotted acronyms ("a.s.a.p.") collapse to one token ("asap"),
hyphens and slashes separate tokens ("error-free" = "error free", "24/7" = "24 7"). A phrase matches when its
tokens follow each other separated only by spaces, hyphens or slashes. Fuzzy matching is token-level: a document
token of at least `min_len` characters may stand for a phrase token at one edit (two from ten characters),
same first letter, and never when one is a prefix of the other ("immediate" is not a typo of "immediately").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

_TOKEN = re.compile(r"(?:[a-z]\.){2,}(?![a-z])|[a-z]\.[a-z](?![a-z])|\w+(?:['’]\w+)*|%|\+")
_TOKEN_ANY_CASE = re.compile(_TOKEN.pattern, re.IGNORECASE)
_GAP = re.compile(r"[\s\-/–—‐]*")


def canon(token: str) -> str:
    token = token.lower()
    return token.replace(".", "").replace("’", "'") if "." in token or "’" in token else token


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(canonical token, start, end) for every token of the text."""
    words, starts, ends = token_columns(text)
    return list(zip(words, starts, ends, strict=True))


def token_columns(text: str) -> tuple[list[str], list[int], list[int]]:
    """Canonical tokens with their start and end offsets, as three lists (fast: one findall, then str.find)."""
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lowered: keep offsets exact
        ms = list(_TOKEN_ANY_CASE.finditer(text))
        return [canon(m.group(0)) for m in ms], [m.start() for m in ms], [m.end() for m in ms]
    raw = _TOKEN.findall(low)
    starts: list[int] = []
    ends: list[int] = []
    find = low.find
    pos = 0
    for t in raw:  # between two tokens there is no word character, so find() lands on the token itself
        pos = find(t, pos)
        starts.append(pos)
        pos += len(t)
        ends.append(pos)
    words = [t.replace(".", "").replace("’", "'") if "." in t or "’" in t else t for t in raw]
    return words, starts, ends


@cache
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokenize(phrase))


@dataclass(frozen=True)
class PhraseHit:
    start: int
    end: int
    phrase: str
    fuzzy: bool


class TokenStream:
    """A document's tokens, shared by every phrase rule of one run."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words, self.starts, self.ends = token_columns(text)
        self.where: dict[str, list[int]] = {}  # token -> its indices
        where = self.where
        for i, t in enumerate(self.words):
            if t in where:
                where[t].append(i)
            else:
                where[t] = [i]
        self._fuzzy_cache: dict[tuple[frozenset[str], int], dict[str, str]] = {}

    def fuzzy_map(self, vocabulary: frozenset[str], min_len: int) -> dict[str, str]:
        """Document token -> the vocabulary token it is a typo of (only for tokens not already in it)."""
        key = (vocabulary, min_len)
        if key in self._fuzzy_cache:
            return self._fuzzy_cache[key]
        buckets: dict[str, list[str]] = {}
        for v in vocabulary:
            if len(v) >= min_len and v.isalpha():
                buckets.setdefault(v[0], []).append(v)
        out: dict[str, str] = {}
        for t in (t for t in self.where if len(t) >= min_len and t[0] in buckets):
            if t in vocabulary or not t.isalpha():
                continue
            for v in buckets[t[0]]:
                allowed = 2 if min(len(t), len(v)) >= 10 else 1
                if abs(len(t) - len(v)) > allowed or t.startswith(v) or v.startswith(t):
                    continue
                if OSA.distance(t, v, score_cutoff=allowed) <= allowed:
                    out[t] = v
                    break
        self._fuzzy_cache[key] = out
        return out

    def find(self, phrases: Iterable[str], fuzzy: bool = False, min_len: int = 6) -> Iterator[PhraseHit]:
        """Every non-overlapping occurrence of any phrase, longest phrase first at each position."""
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        vocab: set[str] = set()
        for p in phrases:
            toks = phrase_tokens(p)
            if toks:
                index.setdefault(toks[0], []).append((toks, p))
                vocab.update(toks)
        for entries in index.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)
        typo = self.fuzzy_map(frozenset(vocab), min_len) if fuzzy else {}
        firsts = set(index) | {t for t, v in typo.items() if v in index}
        starts = sorted(i for t in firsts for i in self.where.get(t, ()))
        words, starts_at, ends_at, text = self.words, self.starts, self.ends, self.text
        n = len(words)
        free = 0  # matches do not overlap
        for i in starts:
            if i < free:
                continue
            first = words[i]
            cands = index.get(first) or index.get(typo.get(first, ""), ())
            for toks, phrase in cands:
                k = len(toks)
                if i + k > n:
                    continue
                ok, used_fuzzy = True, False
                for j in range(k):
                    t = words[i + j]
                    if t != toks[j]:
                        if typo.get(t) == toks[j]:
                            used_fuzzy = True
                        else:
                            ok = False
                            break
                    if j and not _GAP.fullmatch(text, ends_at[i + j - 1], starts_at[i + j]):
                        ok = False
                        break
                if ok:
                    yield PhraseHit(starts_at[i], ends_at[i + k - 1], phrase, used_fuzzy)
                    free = i + k
                    break
