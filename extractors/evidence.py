"""Evidence: for each topic, the sentences that state it, ranked, each with its value and frame.

The expectations sheet quotes one sentence per line, and a user checks the line against that sentence. A clause
that merely contains a topic's keyword is not evidence: a warehouse audit "during normal business hours" is not
support hours, "makes no warranty" is not a warranty, force majeure is not a dependence on a supplier. So the
candidates are sentences (tagged by the topic rules, holding a fact of the topic, or opening a clause whose
heading names it), and each is kept only when its statement frame (extractors.statements) fits the topic, as
resources/extract/evidence.toml says per topic. The value of a line comes from its own sentence only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import resources
from extractors.families import GENERAL
from extractors.model import Citation, Clause, Document, Fact, Statement
from extractors.numbers import find_durations
from extractors.sentences import sentence_bounds
from extractors.statements import StatementIndex
from extractors.topics import heading_topic, match_texts
from extractors.values import ROLE, principal_value

MAX_QUOTE = 600  # a "sentence" longer than this is a table or a list run together: quote its start
GOOD_STANCES = ("commitment", "statement")
ROLE_TOPIC = {role: topic for topic, role in ROLE.items()}  # a fact's role names the topic it states


@dataclass(frozen=True)
class TopicPolicy:
    families: frozenset[str]
    veto_families: frozenset[str]
    stances: frozenset[str]
    actors: frozenset[str]
    mention_families: frozenset[str]
    requires: re.Pattern[str] | None
    needs_fact: bool
    subjects: re.Pattern[str] | None


@cache
def _config() -> dict[str, Any]:
    return resources.load_toml("extract", "evidence.toml")


@cache
def policy(topic: str) -> TopicPolicy:
    conf = _config()
    base, own = conf["defaults"], conf.get("topic", {}).get(topic, {})
    requires, subjects = own.get("requires", ""), own.get("subjects", "")
    families = frozenset(own.get("families", base["families"]))
    vetoes = frozenset(own.get("veto_families", ())) | (frozenset(base.get("veto_families", ())) - families)
    return TopicPolicy(families, vetoes,
                       frozenset(own.get("stances", base["stances"])),
                       frozenset(own.get("actors", ())), frozenset(own.get("mention_families", ())),
                       re.compile(requires, re.IGNORECASE) if requires else None, bool(own.get("needs_fact")),
                       re.compile(subjects, re.IGNORECASE) if subjects else None)


@cache
def _stated_floors() -> dict[str, float]:
    """How sure a fact's role must be for the fact alone to state its topic (resources/extract/values.toml)."""
    return {k: float(v) for k, v in resources.load_toml("extract", "values.toml")["stated"].items()}


def _quote(text: str) -> str:
    quote = " ".join(text.split())
    return quote if len(quote) <= MAX_QUOTE else quote[:MAX_QUOTE - 1].rstrip() + "…"


def _frame_at(index: StatementIndex, start: int, end: int, cue_at: int) -> Statement | None:
    """The statement a candidate is judged by: the piece holding its cue, else its first substantial piece."""
    pieces = index.within(start, end)
    if not pieces:
        return None
    holding = next((st for st in pieces if st.start <= cue_at < st.end), None)
    if holding is not None and holding.stance != "fragment":
        return holding
    return next((st for st in pieces if st.stance != "fragment"), holding or pieces[0])


def _cue_offset(text: str, start: int, end: int, cue: str) -> int:
    """Where a cue (matched on whitespace-collapsed lower-case text) sits in the original sentence."""
    if not cue or cue.startswith("heading:"):
        return start
    words = [re.escape(w) for w in cue.lower().split()]
    m = re.search(r"\s+".join(words), text[start:end].lower()) if words else None
    return start + m.start() if m else start


def _sure_fact(topic: str, facts: list[Fact]) -> bool:
    """A fact of the topic's role, as sure as resources/extract/values.toml asks for the facts alone to state it."""
    role, floor = ROLE.get(topic), _stated_floors().get(topic, 99.0)
    return any(f.value.get("role") == role and f.value.get("weight", 0) >= floor for f in facts)


def _heading_like(sentence: str) -> bool:
    """A heading or a title line ("2. Payment Terms."): a few words, no figure, no verb-bearing clause."""
    words = sentence.split()
    return len(words) <= 8 and not re.search(r"\d{2,}|[$€£%]", sentence) and not sentence.rstrip().endswith((",", ";"))\
        and not re.search(r"\b(?:shall|will|must|may|is|are|means)\b", sentence, re.IGNORECASE)


def _value(topic: str, clause: Clause | None, facts: list[Fact], sentence: str, document: Document,
           valued: bool = False) -> str:
    """The topic's value as this sentence states it ('90 days', '99.9%'), or ''. A warranty's period is a fact
    of the warranty role, or the first duration of a sentence a ``valued`` warranty rule tagged."""
    if topic == "warranty":
        role = principal_value(topic, [clause] if clause else [], facts, document)
        if role or not valued:
            return role
        found = [d for d in find_durations(sentence) if not d.recurring]
        return found[0].normalized if found else ""
    if topic not in ROLE:
        return ""
    return principal_value(topic, [clause] if clause else [], facts, document)


def _bare(text: str) -> str:
    """Lower-case words only: "2. Payment Terms." and "2 Payment Terms" compare equal."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _heading_clauses(ordered: Sequence[Clause]) -> dict[str, Clause]:
    """For each clause, the clause whose heading it sits under: its own, or (a bare "(a)" item) its parent's."""
    out: dict[str, Clause] = {}
    stack: list[Clause] = []
    for clause in ordered:
        while stack and stack[-1].level >= clause.level:
            stack.pop()
        if clause.heading:
            out[clause.id] = clause
        elif stack and stack[-1].id in out:
            out[clause.id] = out[stack[-1].id]
        stack.append(clause)
    return out


def table_ranges(document: Document) -> list[tuple[int, int]]:
    """Where each ruled table's words sit in the text (start, end), in text order."""
    out = []
    for t in document.tables:
        x0, top, x1, bottom = t.bbox
        offsets = [(document.word_starts[i], document.word_starts[i] + len(w.text))
                   for i, w in enumerate(document.words)
                   if w.page == t.page and x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1 and top - 1 <= (w.top + w.bottom) / 2
                   <= bottom + 1]
        if offsets:
            out.append((min(s for s, _ in offsets), max(e for _, e in offsets)))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(out):  # a table that goes on over a page break is one table
        if merged and not document.text[merged[-1][1]:s].strip():
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def bounds_text_between(bounds: list[tuple[int, int]], k: int, at: int) -> bool:
    """Whether another sentence starts between sentence ``k`` and offset ``at``."""
    return k + 1 < len(bounds) and bounds[k + 1][0] < at


def _table_cite(text: str, bounds: list[tuple[int, int]], k: int,
                tables: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
    """For a sentence inside a table: (quote start, quote end, cited start, cited end): the table is cited through
    the sentence that introduces it ("The fees are set out below:"), its rows give the value."""
    s, e = bounds[k]
    t = next(((ts, te) for ts, te in tables if ts <= s < te or s <= ts < e), None)
    if t is None:  # a sentence that introduces the table right after it ("… the fees set out below:")
        after = next(((ts, te) for ts, te in tables if ts >= e), None)
        if after is not None and not bounds_text_between(bounds, k, after[0]) and not _heading_like(text[s:e]):
            return s, e, s, after[1]
        return None
    ts, te = t
    j = k
    while j > 0 and bounds[j - 1][1] > ts:
        j -= 1
    if j > 0:
        ls, le = bounds[j - 1]
        if not _heading_like(text[ls:le]) and not any(a <= ls < b for a, b in tables):
            return ls, le, ls, max(te, e)
    return s, e, min(s, ts), max(te, e)


def find_citations(document: Document, clauses: Sequence[Clause], facts: Sequence[Fact],
                   statements: Sequence[Statement], sentences=None) -> dict[str, list[Citation]]:
    """topic -> its citations, best first (stated before mentioned), at most ``lines`` stated ones each;
    ``sentences``: the document's sentence bounds and their topic hits, when already found (the pipeline)."""
    text = document.text
    conf = _config()["defaults"]
    weights, threshold = conf["weights"], float(conf["stated"])
    if sentences is None:
        bounds = sentence_bounds(text)
        sentences = bounds, match_texts([text[s:e] for s, e in bounds])
    bounds, hits = sentences
    ordered = sorted(clauses, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    fact_starts = sorted(facts, key=lambda f: f.start)
    fact_at = [f.start for f in fact_starts]
    index = StatementIndex(statements)
    floors = _stated_floors()
    seen_heading: set[str] = set()
    heads = _heading_clauses(ordered)
    tables = table_ranges(document) if document.tables else []
    found: dict[str, list[tuple[float, Citation]]] = {}
    for k, ((s, e), sentence_hits) in enumerate(zip(bounds, hits, strict=True)):
        i = bisect_right(starts, s) - 1
        clause = ordered[i] if i >= 0 and ordered[i].end > s else None
        lo, hi = bisect_right(fact_at, s - 1), bisect_right(fact_at, e - 1)
        inside = [f for f in fact_starts[lo:hi] if f.end <= e + 1]
        topics: dict[str, tuple[str, bool]] = dict(sentence_hits)
        for f in inside:  # a fact sure of its role states its topic as a cue would
            topic = ROLE_TOPIC.get(str(f.value.get("role", "")))
            if topic and f.value.get("weight", 0) >= floors.get(topic, 99):
                topics.setdefault(topic, (f.text, True))
        head = heads.get(clause.id) if clause is not None else None
        named = heading_topic(head.heading) if head is not None else None
        sentence = text[s:e]
        if named and head is not None and head.id not in seen_heading and len(sentence.strip()) >= 12 \
                and _bare(sentence) not in (_bare(f"{head.number} {head.heading}"), _bare(head.heading)):
            seen_heading.add(head.id)  # a clause headed "Taxes": the first real sentence under it speaks to taxes
            topics.setdefault(named[0], (f"heading: {named[1]}", False))
        table = _table_cite(text, bounds, k, tables) if tables else None
        if table is not None:  # the whole table is one citation, quoted by the sentence that introduces it
            lo, hi = bisect_right(fact_at, table[2] - 1), bisect_right(fact_at, table[3] - 1)
            inside = [f for f in fact_starts[lo:hi] if f.end <= table[3] + 1]
        for topic, (cue, valued) in topics.items():
            cite = _judge(topic, cue, valued, s, e, clause, inside, index, document, weights, threshold, named)
            if cite is not None and table is not None:
                score, c = cite
                quote = _quote(text[table[0]:table[1]])
                have = found.get(topic, [])
                if any(c2.start == table[2] and c2.end == table[3] for _, c2 in have):
                    continue  # one citation per table
                lead = [sc for sc in have if sc[1].start == table[2]]  # the introducing sentence, cited alone
                for sc in lead:
                    have.remove(sc)
                score = max([score, *(sc[0] for sc in lead)])
                score += weights["table"] * bool(c.value or any(f.topic == topic for f in inside))
                box = document.first_box(table[0], table[1])
                cite = score, replace(c, quote=quote, start=table[2], end=table[3], page=box.page if box
                                      else c.page, bbox=box.bbox if box else c.bbox,
                                      status="stated" if score >= threshold else c.status)
            if cite is not None:
                found.setdefault(topic, []).append(cite)
    out: dict[str, list[Citation]] = {}
    cap = int(conf["lines"])
    for topic, scored in found.items():
        scored.sort(key=lambda sc: (sc[1].status != "stated", -sc[0], sc[1].start))
        stated = [c for _, c in scored if c.status == "stated"][:cap]
        mentioned = [c for _, c in scored if c.status == "mentioned"][:1]
        out[topic] = stated + mentioned
    return out


def _judge(topic: str, cue: str, valued: bool, s: int, e: int, clause: Clause | None, inside: list[Fact],
           index: StatementIndex, document: Document, weights: dict[str, float], threshold: float,
           named: tuple[str, str] | None) -> tuple[float, Citation] | None:
    """A candidate sentence scored against the topic's policy, or None when its frame rules it out."""
    pol = policy(topic)
    text = document.text
    st = _frame_at(index, s, e, _cue_offset(text, s, e, cue))
    family = st.family if st else "unclassified"
    stance = st.stance if st else "fragment"
    actor = st.actor if st else "none"
    # the kind of clause, as its headings name it, rules a sentence out; a family read from the sentence's own
    # words only when the topic names it (an audit "during business hours" is no support hours)
    clause_kind = st.heading_family if st and st.heading_family != GENERAL else ""
    kind = clause_kind or (family if family in pol.veto_families or family in pol.mention_families else "")
    mention = kind in pol.mention_families
    own = [f for f in inside if f.topic == topic or (topic in ROLE and f.value.get("role") == ROLE[topic])]
    # a definition that gives the topic's value states it ('"Warranty Period" means thirteen (13) months …')
    defines = stance == "definition" and topic in ROLE and _sure_fact(topic, own)
    if not mention and ((kind and kind not in pol.families) or (stance not in pol.stances and not defines)
                        or (pol.actors and actor not in pol.actors)):
        return None
    if pol.subjects is not None and st is not None and stance != "definition" and not pol.subjects.search(st.subject):
        return None  # "Directors shall be appointed for a term of four years" is no term of the agreement
    sentence = text[s:e]
    if pol.requires is not None and not pol.requires.search(sentence):
        mention = True  # a neighbouring concept: an exclusion of kinds of damages names no cap
    value = _value(topic, clause, own, sentence, document, valued)
    if pol.needs_fact and not _sure_fact(topic, own):
        mention = True  # "renewal" named, but no renewal period or mechanism read from the sentence
    by_heading = cue.startswith("heading:")
    sure = max((float(f.value.get("weight", 0)) for f in own if f.value.get("role") == ROLE.get(topic)), default=0.0)
    score = (weights["cue"] * (not by_heading) + weights["valued"] * valued + weights["value"] * bool(value or own)
             + weights["heading"] * bool(named and named[0] == topic)
             + weights["first_topic"] * bool(clause and clause.topics and clause.topics[0] == topic)
             + weights["stance"] * (stance in GOOD_STANCES) + weights["fragment"] * (stance == "fragment")
             + weights["heading_only"] * _heading_like(sentence) + weights["fact_weight"] * sure)
    status = "stated" if score >= threshold and not mention else "mentioned"
    box = document.first_box(s, e)
    return score, Citation(topic, _quote(sentence), s, e, box.page if box else document.page_at(s),
                           box.bbox if box else None, clause.id if clause else "",
                           round(min(1.0, score / 8.0), 2), status, value, actor, stance, family,
                           cue[:80])
