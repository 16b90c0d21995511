"""Money, percentages and dates in contract text ("USD 1,200.00", "€ 950 per month", "99.9%", "March 1, 2005").

A figure is money only when a currency is written beside it: "1,000 units" is a count, not a price.
Currencies, multipliers, price periods and month names are data in resources/extract/units.toml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import resources
from extractors.numbers import find_words, number_pattern, parse_number, windows


@dataclass(frozen=True, slots=True)
class Amount:
    """A money, percent or date value found at text[start:end]."""

    kind: str  # money | percent | date
    value: dict[str, Any] = field(hash=False)
    normalized: str
    start: int
    end: int


def _units() -> dict:
    return resources.load_toml("extract", "units.toml")


def _alt(words) -> str:
    return "|".join(re.escape(x) for x in sorted(words, key=len, reverse=True))


@cache
def _money_re() -> re.Pattern[str]:
    u = _units()
    before = _alt(list(u["currency_before"]) + list(u["currency_codes"]))
    after = _alt(list(u["currency_codes"]) + list(u["currency_names"]))
    number = r"\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?![\d,.]\d)"
    mult = _alt(u["multipliers"])
    period = (rf"(?:\s*(?:per|a|an|each|/)\s*(?P<period>{_alt(u['periods'])})s?\b"
              rf"|\s+(?P<adverb>{_alt(u['period_adverbs'])})\b)?")
    return re.compile(
        rf"(?:(?<![\w$€£¥])(?P<cur>{before})\s?(?P<amount>{number})(?:\s*(?P<mult>{mult})\b)?"
        rf"(?:\s*(?P<code>{_alt(u['currency_codes'])})\b)?"
        rf"|(?<![\w.,])(?P<amount2>{number})(?:\s*(?P<mult2>{mult})\b)?\s*(?P<cur2>{after})\b)" + period,
        re.IGNORECASE,
    )


def parse_amount(text: str) -> float:
    """'1,200.00' -> 1200.0, '1.500,00' -> 1500.0, '1.2' -> 1.2, "1'000" -> 1000.0."""
    t = text.replace(" ", "").replace("'", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{1,2}", t):  # European: dots group, comma decimals
        return float(t.replace(".", "").replace(",", "."))
    return float(t.replace(",", ""))


def _years(lower: str) -> list[tuple[int, int]]:
    """Where a four-digit 19xx/20xx year stands alone: every date form we read carries one."""
    out: list[tuple[int, int]] = []
    n = len(lower)
    for century in ("19", "20"):
        i = lower.find(century)
        while i >= 0:
            if i + 4 <= n and lower[i + 2:i + 4].isdigit() and (i == 0 or not lower[i - 1].isdigit()) and (
                    i + 4 == n or not lower[i + 4].isdigit()):
                out.append((i, i + 4))
            i = lower.find(century, i + 1)
    return out


@cache
def _dollar_names() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """The bare dollar's spellings ("$", "dollars"); a regex of the spellings that name one dollar currency by
    themselves ("Canadian dollars", "C$5"), for lower-cased text; and one of the dollar codes beside an amount or
    after "in" ("$55 CAD", "CAD 5,000", "payable in AUD"), for the original text (in capitals: not "CAD drawings")."""
    u = _units()
    dollars = {v for k, v in u["currency_before"].items() if "$" in k}
    bare = frozenset(k for k, v in (*u["currency_before"].items(), *u["currency_names"].items())
                     if v == "USD" and k in ("$", "dollar", "dollars"))
    names = [k for k, v in u["currency_names"].items() if v in dollars and k not in bare]
    symbols = [k for k, v in u["currency_before"].items() if v in dollars and k not in bare]
    codes = _alt(k.upper() for k, v in u["currency_codes"].items() if v in dollars)
    spelled = re.compile(rf"(?<![\w$])(?:{_alt(names)})(?![\w$])|(?<![\w$])(?:{_alt(symbols)})(?=\s?\d)")
    coded = re.compile(rf"(?:\d\s?|\bin\s)(?P<after>{codes})\b|\b(?P<before>{codes})\s?\$?\s?\d")
    return bare, spelled, coded


def _document_dollar(text: str, lower: str) -> str:
    """The one dollar currency a document names ("fees are in CAD", "$55 CAD per hour"), or "" when it names
    none or several: a bare "$" then means that currency, not US dollars."""
    _bare, spelled, coded = _dollar_names()
    u = _units()
    table = {**u["currency_names"], **u["currency_codes"], **u["currency_before"]}
    found = {table[m.group(0)] for m in spelled.finditer(lower)}
    found |= {table[(m.group("after") or m.group("before")).lower()] for m in coded.finditer(text)}
    return found.pop() if len(found) == 1 else ""


def find_money(text: str, lower: str | None = None) -> list[Amount]:
    """Amounts with a currency written beside them. A bare "$" is US dollars unless the document names exactly
    one other dollar (a Canadian contract with "$55 CAD per hour" means CAD by "$175 per month" too)."""
    u = _units()
    lower = text.lower() if lower is None else lower
    symbols = [k for k in u["currency_before"] if len(k) == 1]  # "us$", "aus $" are found through "$"
    words = [k for k in (*u["currency_before"], *u["currency_codes"], *u["currency_names"])
             if k.isalpha() or k.endswith(".")]
    anchors = sorted(find_words(lower, symbols) + find_words(lower, words, plural=True))
    out: list[Amount] = []
    local_dollar: str | None = None  # looked up once, on the first bare "$"
    for m in windows(text, _money_re(), anchors, 30, 60):
        raw = m.group("amount") or m.group("amount2")
        try:
            amount = parse_amount(raw)
        except ValueError:
            continue
        mult = (m.group("mult") or m.group("mult2") or "").lower()
        amount *= u["multipliers"].get(mult, 1)
        code = (m.group("code") or "").lower()
        cur = (m.group("cur") or m.group("cur2") or "").lower()
        currency = (u["currency_codes"].get(code) or u["currency_before"].get(cur) or u["currency_codes"].get(cur)
                    or u["currency_names"].get(cur, cur.upper()))
        if not code and cur in _dollar_names()[0]:
            if local_dollar is None:
                local_dollar = _document_dollar(text, lower)
            currency = local_dollar or currency
        period = u["periods"].get((m.group("period") or "").lower()) or u["period_adverbs"].get(
            (m.group("adverb") or "").lower(), "")
        value: dict[str, Any] = {"amount": amount, "currency": currency}
        norm = f"{currency} {amount:,.2f}"
        if period:
            value["per"] = period
            norm += f" per {period}"
        out.append(Amount("money", value, norm, m.start(), m.end()))
    return out


@cache
def _percent_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<num>{number_pattern()})\s*(?:%|percent\b|per\s+cent\b)(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?",
        re.IGNORECASE,
    )


def find_percents(text: str, lower: str | None = None) -> list[Amount]:
    lower = text.lower() if lower is None else lower
    out: list[Amount] = []
    for m in windows(text, _percent_re(), find_words(lower, ["%", "percent", "per cent"]), 70, 20):
        paren = re.search(r"\(\s*(\d+(?:\.\d+)?)\s*%\s*\)\s*$", m.group(0))
        amount = float(paren.group(1)) if paren else parse_number(m.group("num"))
        if amount is None:
            continue
        n: float | int = int(amount) if amount.is_integer() else amount
        out.append(Amount("percent", {"amount": amount}, f"{n}%", m.start(), m.end()))
    return out


@cache
def _date_re() -> re.Pattern[str]:
    months = _alt(_units()["months"])
    day = r"(?P<d{i}>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y{i}>(?:19|20)\d\d)"
    mon = rf"(?P<m{{i}}>{months})\.?"
    forms = [
        rf"\b{mon}\s+{day},?\s+{year}\b",                       # March 1, 2005
        rf"\b{day}(?:\s+day\s+of)?\s+{mon},?\s+{year}\b",       # 1 March 2005, 1st day of March, 2005
        r"\b(?P<y{i}>(?:19|20)\d\d)-(?P<m{i}>[01]\d)-(?P<d{i}>[0-3]\d)\b",  # 2005-03-01
        r"\b(?P<m{i}>[01]?\d)/(?P<d{i}>[0-3]?\d)/(?P<y{i}>(?:19|20)\d\d)\b",  # 03/01/2005 (US order)
    ]
    return re.compile("|".join(f.replace("{i}", str(i)).replace("{{i}}", str(i)) for i, f in enumerate(forms)),
                      re.IGNORECASE)


def find_dates(text: str, lower: str | None = None) -> list[Amount]:
    months = _units()["months"]
    lower = text.lower() if lower is None else lower
    out: list[Amount] = []
    anchors = _years(lower) + [(a - 1, b + 1) for a, b in find_words(lower, ["/", "-"])
                               if a > 0 and b < len(lower) and lower[a - 1].isdigit() and lower[b].isdigit()]
    for m in windows(text, _date_re(), sorted(anchors), 40, 12):
        g = {k[0]: v for k, v in m.groupdict().items() if v}
        mon = g["m"].lower().rstrip(".")
        month = int(mon) if mon.isdigit() else months.get(mon, 0)
        day, year = int(g["d"]), int(g["y"])
        if month > 12 and day <= 12:  # 25/03/2005: day first
            month, day = day, month
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        out.append(Amount("date", {"date": date.isoformat()}, date.isoformat(), m.start(), m.end()))
    return out
