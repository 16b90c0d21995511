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
for an alternation of groups, so each rule also knows what every match must start with (literal prefixes
or one-character classes, read from the parsed pattern); the pattern is then tried only where one of those
occurs, in order, which gives exactly the matches of ``finditer`` at a fraction of the cost.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise
from re import _compiler as sre_compiler  # type: ignore[attr-defined]
from re import _constants as sre_c  # type: ignore[attr-defined]  # parsed-pattern ops, to find match starts
from re import _parser as sre_p  # type: ignore[attr-defined]

from rapidfuzz import fuzz

import resources
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
    # every match starts with one of these literal strings or one-character patterns; None: scan everything
    starts: tuple[str | re.Pattern[str], ...] | None = None
    spaced: bool = False  # ``starts`` hold only for text whose white space is " " and "\n" (see OTHER_SPACE)
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


_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", sre_c.MAX_REPEAT))
OTHER_SPACE = re.compile(r"[^\S \n]")  # white space other than " " and "\n"
PREFIX_CAP = 8  # longest literal prefix looked up
FREQUENT = 200  # past this many occurrences of a literal, the regex engine lists the rest faster than str.find
MAX_STARTS = 64  # a literal is not extended into more continuations than this
KEY = 4  # literal starts longer than this are found among the occurrences of their first KEY characters
DENSE = 20  # with more than one possible match start per this many characters, plain finditer is faster


def _seq_starts(seq: list, state: sre_p.State, cap: int = PREFIX_CAP) -> list[str | re.Pattern[str]] | None:
    """What any match of the parsed sequence ``seq`` starts with (literals of at most ``cap`` characters or
    one-character patterns), or None when that cannot be told (it may match the empty string, starts with
    ``.``, a case-insensitive group, …)."""
    i = 0
    while i < len(seq) and seq[i][0] in _ZERO_WIDTH:  # zero-width: the match starts at what follows
        i += 1
    if i == len(seq):
        return None
    op, av = seq[i]
    rest = list(seq[i + 1:])
    if op is sre_c.LITERAL:
        chars = []
        while i < len(seq) and seq[i][0] is sre_c.LITERAL and len(chars) < cap:
            chars.append(chr(seq[i][1]))
            i += 1
        prefix = "".join(chars)
        if len(prefix) >= cap or i == len(seq):
            return [prefix]
        if _is_space(seq[i]):  # "on\s+": "on " or "on\n"
            return [prefix + " ", prefix + "\n"]
        more = _seq_starts(list(seq[i:]), state, cap - len(prefix))  # "n(?:o|ot)\s": "no ", "not " …
        if more is None or len(more) > MAX_STARTS or not all(isinstance(m, str) for m in more):
            return [prefix]
        return [prefix + m for m in more if isinstance(m, str)]
    if op is sre_c.SUBPATTERN:  # a group occurs once: its text is followed by the rest
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _seq_starts(list(sub.data) + rest, state, cap)
    if op is sre_c.BRANCH:
        out: list[str | re.Pattern[str]] = []
        for alt in av[1]:
            got = _seq_starts(list(alt.data) + rest, state, cap)
            if got is None:
                return None
            out += got
        return out
    if op in _REPEATS:
        lo, _, item = av
        first = _seq_starts(list(item.data), state, cap)  # not joined with the rest: the item may repeat
        if first is None:
            return None
        if lo >= 1:
            return first
        after = _seq_starts(rest, state, cap)
        return None if after is None else first + after
    if op is sre_c.IN:
        return [_compile_single(state, av)]
    return None


def _is_space(item: tuple) -> bool:
    """``\\s`` or ``\\s+``: in text whose only white space is " " and "\\n", one of those two comes next."""
    op, av = item
    if op in _REPEATS and av[0] >= 1 and len(av[2].data) == 1:
        op, av = av[2].data[0]
    return op is sre_c.IN and list(av) == [(sre_c.CATEGORY, sre_c.CATEGORY_SPACE)]


def _compile_single(state: sre_p.State, av: object) -> re.Pattern[str]:
    """A pattern for one character class of a parsed pattern (with the pattern's flags: ASCII, …)."""
    return sre_compiler.compile(sre_p.SubPattern(state, [(sre_c.IN, av)]), state.flags)


def _starts(cue: re.Pattern[str]) -> tuple[tuple[str | re.Pattern[str], ...] | None, bool]:
    """What every match of ``cue`` starts with (None: unknown), and whether that relies on plain spaces."""
    if cue.flags & re.IGNORECASE:
        return None, False
    try:
        parsed = sre_p.parse(cue.pattern, cue.flags)
        got = _seq_starts(list(parsed.data), parsed.state)
    except (RecursionError, re.error):
        return None, False
    if got is None:
        return None, False
    return tuple(dict.fromkeys(got)), any(isinstance(s, str) and (" " in s or "\n" in s) for s in got)


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
                        *_starts(cue), per_item=scope == "item"))
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


def _occurrences(start: str | re.Pattern[str], low: str) -> list[int]:
    """Every position where ``start`` (a literal or a one-character pattern) occurs, overlaps included."""
    if isinstance(start, str):
        out, find, i = [], low.find, low.find(start)
        while i >= 0 and len(out) < FREQUENT:
            out.append(i)
            i = find(start, i + 1)
        if i < 0 or any(start[:k] == start[-k:] for k in range(1, len(start))):  # done, or may overlap itself
            while i >= 0:
                out.append(i)
                i = find(start, i + 1)
            return out
        return out + [m.start() for m in _literal(start).finditer(low, i)]  # many: the engine lists them faster
    return [m.start() for m in start.finditer(low)]


def _cached_occurrences(start: str | re.Pattern[str], low: str,
                        seen: dict[str | re.Pattern[str], list[int]]) -> list[int]:
    """``_occurrences``, with long literals found among the occurrences of their first KEY characters
    (one scan of the text serves every start sharing those characters)."""
    if not isinstance(start, str) or len(start) <= KEY:
        return _occurrences(start, low)
    key = start[:KEY]
    if key not in seen:
        seen[key] = _occurrences(key, low)
    starts_with = low.startswith
    return [p for p in seen[key] if starts_with(start, p)]


@cache
def _literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def _finditer(rule: Rule, low: str, seen: dict[str | re.Pattern[str], list[int]], plain: bool):
    """The matches of ``rule.cue.finditer(low)``, trying the pattern only where a match can start
    (``plain``: the only white space in ``low`` is " " and "\\n")."""
    if rule.spaced and not plain:
        yield from rule.cue.finditer(low)
        return
    lists: list[list[int]] = []
    total = 0
    for st in rule.starts or ():
        if st not in seen:
            seen[st] = _cached_occurrences(st, low, seen)
        lists.append(seen[st])
        total += len(seen[st])
        if total * DENSE > len(low):  # a match may start almost anywhere: let the engine scan
            break
    if rule.starts is None or total * DENSE > len(low):
        yield from rule.cue.finditer(low)
        return
    candidates = sorted(set().union(*lists)) if len(lists) > 1 else lists[0]
    match, pos = rule.cue.match, 0
    for c in candidates:
        if c < pos:
            continue
        m = match(low, c)
        if m:
            yield m
            pos = m.end() if m.end() > c else c + 1


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
    seen: dict[str | re.Pattern[str], list[int]] = {}  # match start -> where it occurs in ``low``
    plain = not OTHER_SPACE.search(low)  # true after the split/join above, checked all the same
    for rule in rules() if topic is None else _topic_rules(topic):
        for m in _finditer(rule, low, seen, plain):
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


def classify(clause: Clause) -> Clause:
    return classify_all((clause,))[0]


def carries_value(clause: Clause, topic: str) -> bool:
    """Whether a ``valued`` rule of ``topic`` matches in the clause (the sentence states the topic's value)."""
    return bool(valued_sentence(clause, topic))


def valued_sentence(clause: Clause, topic: str) -> str:
    """The first sentence of the clause where a ``valued`` rule of ``topic`` matched, or ""."""
    hit = _match([clause.text], topic)[0].get(topic)
    return hit[2] if hit else ""
