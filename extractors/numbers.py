"""Numbers and durations in contract wording: "thirty (30) days", "two business days", "one-year", "quarterly".

Contracts write numbers as words, digits, or both ("ninety (90) days"); when both are given the digits win,
because the words are the part typists get wrong. All word lists live in resources/extract/number_words.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import resources

UNIT_PLURAL = {"minute": "minutes", "hour": "hours", "day": "days", "week": "weeks", "month": "months",
               "year": "years"}
DAYS_PER = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}
# A number right after one of these is a reference ("Section 30", "Exhibit 2"), not an amount.
REFERENCE_WORDS = re.compile(
    r"(?:section|sections|article|clause|clauses|§|paragraph|para\.|exhibit|schedule|annex|appendix|item|part|"
    r"no\.|number|rule|form|page|pages)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time found at text[start:end]."""

    amount: float
    unit: str  # minute | hour | day | week | month | year
    business: bool
    start: int
    end: int
    recurring: bool = False  # "quarterly", "year to year": a period that repeats

    @property
    def days(self) -> float:
        return self.amount * DAYS_PER[self.unit]

    @property
    def normalized(self) -> str:
        return normalized_duration(self.amount, self.unit)


def _words() -> dict:
    return resources.load_toml("extract", "number_words.toml")


@cache
def word_values() -> dict[str, int]:
    w = _words()
    return {**w["ones"], **w["tens"], **w["scales"]}


def _alt(words) -> str:
    return "|".join(re.escape(x) for x in sorted(words, key=len, reverse=True))


@cache
def number_pattern() -> str:
    """Regex (no groups) for a number as words, digits, or both ("thirty (30)", "30 (thirty)")."""
    w = _words()
    ones, tens = _alt(w["ones"]), _alt(w["tens"])
    small = rf"(?:(?:{tens})(?:[\s-]+(?:{ones}))?|(?:{ones}))"
    words = rf"(?:{small}(?:\s+hundred(?:\s+(?:and\s+)?{small})?)?)"
    digits = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    return (rf"(?:\b{words}\b(?:\s*\(\s*{digits}\s*\))?"
            rf"|(?<![\w.,]){digits}(?:\s*\(\s*{words}\s*\))?"
            rf"|\(\s*{digits}\s*\))")


def parse_number(text: str) -> float | None:
    """The value of a number written as words and/or digits; digits in brackets win."""
    digits = re.findall(r"\d[\d,]*(?:\.\d+)?", text)
    if digits:
        try:
            return float(digits[0].replace(",", ""))
        except ValueError:
            return None
    values = word_values()
    total, current = 0, 0
    for token in re.findall(r"[a-z]+", text.lower()):
        if token == "and":
            continue
        if token not in values:
            return None
        v = values[token]
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return float(total + current) if (total or current or "zero" in text.lower()) else None


@cache
def _duration_re() -> re.Pattern[str]:
    w = _words()
    units = _alt(w["units"])
    basis = _alt(w["basis"])
    articles = _alt(w["articles"])
    num = number_pattern()
    return re.compile(
        rf"(?P<num>{num}|\b(?:{articles})(?=\s+(?:(?:additional|further|initial|renewal|full|single|{basis})\s+)?"
        rf"(?:{units})\b))"
        rf"(?:\s*-\s*|\s+)?(?:(?P<basis>{basis})[\s-]+|(?:additional|further|initial|renewal|full|single)\s+)?"
        rf"(?P<unit>{units})(?![\w-]*\w)(?:['’]s?|s['’])?",
        re.IGNORECASE,
    )


@cache
def _frequency_re() -> re.Pattern[str]:
    w = _words()
    words = list(w["frequencies"]) + list(w["successive"]) + list(w["recurring"])
    return re.compile(rf"\b(?:from\s+)?(?P<word>{_alt(words)})\b", re.IGNORECASE)


def _is_reference(text: str, start: int) -> bool:
    return bool(REFERENCE_WORDS.search(text[max(0, start - 12):start]))


_FREQ_HINT = re.compile(r"\bto\b|each|every|half")  # "year to year", "each month", "half a year"


def find_words(lower: str, words: Sequence[str], plural: bool = False,
               prefix: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each whole-word occurrence of ``words`` in lower-cased text (str.find, no regex).

    Scanning a long contract with one big regex alternation costs ~0.1 s; finding the rare anchor words
    first and running the detailed pattern only around them keeps facts well under that. With ``prefix``
    a word may continue ("month" finds "months", "monthly") and the span covers the whole word.
    """
    out: list[tuple[int, int]] = []
    n = len(lower)
    for word in words:
        i = lower.find(word)
        while i >= 0:
            end = i + len(word)
            if plural and end < n and lower[end] == "s":
                end += 1
            if prefix:
                while end < n and lower[end].isalnum():
                    end += 1
            starts_ok = i == 0 or not word[0].isalnum() or not lower[i - 1].isalnum()
            ends_ok = end >= n or not word[-1].isalnum() or not lower[end].isalnum()
            if starts_ok and ends_ok:
                out.append((i, end))
            i = lower.find(word, i + 1)
    out.sort()
    return out


def windows(text: str, pattern: re.Pattern[str], anchors: list[tuple[int, int]], before: int,
            after: int) -> list[re.Match[str]]:
    """Matches of ``pattern`` that overlap an anchor, searched only near the anchors; overlaps keep the longest."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for a, b in anchors:
        for m in pattern.finditer(text, max(0, a - before), min(len(text), b + after)):
            if m.start() < b and a < m.end():
                found[m.span()] = m
    out: list[re.Match[str]] = []
    for span in sorted(found, key=lambda sp: (sp[0], -sp[1])):
        if out and span[0] < out[-1].end():
            if span[1] - span[0] > out[-1].end() - out[-1].start():
                out[-1] = found[span]
            continue
        out.append(found[span])
    return out


def find_durations(text: str, lower: str | None = None) -> list[Duration]:
    """Every duration in ``text`` with its offsets, in order (numbers, articles and frequency words)."""
    w = _words()
    lower = text.lower() if lower is None else lower
    out: list[Duration] = []
    units = _unit_anchors(lower)
    for m in windows(text, _duration_re(), units, 64, 2):
        raw = m.group("num")
        article = raw.lower() in w["articles"]
        amount = 1.0 if article else parse_number(raw)
        if amount is None or amount <= 0:
            continue
        if not article and _is_reference(text, m.start()):
            continue
        unit = w["units"][m.group("unit").lower()]
        if unit == "year" and 1900 <= amount <= 2100:
            continue  # "the 2005 year": a calendar year, not a length
        if unit == "quarter":
            amount, unit = amount * 3, "month"
        basis = (m.group("basis") or "").lower()
        out.append(Duration(amount, unit, bool(w["basis"].get(basis, False)), m.start(), m.end()))
    successive = {_key(k): v for k, v in (*w["successive"].items(), *w["recurring"].items())}
    plain = set(w["units"])
    maybe = [(a, b) for a, b in units if lower[a:b] not in plain or _FREQ_HINT.search(lower, max(0, a - 8), b + 8)]
    for m in windows(text, _frequency_re(), maybe, 16, 16):
        word = _key(m.group("word"))
        amount, unit = successive.get(word) or w["frequencies"][m.group("word").lower()]
        if word in successive:  # "a year to year basis", "half a year": the phrase wins over "a year"
            out = [d for d in out if not (d.start < m.end() and m.start() < d.end)]
        elif any(d.start < m.end() and m.start() < d.end for d in out):
            continue
        out.append(Duration(float(amount), unit, False, m.start(), m.end(), recurring=True))
    out.sort(key=lambda d: d.start)
    return out


def _unit_anchors(lower: str) -> list[tuple[int, int]]:
    """Where a time word stands: long unit words as stems ("month" -> "months", "monthly"), short ones whole."""
    w = _words()
    stems = w["anchors"]["stems"]
    exact = [u for u in w["units"] if not any(u.startswith(s) for s in stems)]
    return sorted(find_words(lower, stems, prefix=True) + find_words(lower, exact))


def _key(word: str) -> str:
    return " ".join(word.lower().replace("-", " ").split())


def normalized_duration(amount: float, unit: str) -> str:
    """The CLI's normalized form: '<n> <unit>s' ('1 year', '90 days', '4 hours'); 1.5 stays 1.5."""
    n: float | int = int(amount) if float(amount).is_integer() else round(amount, 2)
    return f"{n} {unit if n == 1 else UNIT_PLURAL[unit]}"
