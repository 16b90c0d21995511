"""Tag clauses with topic ids, explainably, from rules kept in resources/extract/topic_rules.toml.

A rule is a cue regex that must match inside one sentence, optionally with other patterns that must also
match in that sentence (``with``) and patterns that veto it (``unless``). Sentences, not whole clauses, are
the window because contract clauses are long: "notice" and "renew" anywhere in a two-page section say little,
in one sentence they say "notice to stop renewal". A rule with ``scope = "item"`` is read once more, when its
sentence fails, as the sentence's lead-in joined with one enumerated alternative at a time (``items``), so a
condition in item (ii) does not veto the right stated in item (i). Clause headings add a second, fuzzy
signal (rapidfuzz) for the topics whose heading alone is telling ("Limitation of Liability", "Taxes"). Every
tag keeps the cue that caused it in ``Clause.cues`` so the UI can say why.

Speed: each rule's cues are joined into one pattern, run once over the lower-cased text of all clauses;
leading ``\\b`` is checked by hand after a match because it stops Python's regex engine from skipping ahead
to the first literal (about 3x slower otherwise). The regex engine still tries most positions of the text
for an alternation of groups, so the pattern is tried only where a match can start (``extractors.cue_search``),
which gives exactly the matches of ``finditer`` at a fraction of the cost.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

import resources
from extractors.cue_search import CueSearch
from extractors.model import Clause

# A sentence ends at . ! ? followed by space and a capital, digit, quote or bracket ("U.S. Dollars" mostly survives).
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[\"“(\[]?[A-Z0-9])|\n\s*\n")
CLAUSE_GAP = "\n\n"  # joins clause texts; a sentence never runs across it
# A table-of-contents run ("7.7 Termination for Convenience 52 7.8 Effect of Termination 52") names topics
# without stating them: sentences with three or more numbered titles are not read for cues.
TOC_RUN = re.compile(r"(?:\b\d{1,2}\.\d{1,2}\.?\s+[A-Z][\w ,;&'’-]{2,60}?\s+\d{1,3}\b.{0,5}){3}")
# Where the alternatives of one sentence begin: a semicolon, or an enumerator "(a)", "(ii)" set off by spaces, or
# "(3)" after a colon, comma, "or" or "and" (not the "(10)" of "ten (10) days").
# "Either party may terminate (i) upon 60 days' notice, or (ii) if the other party is in breach" states two rights.
ITEM_MARK = re.compile(r";\s*|(?<=\s)\((?:[a-z]|[ivx]{1,4})\)(?=\s)"
                       r"|(?:^|(?<=[:;,]\s)|(?<=\sor\s)|(?<=\sand\s))\(\d{1,2}\)(?=\s)", re.IGNORECASE)
HEADING_CUTOFF = 90  # rapidfuzz score (0-100) for a heading to count as a synonym
SHORT_SYNONYM = 8  # synonyms shorter than this (or of one word) must match the whole heading, not a part of it


@dataclass(frozen=True)
class Rule:
    """One rule for one topic: a ``cue`` in a sentence, with every ``with`` and none of ``unless``."""

    topic: str
    cue: re.Pattern[str]  # compiled for lower-case text, word boundary at the start checked by hand
    with_: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    valued: bool = False  # the sentence carries the topic's value (e.g. a warranty period)
    # scope "item": when the whole sentence fails, ``with`` / ``unless`` are tried again on the sentence's lead-in
    # joined with one of its enumerated items (see ITEM_MARK), so a veto in item (iii) no longer hides item (i)
    per_item: bool = False


def _branches(pattern: str) -> list[str]:
    """Split a regex at its top-level ``|`` (outside groups and character classes)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _lower_literals(pattern: str) -> str:
    """Lower-case a regex's letters, leaving escapes (\\S, \\W, \\D, \\B) alone."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    branches = [b for cue in cues for b in _branches(_lower_literals(cue))]
    return re.compile("|".join(b[2:] if b.startswith(r"\b") else b for b in branches))


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule of topic_rules.toml, compiled once per process."""
    data = resources.load_toml("extract", "topic_rules.toml")
    out = []
    for r in data["rule"]:
        cues = r["cue"] if isinstance(r["cue"], list) else [r["cue"]]
        cue = _cue_pattern(cues)
        scope = r.get("scope", "sentence")
        if scope not in ("sentence", "item"):
            raise ValueError(f"topic rule for {r['topic']}: scope must be 'sentence' or 'item', not {scope!r}")
        out.append(Rule(r["topic"], cue, tuple(_compile(p) for p in r.get("with", [])),
                        tuple(_compile(p) for p in r.get("unless", [])), bool(r.get("valued", False)),
                        per_item=scope == "item"))
    return tuple(out)


@cache
def heading_synonyms() -> dict[str, tuple[str, ...]]:
    """Topic -> headings that alone say the clause is about it."""
    data = resources.load_toml("extract", "topic_rules.toml")
    return {topic: tuple(s.lower() for s in syns) for topic, syns in data.get("headings", {}).items()}


@cache
def _topic_rules(topic: str) -> tuple[Rule, ...]:
    return tuple(r for r in rules() if r.topic == topic)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    bounds = [0]
    for m in SENTENCE_END.finditer(text):
        bounds.append(m.end())
    bounds.append(len(text))
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def items(sentence: str, start: int, end: int) -> list[str]:
    """The readings of ``sentence`` for a cue at ``start:end``, split at ITEM_MARK. A cue in an item is read with
    the lead-in (the text before the first mark). A cue in the lead-in is read in the lead-in alone, in the
    lead-in joined with each item and, when the first mark is a semicolon, in the lead-in up to the cue's end
    joined with each item ("This Agreement shall be terminable by X in event A; by either party on 60 days'
    notice": the second right is not subject to event A).
    A sentence without marks has no readings of its own (the whole sentence is its only one)."""
    cuts = [m.start() for m in ITEM_MARK.finditer(sentence)]
    if not cuts:
        return []
    lead = sentence[:cuts[0]].rstrip()
    spans = list(pairwise([*cuts, len(sentence)]))
    if start >= cuts[0]:
        return [f"{lead} {sentence[a:b].strip()}" for a, b in spans if a <= start < b]
    parts = [sentence[a:b].strip() for a, b in spans]
    readings = [lead] + [f"{lead} {p}" for p in parts]
    if sentence[cuts[0]] == ";":  # "terminable by X in event A; by Y on notice": event A binds X's right only
        readings += [f"{sentence[:end]} {p}" for p in parts]
    return readings


def _passes(rule: Rule, text: str) -> bool:
    return all(p.search(text) for p in rule.with_) and not any(p.search(text) for p in rule.unless)


def _lower(text: str) -> str:
    """Lower case with the same length (a few characters, like 'İ', grow when lower-cased)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def heading_topic(heading: str) -> tuple[str, str] | None:
    """(topic, synonym) when a clause heading is a close enough synonym of a topic's heading."""
    return _heading_topic(heading)


@lru_cache(maxsize=4096)  # headings repeat within and across contracts ("Definitions", "Term")
def _heading_topic(heading: str) -> tuple[str, str] | None:
    h = " ".join(heading.lower().replace("&", "and").split()).strip(" .:-")
    if not h or len(h) > 80:
        return None
    best: tuple[float, str, str] | None = None
    for topic, syns in heading_synonyms().items():
        for syn in syns:
            # a long synonym may sit inside a longer heading: "Limitation of Liability and Indemnity"
            whole = len(syn) < SHORT_SYNONYM or " " not in syn or len(h) < len(syn)
            # below the cutoff rapidfuzz returns 0 early, which loses nothing: such scores never count
            score = (fuzz.ratio(h, syn, score_cutoff=HEADING_CUTOFF) if whole
                     else fuzz.partial_ratio(syn, h, score_cutoff=HEADING_CUTOFF))
            if score >= HEADING_CUTOFF and (best is None or score > best[0]):
                best = (score, topic, syn)
    return (best[1], best[2]) if best else None


def match_texts(texts: list[str]) -> list[dict[str, tuple[str, bool]]]:
    """Per text: topic -> (cue text, valued). The first cue of a topic wins; a ``valued`` match is recorded
    as well when an unvalued one came first, so callers can ask whether a text states the topic's value."""
    return [{t: (cue, valued) for t, (cue, valued, _) in hits.items()} for hits in _match(texts)]


def topic_cues(texts: list[str], topic: str) -> list[str]:
    """Per text, the cue by which ``topic``'s rules tag it, or "" (e.g. which sentence of a clause states it)."""
    return [hits[topic][0] if topic in hits else "" for hits in _match(texts, topic)]


def _match(texts: list[str], topic: str | None = None) -> list[dict[str, tuple[str, bool, str]]]:
    """Per text: topic -> (cue text, valued, the sentence of the valued match or ""); only ``topic``'s rules
    when it is given (a topic's hits never depend on other topics' rules)."""
    joined = CLAUSE_GAP.join(" ".join(t.split()) for t in texts)
    low = _lower(joined)
    spans = sentences(joined)
    sent_starts = [a for a, _ in spans]
    text_starts, pos = [], 0
    for t in texts:
        text_starts.append(pos)
        pos += len(" ".join(t.split())) + len(CLAUSE_GAP)
    found: list[dict[str, tuple[str, bool, str]]] = [{} for _ in texts]
    toc: dict[int, bool] = {}  # sentence start -> looks like a table of contents
    search = CueSearch(low)
    for rule in rules() if topic is None else _topic_rules(topic):
        for m in search.finditer(rule.cue):
            s = m.start()
            if s and low[s - 1].isalnum() and m.group(0)[:1].isalnum():
                continue  # the cue must start on a word boundary
            i = bisect_right(text_starts, s) - 1
            have = found[i].get(rule.topic)
            if have is not None and (have[1] or not rule.valued):
                continue
            a, b = spans[bisect_right(sent_starts, s) - 1]
            sentence = joined[a:b]
            if a not in toc:
                toc[a] = bool(TOC_RUN.search(sentence))
            if toc[a]:
                continue
            if _passes(rule, sentence) or (
                    rule.per_item and any(_passes(rule, r) for r in items(sentence, s - a, m.end() - a))):
                cue = joined[s:m.end()]
                found[i][rule.topic] = (cue if have is None else have[0], rule.valued,
                                        sentence if rule.valued else "")
    return found


def _tagged(clause: Clause, hits: dict[str, tuple[str, bool]]) -> Clause:
    topics = list(hits)
    cues = [(t, cue) for t, (cue, _) in hits.items()]
    if clause.heading:
        h = heading_topic(clause.heading)
        if h and h[0] not in hits:
            topics.append(h[0])
            cues.append((h[0], f"heading: {h[1]}"))
    order = {t: i for i, t in enumerate(resources.topics())}
    pairs = sorted(zip(topics, cues, strict=True), key=lambda p: order.get(p[0], len(order)))
    return replace(clause, topics=tuple(t for t, _ in pairs), cues=tuple(c for _, c in pairs))


def classify_all(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The clauses with their topics and, per topic, the cue that matched (``heading: …`` for a heading)."""
    found = match_texts([c.text for c in clauses])
    return tuple(_tagged(c, hits) for c, hits in zip(clauses, found, strict=True))


def classify_sentences(clauses: tuple[Clause, ...], bounds: list[tuple[int, int]],
                       hits: list[dict[str, tuple[str, bool]]]) -> tuple[Clause, ...]:
    """``classify_all`` from the topic hits of the document's sentences (``match_texts`` over the sentences of
    extractors.sentences, done once and shared with the evidence): a clause speaks to the topics its
    sentences do, each with the first cue that said so."""
    starts = [s for s, _ in bounds]
    out = []
    for c in clauses:
        merged: dict[str, tuple[str, bool]] = {}
        for i in range(max(0, bisect_right(starts, c.start) - 1), bisect_right(starts, max(c.start, c.end - 1))):
            s, e = bounds[i]
            if e <= c.start or s >= c.end:
                continue
            for topic, (cue, valued) in hits[i].items():
                have = merged.get(topic)
                merged[topic] = (cue if have is None else have[0], valued or (have is not None and have[1]))
        out.append(_tagged(c, merged))
    return tuple(out)


def classify(clause: Clause) -> Clause:
    return classify_all((clause,))[0]


def carries_value(clause: Clause, topic: str) -> bool:
    """Whether a ``valued`` rule of ``topic`` matches in the clause (the sentence states the topic's value)."""
    return bool(valued_sentence(clause, topic))


def valued_sentence(clause: Clause, topic: str) -> str:
    """The first sentence of the clause where a ``valued`` rule of ``topic`` matched, or ""."""
    hit = _match([clause.text], topic)[0].get(topic)
    return hit[2] if hit else ""
