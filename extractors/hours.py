"""When support is available: clock-time windows with their days and time zone ("Monday through Friday,
9:00 a.m. to 5:00 p.m. Eastern Time" -> "Mon–Fri 09:00–17:00 Eastern Time") and round-the-clock cover
("24 hours a day, seven days a week" -> "24/7").

A window needs clock times a reader cannot mistake: a colon or "h" with minutes ("9:00", "8h00"), a.m./p.m.,
"hours" after a 24-hour time ("0800-1700 hours"), zero-padded dot times ("09.00-17.00", never beside money or
a version number) or noon/midnight. "From 9 to 5" and "sections 5.30 to 6.00" are not read. The days and the
time zone are the phrases nearest to the window in its sentence (days after "other than" / "except" never
count). Day names, day sets, zones and the exclusion words are data in resources/extract/hours.toml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import resources
from extractors.numbers import find_words, windows

NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class HoursWindow:
    """Support hours found at text[start:end]: ``value`` holds days, from, to (HH:MM), zone and all_day."""

    value: dict[str, Any] = field(hash=False)
    normalized: str
    start: int
    end: int


def _time(tag: str) -> str:
    """One side of a window; ``tag`` ("1" or "2") keeps the two sides' groups apart in one pattern."""
    return (rf"(?:(?P<hhmm{tag}>(?:[01]\d|2[0-4])[0-5]\d)(?P<hhs{tag}>\s*(?:hours|hrs|h)\b)?"
            rf"|(?P<h{tag}>2[0-4]|[01]?\d)(?!\d)(?:(?P<sep{tag}>[:.h])(?P<m{tag}>[0-5]\d))?"
            rf"(?:\s*(?P<ap{tag}>[ap]\.?\s?m\b\.?))?(?:\s*(?P<hrs{tag}>hours|hrs)\b)?"
            rf"(?:\s*(?P<named{tag}>noon|midnight)\b)?"
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
        # a window starts at its first time (a digit or noon/midnight), so the scan skips text fast
        "range": re.compile(
            rf"(?<![\d.,:/]){_time('1')}(?:,?\s*(?:{zone})\s*,?)?"
            rf"\s*(?P<joint>-|–|—|‒|−|to|until|till|through|thru|and)\s*{_time('2')}(?![\d.,:/]\d)",
            re.IGNORECASE),
        "all_day": re.compile(p["all_day"], re.IGNORECASE),
        "day": re.compile(day),
        "day_list": re.compile(rf"{day}(?:\s*(?:,|and|&|or)\s*{day})+"),
        "day_range": re.compile(rf"(?P<a>{day}){p['day_range_joint']}(?P<b>{day})"),
        "day_sets": re.compile(p["day_sets"], re.IGNORECASE),
        "every_day": re.compile(p["every_day"], re.IGNORECASE),
        "zone": re.compile(zone),
        "between": re.compile(r"\bbetween(?:\s+the)?(?:\s+hours\s+of)?\s*$", re.IGNORECASE),
        "excluded": re.compile(p["excluded"], re.IGNORECASE),
        "not_round": re.compile(p["not_round"], re.IGNORECASE),
        "not_dot_time": re.compile(p["not_dot_time"], re.IGNORECASE),
    }


@cache
def _day_names() -> dict[str, str]:
    """Day names as written (lower case) and abbreviations (as capitalised) -> the sheet's short form."""
    return {**{k.lower(): v for k, v in _data()["days"].items()}, **_data()["abbreviations"]}


def _clock(m: re.Match[str], tag: str, other: str) -> str | None:
    """HH:MM for one side of a range (``other`` is the other side's tag), or None when the figure is not
    plainly a clock time."""
    g = m.groupdict()
    start = tag == "1"
    if g[f"word{tag}"]:
        word = g[f"word{tag}"].lower()
        return "12:00" if word in ("noon", "midday") else ("00:00" if start else "24:00")
    if g[f"hhmm{tag}"]:
        if not (g[f"hhs{tag}"] or g[f"hhs{other}"] or g[f"hrs{other}"]):
            return None  # "2024-2025": years, unless "hours" says these are times ("0800-1700 hours")
        hhmm = g[f"hhmm{tag}"]
        hour, minute = int(hhmm[:2]), int(hhmm[2:])
        return f"{hour:02d}:{minute:02d}" if hour < 24 or minute == 0 else None
    hour, minute = int(g[f"h{tag}"]), int(g[f"m{tag}"] or 0)
    if g[f"named{tag}"] and hour == 12 and not minute:  # "12:00 midnight", "12 noon"
        if g[f"named{tag}"].lower() == "noon":
            return "12:00"
        return "00:00" if start else "24:00"
    ap = (g[f"ap{tag}"] or "").lower()[:1]
    sep = g[f"sep{tag}"]
    padded_dots = sep == "." and len(g[f"h{tag}"]) == 2 and g[f"sep{other}"] == "." and len(g[f"h{other}"] or "") == 2
    if not ap and not g[f"hrs{tag}"] and sep not in (":", "h") and not padded_dots:
        return None  # "9 to 5", "5.30 to 6.00": a count or a section number as much as a time ("09.00-17.00" is one)
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if ap == "p" else 0)
    if hour == 24 and minute:
        return None
    return f"{hour:02d}:{minute:02d}"


def _meridiem(m: re.Match[str], start: str, end: str) -> tuple[str, str]:
    """Times written without a.m./p.m. on one or both sides: "1:00-2:00 p.m." is 13:00–14:00 (the second side's
    p.m. is the first's too, when that keeps the window in order); "9:00 to 5:00" is 09:00–17:00."""
    h1 = m.group("h1")
    if m.group("ap2") and not m.group("ap1") and not m.group("named1") and h1 and int(h1) <= 12:
        later = f"{(int(h1) % 12) + (12 if m.group('ap2').lower().startswith('p') else 0):02d}:{start[3:]}"
        if later < end:
            start = later
    elif not m.group("ap1") and not m.group("ap2") and m.group("sep1") == ":" and m.group("sep2") == ":" \
            and end < start and int(end[:2]) < 12 and int(start[:2]) <= 12:
        end = f"{int(end[:2]) + 12:02d}:{end[3:]}"
    return start, end


def _nearest(found: list[tuple[int, int, str]], text: str, lo: int, hi: int) -> str:
    """The candidate (start, end, label) nearest to text[lo:hi]: on the same line before anything on another
    line, and before the window before after it at the same distance."""
    best: tuple[tuple[int, int, int], str] | None = None
    for a, b, label in found:
        if b <= lo:
            gap, side, between = lo - b, 0, text[b:lo]
        elif a >= hi:
            gap, side, between = a - hi, 1, text[hi:a]
        else:
            gap, side, between = 0, 0, ""
        key = ("\n" in between, gap, side)
        if best is None or key < best[0]:
            best = (key, label)
    return best[1] if best else ""


def _days(sentence: str, lo: int, hi: int) -> str:
    """The days a window at sentence[lo:hi] applies to: the day phrase nearest to it ("Mon–Fri", "Sun",
    "Sat, Sun", "business days", "every day"); "on Sundays 02:00–06:00 CET with 5 business days' notice" is
    "Sun", and days after "other than" / "except" / "excluding" are never the window's."""
    pats = _patterns()
    short = _day_names()

    def name(word: str) -> str:
        word = word.rstrip(".")
        return short.get(word) or short.get(word.lower()) or short.get(word.lower().rstrip("s"), "")

    def kept(m: re.Match[str]) -> bool:
        return not pats["excluded"].search(sentence, max(0, m.start() - 40), m.start())

    found: list[tuple[int, int, str]] = []
    covered: list[tuple[int, int]] = []
    for m in pats["day_range"].finditer(sentence):
        covered.append(m.span())
        if kept(m):
            found.append((m.start(), m.end(), f"{name(m.group('a'))}–{name(m.group('b'))}"))
    for m in pats["day_list"].finditer(sentence):
        if not any(a <= m.start() < b for a, b in covered):
            covered.append(m.span())
            if kept(m):
                names = dict.fromkeys(name(d.group(0)) for d in pats["day"].finditer(m.group(0)))
                found.append((m.start(), m.end(), ", ".join(n for n in names if n)))
    for m in pats["day"].finditer(sentence):
        if name(m.group(0)) and kept(m) and not any(a <= m.start() < b for a, b in covered):
            found.append((m.start(), m.end(), name(m.group(0))))
    for key in ("every_day", "day_sets"):
        for m in pats[key].finditer(sentence):
            if kept(m):
                found.append((m.start(), m.end(), "every day" if key == "every_day"
                              else " ".join(m.group(0).lower().split())))
    return _nearest(found, sentence, lo, hi)


def _zone(sentence: str, lo: int, hi: int) -> str:
    found = [(m.start(), m.end(), " ".join(m.group(0).split())) for m in _patterns()["zone"].finditer(sentence)]
    return _nearest(found, sentence, lo, hi)


def normalized(value: dict[str, Any]) -> str:
    """The window as the sheet prints it: "Mon–Fri 09:00–17:00 Eastern Time", "24/7", "24 hours, Mon–Fri",
    "24 hours a day" (no days stated)."""
    days, zone = value.get("days", ""), value.get("zone", "")
    if value.get("all_day"):
        return {"": "24 hours a day", "every day": "24/7"}.get(days, f"24 hours, {days}")
    return " ".join(x for x in (days, f"{value['from']}–{value['to']}", zone) if x)


def _clock_anchors(text: str, lower: str) -> list[tuple[int, int]]:
    """Where a clock time may be: a digit, a colon or dot, two digits ("9:00", "09.00"), "8h00", a.m./p.m.,
    "hours", noon and midnight. Found with str.find, so the window pattern runs only near them (a regex scan
    of every character of a 100-page contract costs more than all the other facts)."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for sep in (":", ".", "h"):
        i = text.find(sep)
        while i >= 0:
            if 0 < i < n - 2 and text[i - 1].isdigit() and text[i + 1].isdigit() and text[i + 2].isdigit():
                out.append((i - 1, i + 3))
            i = text.find(sep, i + 1)
    for word in ("am", "pm"):  # "8am", "6pm": glued to the digit, so not whole words
        i = lower.find(word)
        while i >= 0:
            if i and lower[i - 1].isdigit():
                out.append((i - 1, i + 2))
            i = lower.find(word, i + 1)
    out += find_words(lower, ["am", "pm", "a.m", "p.m", "a. m", "p. m", "hours", "hrs", "noon", "midnight",
                              "midday"])
    out.sort()
    return out


def find_hours(text: str, sentence_of: Callable[[int], tuple[int, int]] | None = None,
               lower: str | None = None) -> list[HoursWindow]:
    """Every support-hours window in ``text``; ``sentence_of(offset)`` gives the (start, end) of the sentence
    holding an offset (where the days and zone are looked for), else 150 characters either side are used.
    A window after "excluding" / "except" / "other than" is a period left out, not support hours."""

    def around(start: int, end: int) -> tuple[str, int, int]:
        """The window's sentence and the next one, at most 150 characters past the window (a sentence splitter
        ends "5 p.m. (EST), Monday through Friday" at "p.m." as if it were a full stop), never past a blank
        line; with the window's place in it."""
        if sentence_of is None:
            a, b = max(0, start - 150), min(len(text), end + 150)
        else:
            a, b = sentence_of(start)
            nxt = NON_SPACE.search(text, b)  # where the next sentence starts
            if nxt is not None and b - end < 150:
                b = max(b, sentence_of(nxt.start())[1])
            b = min(max(b, end), end + 150)
        a = min(a, start)
        blank = text.find("\n\n", end, b)
        b = blank if blank >= 0 else b
        return text[a:b], start - a, end - a

    pats = _patterns()
    lower = text.lower() if lower is None else lower
    out: list[HoursWindow] = []
    taken: list[tuple[int, int]] = []
    for m in windows(text, pats["range"], _clock_anchors(text, lower), 70, 70):
        before = text[max(0, m.start() - 40):m.start()]
        if m.group("joint").lower() == "and" and not pats["between"].search(before):
            continue  # "9:00 and 17:00" only after "between"
        start, end = _clock(m, "1", "2"), _clock(m, "2", "1")
        if start is None or end is None:
            continue
        start, end = _meridiem(m, start, end)
        if start == end or pats["excluded"].search(before):
            continue
        if "." in (m.group("sep1"), m.group("sep2")) and (
                pats["not_dot_time"].search(before) or re.match(r"\s*(?:per\b|/|each\b)", text[m.end():m.end() + 8])):
            continue  # "EUR 10.00 to 15.00 per hour", "version 10.15 to 10.20"
        sentence, lo, hi = around(m.start(), m.end())
        value = {"days": _days(sentence, lo, hi), "from": start, "to": end, "zone": _zone(sentence, lo, hi),
                 "all_day": False}
        out.append(HoursWindow(value, normalized(value), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in windows(text, pats["all_day"], find_words(lower, ["24", "7x", "7 x", "7×", "twenty", "round", "around"],
                                                       prefix=True), 4, 60):
        if any(a < m.end() and m.start() < b for a, b in taken) or \
                pats["not_round"].search(text, max(0, m.start() - 20), m.start()):
            continue
        sentence, lo, hi = around(m.start(), m.end())
        week_round = re.match(r"(?:24\s*[/x×-]\s*7|7\s*[x×]\s*24)", m.group(0), re.IGNORECASE)
        weekdays = re.match(r"24\s*[/x×]\s*5", m.group(0), re.IGNORECASE)
        days = "every day" if week_round else "Mon–Fri" if weekdays else _days(sentence, lo, hi)
        value = {"days": days, "from": "", "to": "", "zone": "", "all_day": True}
        out.append(HoursWindow(value, normalized(value), m.start(), m.end()))
    out.sort(key=lambda w: w.start)
    return out
