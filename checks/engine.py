"""Run a rule pack over an Extraction and produce Findings.

`Scan` holds what every rule of one run shares (sentences, tokens, clause lookup, the document kind, the
compiled exception contexts) and builds Findings with their sentence, page boxes and clause, so each rule
kind module only decides *where* something is wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property, lru_cache

from checks.doc_kind import classify
from checks.kinds import KINDS
from checks.model import Finding
from checks.phrases import TokenStream
from checks.rules import Context, Rule, RulePack
from extractors.model import Clause, Extraction, Statement
from extractors.sentences import SentenceIndex
from extractors.statements import StatementIndex, build_statements

_FLAGS = re.IGNORECASE
MAX_SENTENCE = 1200  # a "sentence" longer than this is a table or a layout accident: quote its start


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Rule patterns compiled once per process: re's own cache (512 entries) is smaller than a pack's patterns
    and the topic rules together, and compiling them again for every document cost a tenth of the checks."""
    return re.compile(pattern, _FLAGS)


class Scan:
    """One document being checked: shared lookups and the Finding factory."""

    def __init__(self, ex: Extraction, contexts: tuple[Context, ...] = ()) -> None:
        self.ex = ex
        self.text = ex.document.text
        self.sentences = SentenceIndex(self.text)
        self._clauses = sorted(ex.clauses, key=lambda c: c.start)
        self._clause_starts = [c.start for c in self._clauses]
        self._contexts = {c.name: c for c in contexts}
        self._ctx_cache: dict[tuple[str, int], bool] = {}
        self._rx: dict[str, re.Pattern[str]] = {}
        self._windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        self._silent: dict[tuple[str, str, int, int], bool] = {}
        self._sentence_text: dict[tuple[int, int], str] = {}

    # -- shared lookups -------------------------------------------------------------------------------------

    @cached_property
    def statements(self) -> StatementIndex:
        """The framed statements (computed here for an Extraction made without them, e.g. in tests)."""
        found = self.ex.statements or build_statements(self.ex.document, self.ex.clauses)
        return StatementIndex(found)

    def statement(self, offset: int) -> Statement | None:
        return self.statements.at(offset)

    def off_frame(self, rule: Rule, offset: int) -> bool:
        """The statement at ``offset`` is not one the rule applies to: another actor or stance, or a family the
        rule skips. One judgement for every rule, read from the sentence (extractors.statements)."""
        if not (rule.actors or rule.stances or rule.skip_families):
            return False
        st = self.statement(offset)
        if st is None:
            return bool(rule.actors or rule.stances)
        return bool((rule.actors and st.actor not in rule.actors) or (rule.stances and st.stance not in rule.stances)
                    or st.family in rule.skip_families)

    @cached_property
    def tokens(self) -> TokenStream:
        return TokenStream(self.text)

    @cached_property
    def kind(self) -> str:
        """proposal | sla | services | contract (the extractors' answer wins when they give one)."""
        if self.ex.kind and self.ex.kind != "contract":
            return self.ex.kind
        return classify(self.ex)

    def windows(self, anchors: tuple[str, ...]) -> list[tuple[int, int]]:
        """Merged bounds of the sentences holding an anchor word (`word`, or `word*` for any word it begins)."""
        got = self._windows.get(anchors)
        if got is None:
            where, starts = self.tokens.where, self.tokens.starts
            exact = {a for a in anchors if not a.endswith("*")}
            prefixes = tuple(a[:-1] for a in anchors if a.endswith("*"))
            words = [w for w in exact if w in where]
            if prefixes:
                words += [w for w in where if w.startswith(prefixes) and w not in exact]
            offsets = sorted(starts[i] for w in words for i in where[w])
            got = []
            for off in offsets:
                s, e = self.sentences.around(off)
                e = max(e, off + 1)
                if got and s <= got[-1][1]:
                    got[-1] = (got[-1][0], max(got[-1][1], e))
                else:
                    got.append((s, e))
            self._windows[anchors] = got
        return got

    def finditer(self, rule: Rule, pattern: str) -> Iterator[re.Match[str]]:
        """Matches of a rule's main regex: only in sentences holding an anchor word when the rule has anchors."""
        rx = self.regex(pattern)
        if not rule.anchors:
            yield from rx.finditer(self.text)
            return
        for s, e in self.windows(rule.anchors):
            yield from rx.finditer(self.text, s, e)

    def regex(self, pattern: str) -> re.Pattern[str]:
        rx = self._rx.get(pattern)
        if rx is None:
            rx = self._rx[pattern] = _compiled(pattern)
        return rx

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause holding the offset (clauses may nest: look back a few)."""
        i = bisect_right(self._clause_starts, offset) - 1
        for j in range(i, max(-1, i - 6), -1):
            c = self._clauses[j]
            if c.start <= offset < c.end:
                return c
        return None

    def scope_bounds(self, rule: Rule, offset: int) -> tuple[int, int]:
        """The sentence, clause or whole document around an offset, by the rule's scope."""
        if rule.scope == "document":
            return 0, len(self.text)
        if rule.scope == "clause":
            c = self.clause_at(offset)
            if c is not None:
                return c.start, c.end
        return self.sentences.around(offset)

    def sentence(self, offset: int) -> str:
        """The sentence around an offset, whitespace collapsed, at most MAX_SENTENCE characters (cached)."""
        bounds = self.sentences.around(offset)
        text = self._sentence_text.get(bounds)
        if text is None:
            s, e = bounds
            text = " ".join(self.text[s:min(e, s + 4 * MAX_SENTENCE)].split())
            if len(text) > MAX_SENTENCE:
                text = text[:MAX_SENTENCE - 1].rstrip() + "…"
            self._sentence_text[bounds] = text
        return text

    # -- exceptions ---------------------------------------------------------------------------------------------

    def in_context(self, name: str, offset: int) -> bool:
        """Is the sentence at `offset` in the named context (force majeure, customer duties, …)?"""
        s, e = self.sentences.around(offset)
        key = (name, s)
        hit = self._ctx_cache.get(key)
        if hit is None:
            ctx = self._contexts.get(name)
            hit = False
            if ctx is not None:
                if ctx.pattern and self.regex(ctx.pattern).search(self.text[s:e]):
                    hit = True
                elif ctx.heading:
                    clause = self.clause_at(s)
                    hit = bool(clause and clause.heading and self.regex(ctx.heading).search(clause.heading))
            self._ctx_cache[key] = hit
        return hit

    def excepted(self, rule: Rule, offset: int) -> bool:
        """True when the rule must stay silent here: off its statement frame, one of its contexts, its `unless`,
        or not its `when`."""
        if self.off_frame(rule, offset):
            return True
        if any(self.in_context(name, offset) for name in rule.skip):
            return True
        if rule.unless or rule.when:
            s, e = self.scope_bounds(rule, offset)
            key = (rule.unless, rule.when, s, e)  # many matches share one sentence: decide it once
            silent = self._silent.get(key)
            if silent is None:
                part = self.text[s:e]
                silent = bool((rule.unless and self.regex(rule.unless).search(part))
                              or (rule.when and not self.regex(rule.when).search(part)))
                self._silent[key] = silent
            return silent
        return False

    # -- findings -----------------------------------------------------------------------------------------------

    def finding(self, rule: Rule, start: int = -1, end: int = -1, arg: str = "", suggestion: str | None = None,
                message: str | None = None, topic: str = "") -> Finding:
        """A Finding of `rule` for text[start:end] (or for the whole document when start < 0)."""
        doc = self.ex.document
        matched = " ".join(self.text[start:end].split()) if start >= 0 else ""
        fill = arg or matched
        spans = doc.spans(start, end) if start >= 0 else ()
        clause = self.clause_at(start) if start >= 0 else None
        st = self.statement(start) if start >= 0 else None
        return Finding(
            rule_id=rule.id, kind=rule.finding, severity=rule.level,
            message=(message or rule.message).replace("%s", fill),
            suggestion=(suggestion if suggestion is not None else rule.suggestion).replace("%s", fill),
            text=matched, sentence=self.sentence(start) if start >= 0 else "",
            span=spans[0] if spans else None, clause_id=clause.id if clause else "",
            audiences=rule.audiences, why=rule.why, topic=topic or rule.topic, start=start, end=end, spans=spans,
            actor=st.actor if st else "", stance=st.stance if st else "", family=st.family if st else "",
        )


def run_rule(rule: Rule, ex: Extraction | Scan, contexts: tuple[Context, ...] = ()) -> list[Finding]:
    """Findings of one rule (enabled or not: callers decide what runs)."""
    scan = ex if isinstance(ex, Scan) else Scan(ex, contexts)
    return KINDS[rule.kind].run(rule, scan)


def run_pack(pack: RulePack, ex: Extraction, partial: bool = False) -> tuple[Finding, ...]:
    """Every enabled rule (`disable_rules` switches one off); findings in reading order, document-level last.

    ``partial``: the Extraction holds only the pages read so far, so document-scope rules (a missing disclosure,
    a term defined later, a value restated later) would speak too early: only sentence and clause rules run.
    """
    scan = Scan(ex, pack.contexts)
    findings: list[Finding] = []
    for rule in pack.rules:
        if rule.enabled and not (partial and rule.scope == "document"):
            findings.extend(run_rule(rule, scan))
    findings = _dedupe(findings)
    findings.sort(key=lambda f: (f.start if f.start >= 0 else 1 << 30, f.rule_id))
    return tuple(findings)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Where two wording rules flag overlapping text of one sentence, keep the more severe (then earlier) one."""
    from checks.model import SEVERITY_RANK, WORDING_KINDS

    keep: list[Finding] = []
    wording = sorted((f for f in findings if f.kind in WORDING_KINDS and f.start >= 0),
                     key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.start))
    taken: list[tuple[int, int]] = []
    for f in wording:
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        taken.append((f.start, f.end))
        keep.append(f)
    keep.extend(f for f in findings if f.kind not in WORDING_KINDS or f.start < 0)
    return keep
