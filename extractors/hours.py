"""When support is available: clock-time windows with their days and time zone ("Monday through Friday,
9:00 a.m. to 5:00 p.m. Eastern Time" -> "Mon–Fri 09:00–17:00 Eastern Time") and round-the-clock cover
("24 hours a day, seven days a week" -> "24/7").

A window needs clock times a reader cannot mistake: a colon or "h" with minutes ("9:00", "8h00"), a.m./p.m.,
"hours" after a 24-hour time ("1800 hours") or noon/midnight. "From 9 to 5" and "sections 5.30 to 6.00" are
not read. Days and the time zone are looked for in the same sentence. Day names, day sets and zones are data
in resources/extract/hours.toml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import resources


@dataclass(frozen=True, slots=True)
class HoursWindow:
    """Support hours found at text[start:end]: ``value`` holds days, from, to (HH:MM), zone and all_day."""

    value: dict[str, Any] = field(hash=False)
    normalized: str
    start: int
    end: int


def _time(tag: str) -> str:
    return (rf"(?:(?P<h{tag}>2[0-4]|[01]?\d)(?!\d)(?:(?P<sep{tag}>[:.h])(?P<m{tag}>[0-5]\d))?"
            rf"(?:\s*(?P<ap{tag}>[ap]\.?\s?m\b\.?))?(?:\s*(?P<hrs{tag}>hours|hrs)\b)?"
            rf"(?:\s*(?P<named{tag}>noon|midnight)\b)?"
            rf"|(?P<hhmm{tag}>(?:[01]\d|2[0-4])[0-5]\d)\s*(?:hours|hrs|h)\b"
            rf"|(?P<word{tag}>noon|midday|midnight))")


@cache
def _data() -> dict:
    return resources.load_toml("extract", "hours.toml")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    p = _data()["patterns"]
    zone = p["zone"]
    day = (r"(?:\b(?i:" + "|".join(_data()["days"]) + r")s?\b|\b(?:"
           + "|".join(sorted(_data()["abbreviations"], key=len, reverse=True)) + r")\b\.?)")
    return {
        "range": re.compile(
            rf"(?<![\d.,:/])(?:(?P<lead>from|between(?:\s+the)?(?:\s+hours\s+of)?)\s*)?{_time('1')}(?:,?\s*(?:{zone})\s*,?)?"
            rf"\s*(?P<joint>-|–|—|to|until|till|through|thru|and)\s*{_time('2')}(?![\d.,:/]\d)",
            re.IGNORECASE),
        "all_day": re.compile(p["all_day"], re.IGNORECASE),
        "day": re.compile(day),
        "day_range": re.compile(rf"(?P<a>{day}){p['day_range_joint']}(?P<b>{day})"),
        "day_sets": re.compile(p["day_sets"], re.IGNORECASE),
        "every_day": re.compile(p["every_day"], re.IGNORECASE),
        "zone": re.compile(zone),
    }


def _clock(m: re.Match[str], tag: str) -> str | None:
    """HH:MM for one side of a range, or None when the figure is not plainly a clock time."""
    g = m.groupdict()
    if g[f"word{tag}"]:
        return "12:00" if g[f"word{tag}"].lower() in ("noon", "midday") else "24:00"
    if g[f"hhmm{tag}"]:
        hhmm = g[f"hhmm{tag}"]
        hour, minute = int(hhmm[:2]), int(hhmm[2:])
        return f"{hour:02d}:{minute:02d}" if hour < 24 or minute == 0 else None
    hour, minute = int(g[f"h{tag}"]), int(g[f"m{tag}"] or 0)
    if g[f"named{tag}"] and hour == 12 and not minute:  # "12:00 midnight", "12 noon"
        return "24:00" if g[f"named{tag}"].lower() == "midnight" else "12:00"
    ap = (g[f"ap{tag}"] or "").lower()[:1]
    sep = g[f"sep{tag}"]
    if not ap and not g[f"hrs{tag}"] and sep not in (":", "h"):
        return None  # "9 to 5", "5.30 to 6.00": a count or a section number as much as a time
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if ap == "p" else 0)
    if hour == 24 and minute:
        return None
    return f"{hour:02d}:{minute:02d}"


def _days(sentence: str, lo: int, hi: int) -> str:
    """The days a window at sentence[lo:hi] applies to: the day phrase nearest to it ("Mon–Fri", "Sun",
    "business days", "every day"); "on Sundays 02:00–06:00 CET with 5 business days' notice" is "Sun"."""
    pats = _patterns()
    short = {**{k.lower(): v for k, v in _data()["days"].items()}, **_data()["abbreviations"]}

    def name(word: str) -> str:
        word = word.rstrip(".")
        return short.get(word) or short.get(word.lower()) or short.get(word.lower().rstrip("s"), "")

    def gap(m: re.Match[str]) -> int:
        return lo - m.end() if m.end() <= lo else (m.start() - hi if m.start() >= hi else 0)

    found: list[tuple[int, str]] = []
    ranges = list(pats["day_range"].finditer(sentence))
    found += [(gap(m), f"{name(m.group('a'))}–{name(m.group('b'))}") for m in ranges]
    found += [(gap(m), "every day") for m in pats["every_day"].finditer(sentence)]
    found += [(gap(m), " ".join(m.group(0).lower().split())) for m in pats["day_sets"].finditer(sentence)]
    singles = [m for m in pats["day"].finditer(sentence)
               if name(m.group(0)) and not any(r.start() <= m.start() < r.end() for r in ranges)]
    if singles:
        names = ", ".join(dict.fromkeys(name(m.group(0)) for m in singles))
        found.append((min(gap(m) for m in singles), names))
    return min(found)[1] if found else ""


def _zone(sentence: str) -> str:
    m = _patterns()["zone"].search(sentence)
    return " ".join(m.group(0).split()) if m else ""


def normalized(value: dict[str, Any]) -> str:
    """The window as the sheet prints it: "Mon–Fri 09:00–17:00 Eastern Time", "24/7", "24 hours, Mon–Fri",
    "24 hours a day" (no days stated)."""
    days, zone = value.get("days", ""), value.get("zone", "")
    if value.get("all_day"):
        return {"": "24 hours a day", "every day": "24/7"}.get(days, f"24 hours, {days}")
    return " ".join(x for x in (days, f"{value['from']}–{value['to']}", zone) if x)


def find_hours(text: str, sentence_of: Callable[[int], tuple[int, int]] | None = None) -> list[HoursWindow]:
    """Every support-hours window in ``text``; ``sentence_of(offset)`` gives the (start, end) of the sentence
    holding an offset (where the days and zone are looked for), else 150 characters either side are used."""

    def around(start: int, end: int) -> tuple[str, int, int]:
        """The window's sentence, and 40 characters past the window (a sentence splitter ends "5 p.m. EST" at
        "p.m." as if it were a full stop), with the window's place in it."""
        a, b = sentence_of(start) if sentence_of else (max(0, start - 150), min(len(text), end + 150))
        a = min(a, start)
        return text[a:max(b, min(len(text), end + 40))], start - a, end - a

    pats = _patterns()
    out: list[HoursWindow] = []
    taken: list[tuple[int, int]] = []
    for m in pats["range"].finditer(text):
        if m.group("joint").lower() == "and" and not m.group("lead"):
            continue  # "9:00 and 17:00" only after "between"
        start, end = _clock(m, "1"), _clock(m, "2")
        if start is not None and end is not None and m.group("ap2") and not m.group("ap1") and m.group("h1"):
            # "1:00-2:00 p.m.": the second side's p.m. is the first's too, when that keeps the window in order
            later = f"{(int(m.group('h1')) % 12) + (12 if m.group('ap2').lower().startswith('p') else 0):02d}"
            if int(m.group("h1")) <= 12 and f"{later}:{start[3:]}" < end:
                start = f"{later}:{start[3:]}"
        if start is None or end is None or start == end:
            continue
        sentence, lo, hi = around(m.start(), m.end())
        value = {"days": _days(sentence, lo, hi), "from": start, "to": end, "zone": _zone(sentence),
                 "all_day": False}
        out.append(HoursWindow(value, normalized(value), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in pats["all_day"].finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        sentence, lo, hi = around(m.start(), m.end())
        week_round = re.match(r"(?:24\s*[/x×]\s*7|7\s*[x×]\s*24)", m.group(0), re.IGNORECASE)
        days = "every day" if week_round else _days(sentence, lo, hi)
        value = {"days": days, "from": "", "to": "", "zone": "", "all_day": True}
        out.append(HoursWindow(value, normalized(value), m.start(), m.end()))
    out.sort(key=lambda w: w.start)
    return out
