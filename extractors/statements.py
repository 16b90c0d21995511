"""Statements: every sentence and enumerated item of a document, framed once for every judgement.

A rule that flags "promptly" must know who is being prompt (the provider, or the customer notifying a
breach), what the sentence does with it (commits, permits, disclaims, defines) and in what kind of clause
(a support section or an indemnity procedure). Deciding that per rule, by skip lists, was measured to fail on
documents nobody here wrote; so it is decided here, once, from the sentence's grammar as far as a few
patterns can read it (resources/extract/statements.toml): the main clause's subject, resolved through the
document's parties, and its verb group. Sentences are cut into their enumerated items ("(a) … ; (b) …") and
at a contrast ("does not guarantee response times, but will fix issues promptly"); a piece without a subject
of its own continues the one before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import resources
from extractors.families import FamilyIndex, heading_chains
from extractors.model import Clause, Document, Party, Statement
from extractors.sentences import sentence_bounds

Resolver = Callable[[str], "str | None"]  # a subject phrase -> the role of the party it names, or None

ITEM_MARK = re.compile(r";\s+(?:and\s+|or\s+)?|(?<=\s)\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)(?=\s)"
                       r"|(?<=:)\s+(?=\()")
MAX_SUBJECT_WORDS = 14
# After a personal pronoun the next word is its verb, whatever it is ("We go above and beyond").
PRONOUN_VERB = re.compile(r"(?:^|(?<=[\s,]))(?:we|you|they)\s+(?:also\s+|always\s+|never\s+|only\s+|then\s+|just\s+)?"
                          r"(?P<verb>[a-z]+)\b", re.IGNORECASE)


# After a name that opens a sentence, a lower-case word ending in -s is its verb ("Google Maps supplies …"): a
# name of two capitalised words or more, or one with capitals inside (not "Extra agents are …").
NAME_VERB = re.compile(r"\s*(?:the\s+)?(?:(?:[A-Z][\w&.'’-]*\s+){2,4}|[A-Z][\w&.'’-]*[A-Z][\w&.'’-]*\s+)"
                       r"(?P<verb>[a-z]{3,}s)\b")


@dataclass(frozen=True)
class _Verb:
    """A verb found by position (the word after a pronoun), shaped like the regex matches of the verb groups."""

    at: int
    text: str

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at + len(self.text)

    def group(self, _index: int = 0) -> str:
        return self.text
MIN_PIECE_WORDS = 3


@dataclass(frozen=True)
class _Patterns:
    label: re.Pattern[str]
    heading: re.Pattern[str]
    subordinate: re.Pattern[str]
    contrast: re.Pattern[str]
    imperative: re.Pattern[str]
    not_subject_end: re.Pattern[str]
    noun_like: re.Pattern[str]
    definition: re.Pattern[str]
    disclaimer: re.Pattern[str]
    commitment: re.Pattern[str]
    permission: re.Pattern[str]
    statement: re.Pattern[str]
    negation: re.Pattern[str]
    both: re.Pattern[str]
    we: re.Pattern[str]
    you: re.Pattern[str]
    beneficiary: re.Pattern[str]
    third_party: re.Pattern[str]
    service_subject: re.Pattern[str]
    cost_subject: re.Pattern[str]
    provider_words: re.Pattern[str]
    customer_words: re.Pattern[str]
    provider_verbs: re.Pattern[str]
    distributor_verbs: re.Pattern[str]
    payer_verbs: re.Pattern[str]


@cache
def patterns() -> _Patterns:
    data = resources.load_toml("extract", "statements.toml")
    flat = {**data["clause"], **data["stance"], **data["actor"]}
    heading = re.compile(flat.pop("heading"))  # case matters: a run-in heading is capitalised
    return _Patterns(heading=heading, **{k: re.compile(v, re.IGNORECASE) for k, v in flat.items()})


@dataclass(frozen=True)
class Frame:
    """What one piece of text does: its actor, stance, negation and the words the actor was read from."""

    actor: str
    stance: str
    negated: bool
    subject: str = ""
    has_subject: bool = False


def _strip(text: str) -> str:
    """The sentence without its numbering label and run-in heading ("4.1 Support Hours. Support is …")."""
    p = patterns()
    for _ in range(3):
        m = p.label.match(text)
        if not m or m.end() == 0:
            break
        text = text[m.end():]
    m = p.heading.match(text)
    if m and len(text) - m.end() > 20:
        text = text[m.end():]
    return text.strip()


def role_words(subject: str) -> str | None:
    """The role a subject's role word names ("the Licensee" -> customer), for documents without parties."""
    p = patterns()
    provider, customer = p.provider_words.search(subject), p.customer_words.search(subject)
    if provider and customer:
        return "provider" if provider.start() < customer.start() else "customer"
    return "provider" if provider else "customer" if customer else None


LEGAL_FORM = re.compile(r",?\s+(?:inc|incorporated|corp|corporation|co|company|llc|l\.l\.c|ltd|limited|plc|lp|l\.p|llp|"
                        r"gmbh|ag|s\.?a|b\.?v|n\.?v|pty|pte)\.?$", re.IGNORECASE)


COMMON_FIRST_WORDS = frozenset({"the", "first", "american", "national", "international", "global", "united", "general",
                                "north", "south", "east", "west", "new", "royal", "bank", "city", "state", "county",
                                "great", "pacific", "atlantic", "central", "digital", "data", "service", "services",
                                "software", "systems", "media", "health", "energy", "capital", "trust", "party"})


def _short_names(parties: Sequence[Party]) -> dict[str, str]:
    """The first word of a party's multi-word name as written ("Northwind" of "Northwind Logistics"), which a
    document uses as its short name; only distinctive, capitalised words, matched with their capitals."""
    out: dict[str, str] = {}
    for party in parties:
        words = party.name.split()
        if len(words) >= 2 and len(words[0]) >= 4 and words[0][0].isupper() and words[0].isalpha() \
                and words[0].lower() not in COMMON_FIRST_WORDS:
            out.setdefault(words[0], party.role)
    return out


def party_resolver(parties: Sequence[Party]) -> Resolver:
    """A resolver that reads the parties' names and aliases in a subject ("Corio and its affiliates" ->
    Corio's role), then role words; two parties of different roles in one subject bind both."""
    terms: dict[str, str] = {}
    for party in parties:
        for name in party.names:
            for form in {name, LEGAL_FORM.sub("", name)}:
                key = " ".join(form.lower().split()).strip(" .,")
                if len(key) >= 2 and key not in ("the", "we", "you", "us", "our", "your"):
                    terms.setdefault(key, party.role)
    short = _short_names(parties)
    if not terms and not short:
        return role_words
    names = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    rx = re.compile(r"(?<![\w&])(?:" + names
                    + r")(?![\w&])", re.IGNORECASE)

    short_rx = re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(w) for w in short) + r")(?![\w&])") if short else None

    def resolve(subject: str) -> str | None:
        roles = {terms.get(" ".join(m.group(0).lower().split()), "") for m in rx.finditer(subject)} if terms else set()
        if short_rx is not None:
            roles |= {short[m.group(0)] for m in short_rx.finditer(subject)}
        known = roles & {"provider", "customer"}
        if len(known) == 2:
            return "both"
        if known:
            return known.pop()
        if "other" in roles:
            return "other"
        return "unclear" if "unclear" in roles else role_words(subject)

    return resolve


def _reader(subject: str, predicate: str) -> str:
    """The actor of a sentence about the reader of a proposal: what "you" receive the provider gives; what is done
    to "your" data, systems or site is the provider's service; what you or your people must do is yours."""
    p = patterns()
    if p.beneficiary.search(predicate[:40]):
        return "provider"
    if re.match(r"your\b", subject) and not re.search(r"\b(?:team|staff|people|employees|it|department|"
                                                      r"managers?|organi[sz]ation|company|users)\b", subject):
        return "customer" if p.cost_subject.search(subject) else "provider"
    return "customer"


def _named(subject: str) -> bool:
    """A name ("eGain", "Brightline Dispatch", "the Bank"): a few words, each capitalised or a joining word."""
    words = re.sub(r"^(?:the|each|such)\s+", "", subject.strip(), flags=re.IGNORECASE).split()
    return 0 < len(words) <= 5 and any(c.isupper() for c in words[0]) and all(
        any(c.isupper() for c in w) or w.lower() in ("of", "and", "&", "the", "de") for w in words)


def _actor(subject: str, predicate: str, resolve: Resolver) -> str:
    p = patterns()
    low = subject.lower()
    if p.both.search(low):
        return "both"
    if p.we.search(low):
        return "provider"
    if p.you.search(low):
        return _reader(low, predicate)
    if p.cost_subject.search(" ".join(low.split()[:3])) or re.match(r"[$€£]|\d", low):
        return "customer"  # "Fees are invoiced monthly", "$100 per hour plus …": what the customer pays
    role = resolve(subject)
    if (role in ("provider", "customer", "unclear") or _named(subject)) and p.distributor_verbs.search(predicate[:120]):
        return "customer"  # "Distributor shall use its best efforts to promote the Products": the product's buyer
    if role == "customer" and p.beneficiary.search(predicate[:40]):
        return "provider"  # "Customers get unlimited support": what the customer receives, the provider gives
    if role in ("provider", "customer"):
        return role
    if role == "both":
        return "both"
    if role == "other" or p.third_party.search(low):
        return "third_party"
    if role == "unclear" or (role is None and _named(subject) and not p.cost_subject.search(low)
                             and not p.service_subject.search(low)):
        # a party the document gives no role, or a name it does not list: the one that provides in this sentence
        # is the provider of what it provides, the one that pays is the customer
        head = predicate[:80]
        provides, pays = p.provider_verbs.search(head), p.payer_verbs.search(head)
        if provides and (not pays or provides.start() < pays.start()):
            return "provider"
        if pays:
            return "customer"
        return "none"
    if p.cost_subject.search(low):
        return "customer"
    if p.service_subject.search(low) or re.match(r"(?:the\s+)?[a-z]+ing\b", low):
        return "provider"  # what is delivered, or an activity of delivering it ("Getting set up won't take long")
    return "none"


def _main_start(text: str) -> int:
    """Where the main clause starts: after leading subordinate clauses ("Upon termination, if asked, …")."""
    p = patterns()
    start = 0
    for _ in range(3):
        rest = text[start:].lstrip(" ,")
        if not p.subordinate.match(rest):
            break
        comma = text.find(",", start + (len(text[start:]) - len(rest)), start + 400)
        if comma < 0:
            return len(text)
        start = comma + 1
    return start


def _subject(text: str, start: int, at: int) -> str:
    """The subject before a predicate: the first comma-separated segment that is not a parenthetical
    ("HealthGate, at its cost and expense, shall …" -> "HealthGate")."""
    p = patterns()
    segments = [seg.strip() for seg in text[start:at].split(",")]
    for seg in segments:
        if seg and not p.subordinate.match(seg) and not seg.lower().startswith(("and ", "or ", "but ")):
            return seg
    return next((seg for seg in reversed(segments) if seg), "")


def _candidates(rx: re.Pattern[str], text: str, start: int, verb_only: bool) -> re.Match[str] | None:
    """The first match of a verb group after ``start`` that follows something that can be its subject."""
    p = patterns()
    for m in rx.finditer(text, start):
        before = text[start:m.start()]
        words = before.split()
        if len(words) > 3 * MAX_SUBJECT_WORDS:
            return None  # every later match is further from the start still
        if not words:
            continue
        if (verb_only or p.noun_like.match(m.group(0).split()[0])) and p.not_subject_end.search(before.rstrip(" ,")):
            continue  # "to cover", "the cost", "a guarantee": not a predicate
        return m
    return None


def _main_predicate(text: str) -> tuple[re.Match[str] | _Verb | None, str, int]:
    """The main clause's verb group, its kind (commitment | permission | statement) and where the main clause
    starts. A modal wins over a plain verb that comes before it in the same clause ("ICC has, and shall use …")."""
    p = patterns()
    start = _main_start(text)
    modal = [(m, k) for k, rx in (("commitment", p.commitment), ("permission", p.permission))
             if (m := _candidates(rx, text, start, False)) is not None]
    # a modal in a relative clause ("…, which will always be available") is not the main clause's verb
    modal = [(m, k) for m, k in modal if not re.search(r"\b(?:which|who|that|whom|whose)\s+(?:\w+\s+)?$",
                                                        text[max(0, m.start() - 20):m.start()], re.IGNORECASE)]
    plain = _candidates(p.statement, text, start, True)
    # at one place the longer, permission reading wins: "shall have the right", "will be entitled"
    best = min(modal, key=lambda mk: (mk[0].start(), mk[1] != "permission")) if modal else None
    if best is not None and (plain is None or best[0].start() <= plain.start()
                             or (not re.search(r"[.;:]", text[plain.end():best[0].start()])
                             and best[0].start() - plain.end() <= 120)):
        return best[0], best[1], start
    pronoun = PRONOUN_VERB.search(text, start) or NAME_VERB.match(text, start)
    if pronoun is not None and (plain is None or pronoun.start("verb") < plain.start()):
        plain = _Verb(pronoun.start("verb"), pronoun.group("verb"))
    if plain is not None:
        return plain, "statement", start
    return None, "", start


def frame(text: str, resolve: Resolver = role_words, inherited: Frame | None = None) -> Frame:
    """The frame of one sentence or piece; ``inherited`` is the frame of the piece (or lead-in) it continues."""
    p = patterns()
    if p.definition.search(text[:200]):
        return Frame("none", "definition", False)
    body = _strip(text)
    words = body.split()
    if len(words) < MIN_PIECE_WORDS and inherited is None and not body.rstrip().endswith(":"):
        return Frame("none", "fragment", False)
    if p.definition.search(body[:200]):
        return Frame("none", "definition", False)
    disclaims = bool(p.disclaimer.search(body))
    if p.imperative.match(body) and (inherited is not None or body[:1].islower()):
        # an item continuing a lead-in: "(b) maintain an adequate supply …" ("Support is …" is a noun)
        actor = inherited.actor if inherited is not None else "none"
        stance = "disclaimer" if disclaims else (inherited.stance if inherited is not None and inherited.stance
                                                 in ("commitment", "permission") else "commitment")
        return Frame(actor, stance, bool(p.negation.search(body[:40])), inherited.subject if inherited else "",
                     inherited is not None)
    m, kind, start = _main_predicate(body)
    if m is None:
        if inherited is not None and inherited.has_subject:
            # "…, but will fix issues promptly": the part's own verb group, the earlier part's subject
            own = next((k for k, rx in (("commitment", p.commitment), ("permission", p.permission)) if rx.match(body)),
                       "")
            stance = "disclaimer" if disclaims else own or inherited.stance
            return Frame(inherited.actor, stance, bool(p.negation.search(body[:60])), inherited.subject, True)
        if start > 0 and p.subordinate.match(body):
            return Frame("none", "condition", False)
        if disclaims:
            return Frame("none", "disclaimer", False)
        # a heading, table row or list item: it describes what is delivered, or what is paid
        low = body.lower()
        actor = "customer" if p.cost_subject.search(low) else "provider" if p.service_subject.search(low) else "none"
        return Frame(actor, "fragment", False)
    subject = _subject(body, start, m.start()).strip(" ,;:-")
    predicate = body[m.start():]
    negated = bool(p.negation.search(predicate[:len(m.group(0)) + 14])) or bool(
        re.match(r"(?:no|neither|none)\b", subject, re.IGNORECASE))
    actor = _actor(subject, predicate, resolve)
    if actor == "none" and inherited is not None and inherited.has_subject and re.fullmatch(
            r"(?:it|they|this|such\s+party|the\s+same|which|who|and|or)?", subject.lower()):
        actor = inherited.actor
    stance = kind
    if kind == "permission" and negated:
        # "Provider may not subcontract" forbids (a commitment); "the service may not be uninterrupted" disclaims
        stance = "commitment" if actor in ("provider", "customer", "both") else "disclaimer"
    if disclaims:
        stance = "disclaimer"
    elif body.rstrip().endswith(":"):
        stance = "fragment"  # a lead-in ("Volkmann will:"): its items carry the commitments
    return Frame(actor, stance, negated, subject, True)


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut into its enumerated items and contrasting parts, each at least a few words long."""
    p = patterns()
    cuts = [start]
    for rx in (ITEM_MARK, p.contrast):
        for m in rx.finditer(text, start, end):
            cuts.append(m.end() if rx is p.contrast else m.start())
    cuts = sorted(set(cuts))
    out: list[tuple[int, int]] = []
    for a, b in zip(cuts, [*cuts[1:], end], strict=True):
        if out and len(text[out[-1][0]:a].split()) < MIN_PIECE_WORDS:
            out[-1] = (out[-1][0], b)  # a lead-in too short to stand alone joins its first item
        elif text[a:b].strip():
            out.append((a, b))
    if len(out) > 1 and len(text[out[-1][0]:out[-1][1]].split()) < MIN_PIECE_WORDS:
        last = out.pop()
        out[-1] = (out[-1][0], last[1])
    return out or [(start, end)]


def build_statements(document: Document, clauses: Sequence[Clause] = (), resolve: Resolver = role_words,
                     bounds: Sequence[tuple[int, int]] | None = None) -> tuple[Statement, ...]:
    """Every sentence and enumerated item of the document, in order, with its frame and family."""
    text = document.text
    ordered = sorted(clauses, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    chains = heading_chains(ordered)
    families = FamilyIndex(text)
    out: list[Statement] = []
    lead_in: Frame | None = None
    lead_clause: Clause | None = None
    for s, e in sentence_bounds(text) if bounds is None else bounds:
        i = bisect_right(starts, s) - 1
        clause = ordered[i] if i >= 0 and ordered[i].end > s else None
        headings = chains.get(clause.id, ()) if clause else ()
        family = families.family(s, e, headings)
        heading_family = families.heading(headings)
        if lead_clause is not None and clause is not lead_clause and (
                clause is None or clause.level <= lead_clause.level):
            lead_in = lead_clause = None  # the lead-in's items have ended
        previous: Frame | None = lead_in
        for a, b in pieces(text, s, e):
            f = frame(text[a:b], resolve, previous)
            out.append(Statement(f.actor, f.stance, f.negated, family, a, b, document.first_box(a, b),
                                 clause.id if clause else "", f.subject[:80], heading_family))
            if f.has_subject:
                previous = f
            if text[a:b].rstrip().endswith(":") and f.has_subject:
                lead_in, lead_clause = f, clause  # "Distributor shall:" governs the items below it
    return tuple(out)


class StatementIndex:
    """The statement around an offset, in O(log n)."""

    def __init__(self, statements: Sequence[Statement]) -> None:
        self.statements = tuple(statements)
        self._starts = [st.start for st in self.statements]

    def at(self, offset: int) -> Statement | None:
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        st = self.statements[i]
        return st if st.start <= offset < max(st.end, st.start + 1) else None

    def within(self, start: int, end: int) -> list[Statement]:
        i = max(0, bisect_right(self._starts, start) - 1)
        out = []
        while i < len(self.statements) and self.statements[i].start < end:
            if self.statements[i].end > start:
                out.append(self.statements[i])
            i += 1
        return out
