"""The start-guided cue search finds exactly the matches of plain ``re.finditer``: on made-up patterns and
texts, and with every topic rule on the corpus documents (a sample in the default suite, all of them with
``-m corpus_full``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import topics
from extractors.clauses import split_clauses
from extractors.cue_search import CueSearch, match_starts
from extractors.pdf import read_document

TRICKY = [
    r"renew(?:al|ed|s)?\s+(?:for\s+)?(?:an?\s+)?(?:additional|successive)",
    r"(?:limited|limit)\s+to\s+(?:the\s+)?(?:amount|fees|\$|[\w\-]+\s+\()",
    r"n(?:o|ot)\s+later",
    r"\bab+c?|x{2,3}y|z{,2}q",
    r"(?<=a)bc|(?<!x)cd",
    r"(?=ab)a\w|b(?!c)",
    r"[^\W\d]+ed\b",
    r"\d{1,3}\s*%|[$€£]\s?\d",
    r"(?P<n>ab|ba)a*",
    r"a?b?c",
    r"(?:a|)b",
    r"(?>ab|a)c",
    r"a++b|c*+d",
    r"[]a]b|[^]]c",
    r"\.\-\(x\)",
    r"a\nb|\tc",
]
UNKNOWN = [r"(?i)ab", r"(?i:ab)c", r"(a)\1", r".ab", r"a*", r"x|", r"(?#c)ab", r"a{", r"\x41b", r"[a[]b"]


@pytest.mark.parametrize("pattern", UNKNOWN)
def test_what_the_parser_does_not_follow_is_scanned_in_full(pattern: str) -> None:
    assert match_starts(re.compile(pattern)) == (None, False)


def test_starts_are_literals_where_they_can_be() -> None:
    starts, spaced = match_starts(re.compile(r"n(?:o|ot)\s+later|\brenew"))
    assert starts == ("no ", "no\n", "not ", "not\n", "renew") and spaced


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TRICKY), st.text(alphabet="abcdxyzq edlimtorenwsuacfph\n\t%$€1234567890.-()\\]\xa0",
                                        max_size=120))
def test_matches_are_those_of_finditer(pattern: str, text: str) -> None:
    rx = re.compile(pattern)
    assert [m.span() for m in CueSearch(text).finditer(rx)] == [m.span() for m in rx.finditer(text)]


def _same_as_finditer(doc) -> list[str]:
    """Rules whose matches differ from plain finditer over the lower-cased joined clause text, and over a copy
    with tabs and no-break spaces (which must take the plain path for starts that end in a space)."""
    texts = [c.text for c in split_clauses(doc)]
    low = topics._lower(topics.CLAUSE_GAP.join(" ".join(t.split()) for t in texts))
    odd = low.replace(" ", "\t", 50).replace(" ", "\u00a0", 50)
    bad = []
    for text in (low, odd):
        search = CueSearch(text)
        for rule in topics.rules():
            if [m.span() for m in search.finditer(rule.cue)] != [m.span() for m in rule.cue.finditer(text)]:
                bad.append(f"{Path(doc.path).name}: {rule.topic}")
    return bad


def _pdfs(corpus: Path) -> list[Path]:
    return sorted((corpus / "cuad-dev" / "pdf").iterdir())


def test_every_rule_matches_as_finditer_on_corpus_documents(corpus: Path) -> None:
    pdfs = _pdfs(corpus)
    sample = pdfs[::40]  # ten contracts spread over the corpus
    bad = [b for p in sample for b in _same_as_finditer(read_document(p, tables=False))]
    assert bad == []


@pytest.mark.corpus_full
def test_every_rule_matches_as_finditer_on_the_whole_corpus(corpus: Path) -> None:
    bad = []
    for p in _pdfs(corpus):
        try:
            doc = read_document(p, tables=False)
        except Exception:  # a file the reader refuses has no text to match
            continue
        bad += _same_as_finditer(doc)
    assert bad == []
