"""Find normalized values in clause text: durations, money, percentages, payment terms."""

from __future__ import annotations

import re

from extractors.model import Clause, Document, Fact

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-five": 45, "forty five": 45, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}
_NUM = r"(?:(?P<word>" + "|".join(sorted((re.escape(k) for k in WORD_NUMBERS), key=len, reverse=True)) + r")" \
       r"(?:\s*\((?P<paren>\d+)\))?|(?P<digits>\d+(?:\.\d+)?))"
DURATION = re.compile(
    r"(?<![\w$€£])" + _NUM + r"[\s-]+(?P<basis>business|working|calendar)?\s*(?P<unit>hour|day|week|month|year)s?\b",
    re.IGNORECASE,
)
MONEY = re.compile(
    r"(?P<cur>[$€£]|USD|EUR|GBP)\s?(?P<amount>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<mult>million|thousand|k)\b)?",
    re.IGNORECASE,
)
PERCENT = re.compile(r"(?P<amount>\d+(?:\.\d+)?)\s?(?:%|percent\b)", re.IGNORECASE)
NET = re.compile(r"\bnet\s*(?P<days>\d{1,3})\b", re.IGNORECASE)
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}
UNIT_PLURAL = {"hour": "hours", "day": "days", "week": "weeks", "month": "months", "year": "years"}


def _amount(m: re.Match[str]) -> float | None:
    if m.group("paren"):
        return float(m.group("paren"))
    if m.group("digits"):
        return float(m.group("digits"))
    word = (m.group("word") or "").lower()
    return float(WORD_NUMBERS[word]) if word in WORD_NUMBERS else None


def normalized_duration(amount: float, unit: str) -> str:
    n = int(amount) if amount == int(amount) else amount
    return f"{n} {unit if n == 1 else UNIT_PLURAL[unit]}"


def facts_in(doc: Document, clause: Clause) -> list[Fact]:
    out: list[Fact] = []
    topic = clause.topics[0] if clause.topics else ""
    base = clause.start + (doc.text[clause.start:clause.end].find(clause.text) if clause.text else 0)

    def span(m: re.Match[str]):
        spans = doc.spans(base + m.start(), base + m.end())
        return spans[0] if spans else None

    for m in DURATION.finditer(clause.text):
        amount = _amount(m)
        if amount is None:
            continue
        unit = m.group("unit").lower()
        basis = (m.group("basis") or "").lower()
        value = {"amount": amount, "unit": unit, "business": basis in ("business", "working")}
        out.append(Fact("duration", topic, value, normalized_duration(amount, unit), m.group(0), span(m),
                        clause.id, base + m.start(), base + m.end()))
    for m in MONEY.finditer(clause.text):
        amount = float(m.group("amount").replace(",", ""))
        mult = (m.group("mult") or "").lower()
        amount *= {"million": 1e6, "thousand": 1e3, "k": 1e3}.get(mult, 1)
        cur = CURRENCIES.get(m.group("cur"), m.group("cur").upper())
        out.append(Fact("money", topic, {"amount": amount, "currency": cur}, f"{cur} {amount:,.2f}",
                        m.group(0), span(m), clause.id, base + m.start(), base + m.end()))
    for m in PERCENT.finditer(clause.text):
        amount = float(m.group("amount"))
        out.append(Fact("percent", topic, {"amount": amount}, f"{m.group('amount')}%", m.group(0), span(m),
                        clause.id, base + m.start(), base + m.end()))
    for m in NET.finditer(clause.text):
        days = int(m.group("days"))
        out.append(Fact("payment_terms", "payment.terms", {"days": days, "trigger": "invoice"},
                        f"{days} days", m.group(0), span(m), clause.id, base + m.start(), base + m.end()))
    return out


def extract_facts(doc: Document, clauses: tuple[Clause, ...]) -> tuple[Fact, ...]:
    facts: list[Fact] = []
    for clause in clauses:
        facts.extend(facts_in(doc, clause))
    return tuple(facts)
