"""Facts: normalized values with the topic they belong to, read from the sentence around them.

A number's meaning comes from its sentence, not from the clause it sits in: in "renews for successive
one-year terms unless either party gives ninety (90) days' notice" the first duration is a renewal period
and the second a notice period. So facts are found over the whole text once, and each is given a role
(renewal, notice, initial term, payment terms, response target, availability, warranty, support hours) and a topic from
cues in resources/extract/fact_cues.toml. ``value["weight"]`` says how sure the role is, so
``extractors.values`` can pick one principal value per topic.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import resources
from extractors.amounts import Amount, find_dates, find_money, find_percents
from extractors.hours import find_hours
from extractors.model import Clause, Document, Fact, Span
from extractors.numbers import Duration, find_durations, find_words, normalized_duration, windows
from extractors.price_tables import price_cells
from extractors.table_facts import table_facts

SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z0-9(\"“‘])|\n[ \t]*\n")
NET = re.compile(r"\bnet\s*-?\s*(?P<days>\d{1,3})\b(?!\s*(?:%|percent|sales|revenue|income|profit|amount|of\b))",
                 re.IGNORECASE)
MAX_SENTENCE = 1500


@cache
def cues() -> dict[str, re.Pattern[str]]:
    """The role cues, compiled once."""
    data = resources.load_toml("extract", "fact_cues.toml")
    return {k: re.compile(v) for k, v in data["roles"].items() if isinstance(v, str)}  # on lower-cased text


@cache
def topic_cues() -> list[tuple[str, re.Pattern[str]]]:
    data = resources.load_toml("extract", "fact_cues.toml")
    return [(k, re.compile(v)) for k, v in data["topics"].items()]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; over-long runs (tables, lists) are cut at line breaks."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        _add_sentence(text, start, m.start() + (text[m.start()] in ".!?"), out)
        start = m.end()
    _add_sentence(text, start, len(text), out)
    return out


def _add_sentence(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while end - start > MAX_SENTENCE:
        cut = text.rfind("\n", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))


@dataclass
class _Found:
    """A fact before it is tied to a clause and a box."""

    kind: str
    topic: str
    value: dict[str, Any]
    normalized: str
    start: int
    end: int


@dataclass
class _Sentence:
    start: int
    end: int
    text: str  # lower-cased: cues are lower case
    _hits: dict[str, re.Match[str] | None]
    before: str = ""  # the lower-cased text just before the sentence ("It renews ..." after "The Agreement ...")

    def cue(self, name: str) -> re.Match[str] | None:
        if name not in self._hits:
            self._hits[name] = cues()[name].search(self.text)
        return self._hits[name]


def _duration_value(d: Duration, role: str, weight: float) -> dict[str, Any]:
    value: dict[str, Any] = {"amount": d.amount, "unit": d.unit, "business": d.business}
    if d.recurring:
        value["recurring"] = True
    if role:
        value["role"] = role
        value["weight"] = round(weight, 2)
    return value


def _is_notice(s: _Sentence, d: Duration) -> bool:
    after = s.text[d.end - s.start:d.end - s.start + 80]
    before = s.text[max(0, d.start - s.start - 60):d.start - s.start]
    if cues()["notice_after"].match(after) or cues()["notice_before"].search(before):
        return True
    return bool(s.cue("notice") and cues()["notice_lead"].search(before))


def _renewal_facts(s: _Sentence, durations: list[Duration], out: list[_Found]) -> set[int]:
    """Renewal periods, notice periods and initial terms in one sentence; returns the durations used."""
    used: set[int] = set()
    renew = _renewal_cue(s)
    perpetual = s.cue("perpetual")
    term_words = s.cue("agreement")
    base = 0.0
    if renew:
        base = 1.0 + 2.0 * bool(s.cue("renewal_strong")) + bool(re.search(r"automatic", s.text))
    cue_at = s.start + renew.start() if renew else None
    notice_weight = 0.0
    if s.cue("notice") or s.cue("term_end"):
        notice_weight = (1.0 + 3.0 * bool(base) + 2.0 * bool(s.cue("stop_renewal")) + 1.0 * bool(s.cue("term_end"))
                         + 2.0 * bool(perpetual and term_words) - 3.0 * bool(s.cue("cure"))
                         + 1.5 * bool(s.cue("convenience") and "terminat" in s.text)
                         + 2.0 * bool(s.cue("before_term_end"))
                         + 2.0 * bool(not base and cues()["renewal"].search(s.before[-120:]))  # "Such notice must ..."
                         - 3.0 * bool(s.cue("renew_request") or s.cue("notice_not")))
    found_period = False
    for i, d in enumerate(durations):
        if _is_notice(s, d):
            if notice_weight > 0 and d.unit in ("day", "week", "month", "year") and not d.recurring:
                out.append(_Found("duration", "term.notice", _duration_value(d, "notice", notice_weight),
                                  d.normalized, d.start, d.end))
                used.add(i)
            continue
        if _renewal_period(s, d, base, cue_at):
            weight = base - 0.5 * found_period
            out.append(_Found("duration", "term.renewal", _duration_value(d, "renewal", weight),
                              d.normalized, d.start, d.end))
            found_period = True
            used.add(i)
            continue
        first = cue_at is None or d.start < cue_at or _lead(s, d, r"initial\s+(?:term|period)|original\s+term")
        if s.cue("initial_term") and first and d.unit in ("month", "year", "day") and not s.cue("warranty") \
                and not _option_or_deadline(s, d):
            weight = 1.0 + bool(re.search(r"\b(?:this|the)\s+agreement\b|initial\s+term", s.text)) - bool(
                s.cue("warranty") or s.cue("cure"))
            out.append(_Found("duration", "term.expiration", _duration_value(d, "initial_term", weight),
                              d.normalized, d.start, d.end))
            used.add(i)
    if renew and not found_period and s.cue("same_length"):
        m = s.cue("same_length")
        assert m is not None
        out.append(_Found("renewal", "term.renewal", {"same_as_initial": True, "role": "renewal", "weight": base},
                          "", s.start + m.start(), s.start + m.end()))
    if perpetual and term_words and not found_period and (renew or s.cue("initial_term") or "thereafter" in
                                                           s.text.lower()):
        weight = 1.5 + 1.0 * bool(cues()["open_ended"].search(s.text))  # "thereafter ... until terminated"
        out.append(_Found("renewal", "term.renewal", {"perpetual": True, "role": "renewal", "weight": weight},
                          "perpetual", s.start + perpetual.start(), s.start + perpetual.end()))
    return used


def _option_or_deadline(s: _Sentence, d: Duration) -> bool:
    """An option period ("two one-year option periods", "the option period of performance is one year") or a
    deadline ("within 30 days after the end of the period of performance") is not the agreement's term."""
    after = s.text[d.end - s.start:d.end - s.start + 30]
    before = s.text[max(0, d.start - s.start - 60):d.start - s.start]
    return bool(re.match(r"[\s-]*option\s+(?:period|year|term)", after)
                or re.search(r"\boption(?:al)?\s+(?:period|year|term)s?\b[^.;]{0,30}$", before)
                or re.search(r"\b(?:within|no\s+later\s+than|not\s+later\s+than)\s+$", before))


def _renewal_cue(s: _Sentence) -> re.Match[str] | None:
    """The first renewal word whose subject is the agreement or its term ("this Agreement shall renew")."""
    if s.cue("renewal_other") and not s.cue("renewal_strong"):
        return None
    agreement = cues()["agreement"]
    if not (s.cue("agreement") or agreement.search(s.before)):
        return None
    for m in cues()["renewal"].finditer(s.text):
        if not m.group(0).startswith("exten") or agreement.search(s.text, max(0, m.start() - 90), m.start()) or \
                agreement.search(s.text, m.end(), m.end() + 40):
            return m
    return None


def _renewal_period(s: _Sentence, d: Duration, base: float, cue_at: int | None) -> bool:
    """Is ``d`` the length of a renewal: after the renewal cue (or led by 'successive'), not a deadline?"""
    if not base or cue_at is None or d.unit not in ("day", "week", "month", "year") or d.business:
        return False
    after_cue = d.start >= cue_at or (d.recurring and d.end >= cue_at - 1)  # "automatic annual renewals"
    if _lead(s, d, r"within|initial\s+(?:term|period)|original\s+term"):
        return False  # a deadline, or the first term
    if cues()["after_term"].match(s.text, d.end - s.start):
        return False  # "for one (1) year following the expiration": a tail after the term
    return after_cue or _lead(s, d, r"successive|additional|renewal")


def _lead(s: _Sentence, d: Duration, words: str) -> bool:
    before = s.text[max(0, d.start - s.start - 40):d.start - s.start]
    return bool(re.search(rf"\b(?:{words})\b\W*(?:\w+\W+){{0,3}}$", before, re.IGNORECASE))


def _payment_facts(s: _Sentence, durations: list[Duration], used: set[int], out: list[_Found]) -> None:
    if not s.cue("payment"):
        return
    for i, d in enumerate(durations):
        if i in used or d.unit not in ("day", "month") or d.recurring or d.amount > 180:
            continue
        after = s.text[d.end - s.start:d.end - s.start + 90]
        before = s.text[max(0, d.start - s.start - 30):d.start - s.start]
        trig = cues()["payment_trigger"].match(after)
        lead = cues()["payment_lead"].search(before)
        if not (trig or lead) or (_is_notice(s, d) and not trig):
            continue
        a, b = d.start - s.start, d.end - s.start
        window = s.text[max(0, a - 120):b + 120]
        said = {m.group(0) for m in cues()["payment"].finditer(window)}
        if not said:
            continue  # the payment word is elsewhere in a long sentence
        if said == {"due"} and not cues()["money_word"].search(window):
            continue  # only "due" (a deliverable's due date), no money in sight
        trigger = _trigger(trig.group("trigger") if trig else "")
        weight = (1.0 + {"invoice": 3.0, "receipt": 2.0, "period_end": 2.0}.get(trigger, 0.0) + 1.0 * bool(lead)
                  + 0.5 * ("invoice" in s.text))
        near = s.text[max(0, a - 70):a]
        pays = cues()["pay_verb"].search(near)
        weight += 1.0 * bool(pays) - 2.0 * bool(cues()["invoice_verb"].search(near) and not pays)
        weight -= 3.0 * bool(s.cue("cure") or s.cue("stop_renewal"))
        if weight <= 0:
            continue
        days = d.days if d.unit == "day" else round(d.days)
        value = {"days": int(days) if float(days).is_integer() else days, "business": d.business,
                 "trigger": trigger, "role": "payment", "weight": weight}
        out.append(_Found("payment_terms", "payment.terms", value, normalized_duration(days, "day"), d.start, d.end))
        used.add(i)


def _trigger(word: str) -> str:
    word = word.lower()
    if "invoice" in word or word in ("bill", "statement"):
        return "invoice"
    if word == "receipt":
        return "receipt"
    return "period_end" if word else ""


def _response_facts(s: _Sentence, durations: list[Duration], used: set[int], out: list[_Found]) -> None:
    """Response / resolution targets; a table row ("Very High (1) 30 minutes 1 day") reads its header above."""
    prefix = s.before[-200:]
    ctx, k = prefix + s.text, len(prefix)
    response = cues()["response"]
    row = len(s.text) < 100  # a short line: the column header is the context
    if not response.search(ctx) or not cues()["response_context"].search(ctx if row else s.text):
        return
    sev = cues()["severity"]
    for i, d in enumerate(durations):
        if i in used or d.recurring or d.days > 31 or _is_notice(s, d):
            continue
        a, b = d.start - s.start + k, d.end - s.start + k
        lo = 0 if row else max(0, a - 80)
        if cues()["response_not"].search(ctx, max(lo, a - 80), b + 40):
            continue  # an invoice, cure or notice deadline beside a response word
        if not (response.search(ctx, lo, a) or cues()["response_after"].match(ctx, b)):
            continue  # the response word belongs to another part of the sentence
        if re.search(r"\b(?:after|every|each|per)\s+$", ctx[max(0, a - 12):a]):
            continue  # "checked again after 30 minutes": a wait, not a target
        soft = bool(cues()["target_soft"].search(ctx, max(0, a - 40), a))
        value = _duration_value(d, "response", 1.0 + bool(sev.search(s.text)) - 0.5 * soft)
        if soft:
            value["soft"] = True
        near = [m for m in sev.finditer(ctx, lo, a)]
        if near:
            value["severity"] = near[-1].group(0)
        out.append(_Found("duration", "support.response", value, d.normalized, d.start, d.end))
        used.add(i)


def _warranty_facts(s: _Sentence, durations: list[Duration], used: set[int], out: list[_Found]) -> None:
    if not s.cue("warranty"):
        return
    for i, d in enumerate(durations):
        if i in used or d.recurring or _is_notice(s, d) or d.unit not in ("day", "week", "month", "year"):
            continue
        a, b = d.start - s.start, d.end - s.start
        lo, hi = max(0, a - 250), b + 100
        if not cues()["warranty"].search(s.text, lo, hi) or cues()["warranty_not"].search(s.text, max(0, a - 80),
                                                                                          b + 25):
            continue  # the warranty word is about something else, or the number is a deadline or an age
        weight = 1.0 + bool(cues()["warranty_period"].search(s.text, lo, hi))
        out.append(_Found("duration", "warranty", _duration_value(d, "warranty", weight), d.normalized,
                          d.start, d.end))
        used.add(i)


def _topic_of(s: _Sentence | None, start: int, end: int) -> str:
    """The topic the words near a fact speak to (within its sentence, at most ~150 characters away).

    The nearest cue wins ("the fee is €1,000 ... & expenses at cost" is a fee); at equal distance the more
    specific topic, earlier in fact_cues.toml, wins ("a late fee of $50" is late payment).
    """
    if s is None:
        return ""
    lo = max(0, start - s.start - 150)
    near = s.text[lo:end - s.start + 150]
    a, b = start - s.start - lo, end - s.start - lo  # the fact's place within ``near``
    best: tuple[tuple[int, int], str] | None = None
    for rank, (topic, pattern) in enumerate(topic_cues()):
        for m in pattern.finditer(near):
            gap = a - m.end() if m.end() <= a else (m.start() - b if m.start() >= b else 0)
            if best is None or (gap, rank) < best[0]:
                best = ((gap, rank), topic)
    return best[1] if best else ""


def _hours_facts(text: str, lower: str, sentence_of: Callable[[int], _Sentence | None],
                 bounds: list[tuple[int, int]], starts: list[int], out: list[_Found]) -> list[tuple[int, int]]:
    """Support hours and maintenance windows ("Mon–Fri 09:00–17:00 CET", "24/7"); returns where they are."""

    def sentence_span(offset: int) -> tuple[int, int]:
        k = bisect_right(starts, offset) - 1
        return bounds[k] if k >= 0 else (0, 0)

    spans = []
    maintenance = dict(topic_cues())["sla.maintenance"]
    for w in find_hours(text, sentence_span, lower):
        s = sentence_of(w.start)
        if s is not None and maintenance.search(s.text):
            topic, role = "sla.maintenance", "maintenance_window"  # "Scheduled Downtime ... is Sundays 2-6 a.m."
        elif s is not None and s.cue("hours_context"):
            topic, role = "support.hours", "hours"
        else:
            topic, role = _topic_of(s, w.start, w.end), ""
        weight = 1.0 + bool(w.value["days"]) + bool(w.value["zone"]) + (role == "hours")
        out.append(_Found("hours", topic, {**w.value, "role": role, "weight": weight}, w.normalized, w.start, w.end))
        spans.append((w.start, w.end))
    return spans


def find_facts(text: str) -> list[_Found]:
    """Every fact in ``text`` with its role and topic (clause topics not yet applied)."""
    bounds = sentences(text)
    lower = text.lower()
    starts = [b[0] for b in bounds]
    cache_: dict[int, _Sentence] = {}

    def sentence_of(offset: int) -> _Sentence | None:
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return None
        if k not in cache_:
            a, b = bounds[k]
            cache_[k] = _Sentence(a, b, lower[a:b], {}, lower[max(0, a - 250):a])
        return cache_[k]

    out: list[_Found] = []
    clock = _hours_facts(text, lower, sentence_of, bounds, starts, out)
    by_sentence: dict[int, list[Duration]] = {}
    for d in find_durations(text, lower):
        s = sentence_of(d.start)
        if s is not None and not any(a < d.end and d.start < b for a, b in clock):  # "24 hours a day" is no delay
            by_sentence.setdefault(s.start, []).append(d)
    open_ended = resources.load_toml("extract", "fact_cues.toml")["roles"]["perpetual_anchors"]
    for a, _ in find_words(lower, open_ended):
        s = sentence_of(a)
        if s is not None:
            by_sentence.setdefault(s.start, [])
    for key, ds in sorted(by_sentence.items()):
        s = sentence_of(key)
        assert s is not None
        used = _renewal_facts(s, ds, out)
        _payment_facts(s, ds, used, out)
        _response_facts(s, ds, used, out)
        _warranty_facts(s, ds, used, out)
        for i, d in enumerate(ds):
            if i not in used:
                out.append(_Found("duration", _topic_of(s, d.start, d.end), _duration_value(d, "", 0), d.normalized,
                                  d.start, d.end))
    paid = [(f.start, f.end) for f in out if f.kind == "payment_terms"]
    for m in windows(text, NET, find_words(lower, ["net"]), 0, 8):
        days = int(m.group("days"))
        if any(a < m.end() and m.start() < b for a, b in paid):
            continue
        out.append(_Found("payment_terms", "payment.terms",
                          {"days": days, "business": False, "trigger": "invoice", "role": "payment", "weight": 5.0},
                          f"{days} days", m.start(), m.end()))
    for m in windows(text, cues()["due_on_receipt"], find_words(lower, ["receipt"]), 40, 0):
        out.append(_Found("payment_terms", "payment.terms",
                          {"days": 0, "business": False, "trigger": "receipt", "role": "payment", "weight": 2.0},
                          "0 days", m.start(), m.end()))
    for a in find_percents(text, lower):
        s = sentence_of(a.start)
        if s is not None and 80 <= a.value["amount"] <= 100 and cues()["availability"].search(
                s.text, max(0, a.start - s.start - 160), a.end - s.start + 60):
            value = {**a.value, "role": "availability", "weight": 1.0 + (a.value["amount"] >= 95)}
            out.append(_Found("percent", "sla.availability", value, a.normalized, a.start, a.end))
        else:
            out.append(_amount_fact(a, _topic_of(s, a.start, a.end)))
    for a in find_money(text, lower):
        out.append(_amount_fact(a, _topic_of(sentence_of(a.start), a.start, a.end)))
    for a in find_dates(text, lower):
        s = sentence_of(a.start)
        if s is not None and s.cue("agreement") and cues()["expiry_date"].search(
                s.text, max(0, a.start - s.start - 60), a.start - s.start):
            value = {**a.value, "role": "initial_term", "weight": 0.5}  # "shall expire on December 31, 2034"
            out.append(_Found("date", "term.expiration", value, a.normalized, a.start, a.end))
        else:
            out.append(_amount_fact(a, ""))  # a date's topic is its clause's
    _resolve_same_length(out)
    out.sort(key=lambda f: (f.start, f.end))
    return out


def _resolve_same_length(out: list[_Found]) -> None:
    """A renewal 'for terms of the same duration' takes the initial term's length."""
    initial = [f for f in out if f.value.get("role") == "initial_term"]
    for f in out:
        if f.value.get("same_as_initial") and initial:
            best = max(initial, key=lambda x: (x.value.get("weight", 0), -x.start))
            f.normalized = best.normalized
            f.value.update({k: best.value[k] for k in ("amount", "unit") if k in best.value})


def _amount_fact(a: Amount, topic: str) -> _Found:
    return _Found(a.kind, topic, dict(a.value), a.normalized, a.start, a.end)


def extract_facts(doc: Document, clauses: Sequence[Clause]) -> tuple[Fact, ...]:
    """All facts of a document, each tied to its clause and its box on the page."""
    ordered = sorted(clauses, key=lambda c: (c.start, -c.end))
    starts = [c.start for c in ordered]
    out: list[Fact] = []
    for f in _with_table_facts(find_facts(doc.text), doc):
        clause = _clause_at(ordered, starts, f.start)
        topic = f.topic or (clause.topics[0] if clause and clause.topics else "")
        spans = doc.spans(f.start, f.end)
        span: Span | None = spans[0] if spans else None
        out.append(Fact(f.kind, topic, f.value, f.normalized, doc.text[f.start:f.end], span,
                        clause.id if clause else "", f.start, f.end))
    return tuple(out)


def _with_table_facts(found: list[_Found], doc: Document) -> list[_Found]:
    """Targets read from response-time matrices replace what the text alone made of the same cells (the table
    knows the row's severity and whether the column is the response or the resolution); amounts in a price list
    learn the item they price, its quantity and whether they are a unit price or a total."""
    found = _with_price_lists(found, doc)
    table = [_Found("duration", "support.response", t.value, t.normalized, t.start, t.end) for t in table_facts(doc)]
    if not table:
        return found
    taken = [(t.start, t.end) for t in table]
    kept = [f for f in found if f.kind != "duration" or not any(a < f.end and f.start < b for a, b in taken)]
    return sorted([*kept, *table], key=lambda f: (f.start, f.end))


FEE_TOPICS = ("fees", "fees.support", "expenses")


def _with_price_lists(found: list[_Found], doc: Document) -> list[_Found]:
    cells = list(price_cells(doc))
    if not cells:
        return found
    money = sorted((f for f in found if f.kind == "money"), key=lambda f: f.start)
    starts = [f.start for f in money]
    added: list[_Found] = []
    for cell in cells:
        k = bisect_right(starts, cell.end) - 1
        inside = [f for f in money[max(0, k - 3):k + 1] if cell.start <= f.start and f.end <= cell.end]
        for f in inside:
            f.value.update(cell.info)
            f.topic = f.topic if f.topic in FEE_TOPICS else "fees"
        if not inside and cell.money is not None:
            m = cell.money
            added.append(_Found("money", "fees", {**m, **cell.info}, f"{m['currency']} {m['amount']:,.2f}",
                                cell.start, cell.end))
    return sorted([*found, *added], key=lambda f: (f.start, f.end)) if added else found


def _clause_at(ordered: list[Clause], starts: list[int], offset: int) -> Clause | None:
    k = bisect_right(starts, offset) - 1
    for j in range(k, max(-1, k - 8), -1):
        if ordered[j].start <= offset < ordered[j].end:
            return ordered[j]
    return None
