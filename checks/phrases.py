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

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|[A-Za-z]\.[A-Za-z](?![A-Za-z])|\w+(?:['’]\w+)*|%|\+")
_GAP = re.compile(r"[\s\-/–—‐]*")


def canon(token: str) -> str:
    return token.lower().replace(".", "").replace("’", "'")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(canonical token, start, end) for every token of the text."""
    return [(canon(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


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
        self.tokens = tokenize(text)
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
        for t in {t for t, _, _ in self.tokens if len(t) >= min_len and t[0] in buckets}:
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
        tokens, text = self.tokens, self.text
        n = len(tokens)
        i = 0
        while i < n:
            first = tokens[i][0]
            cands = index.get(first) or index.get(typo.get(first, ""))
            matched = False
            if cands:
                for toks, phrase in cands:
                    k = len(toks)
                    if i + k > n:
                        continue
                    ok, used_fuzzy = True, False
                    for j in range(k):
                        t = tokens[i + j][0]
                        if t != toks[j]:
                            if typo.get(t) == toks[j]:
                                used_fuzzy = True
                            else:
                                ok = False
                                break
                        if j and not _GAP.fullmatch(text, tokens[i + j - 1][2], tokens[i + j][1]):
                            ok = False
                            break
                    if ok:
                        yield PhraseHit(tokens[i][1], tokens[i + k - 1][2], phrase, used_fuzzy)
                        i += k
                        matched = True
                        break
            if not matched:
                i += 1
