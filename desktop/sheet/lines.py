"""The sheet's lines for one topic, worded from the disclosure's citations (extractors.evidence).

The sheet extracts nothing: each line is a sentence the extractors cited as stating the topic, with the value
read from that sentence (or its table row), worded for the reader. Who holds a right follows the sentence's
actor ("You can end …" only when the customer has that right). A topic that is only mentioned prints
"mentioned, not stated" with its citation and becomes an open point.
"""

from __future__ import annotations

from dataclasses import dataclass

import resources
from checks.model import Finding, Review
from desktop.sheet.config import limit, sheet_config
from desktop.sheet.prices import price_list, severity_matrix
from desktop.sheet.quotes import citation, shorten
from extractors.model import Citation, Fact

ACTOR_FORMS = {"customer": "customer", "provider": "provider", "both": "both"}


@dataclass(frozen=True)
class LineText:
    text: str
    value: str
    status: str
    quote: str
    page: int
    clause_id: str
    citation: str


def value_facts(facts: list[Fact], topic: str) -> list[Fact]:
    """The facts of a citation's sentence that can give ``topic`` its value (resources/sheet/sheet.toml)."""
    value_kinds = sheet_config().get("value_kinds", {})
    kinds = set(value_kinds.get(topic, ()))
    own_only = topic in sheet_config().get("own_values", {}).get("topics", ())
    out = []
    for f in facts:
        if f.kind not in kinds:
            continue
        if f.kind == "duration" and f.value.get("recurring") and not f.value.get("role"):
            continue  # "invoiced annually" says how often, not within how long ("renews annually" has a role)
        if own_only and f.topic != topic:
            continue
        out.append(f)
    return out


def join_values(values: list[str]) -> str:
    distinct = list(dict.fromkeys(v for v in values if v))
    cap = limit("values_per_line")
    if len(distinct) > cap:
        return ", ".join(distinct[:cap]) + f" (+{len(distinct) - cap} more)"
    return ", ".join(distinct)


def worded(topic: str, value: str, form: str = "value", actor: str = "") -> str:
    """The sheet's sentence for a topic: its ``form`` template (value, matrix, table), in the variant for who
    holds the right when the topic has one (``value_provider``, ``plain_both``), else the plain one."""
    tmpl = sheet_config()["lines"].get(topic, {})
    label = resources.topics().get(topic, {}).get("label", topic)
    who = ACTOR_FORMS.get(actor, "")
    chosen = form if value and form in tmpl else "plain"
    for key in (f"{chosen}_{who}" if who else "", chosen):
        if key and key in tmpl:
            return tmpl[key].format(value=value) if "{value}" in tmpl[key] else tmpl[key]
    return f"{label}: stated."


def _facts_in(review_facts: list[Fact], c: Citation) -> list[Fact]:
    return [f for f in review_facts if c.start <= f.start < c.end]


def topic_lines(review: Review, topic: str, facts: list[Fact], wording: list[Finding]) -> list[LineText]:
    """The lines of one topic, best citation first; [] when the topic is not present."""
    d = review.disclosure(topic)
    if d is None or not d.citations:
        return []
    stated = [c for c in d.citations if c.status == "stated"]
    if not stated:  # only mentioned: say so, with the sentence that mentions it
        c = d.citations[0]
        note = sheet_config().get("mentioned_note", "Mentioned, not stated.")
        return [LineText(note, "", "mentioned", shorten(c.quote, limit("quote_chars")), c.page, c.clause_id,
                         citation(c.page, review.clause(c.clause_id)))]
    out: list[LineText] = []
    for c in stated[:limit("lines_per_topic")]:
        own = value_facts(_facts_in(facts, c), topic)
        matrix = severity_matrix(own)
        prices = "" if matrix else price_list(own)
        value = matrix or prices or c.value or join_values([f.normalized for f in own])
        if out and out[0].value and not value:
            continue  # once the value is given, a sentence that only names the topic adds nothing
        unclear = [f for f in wording if c.start <= f.start < c.end]
        text = worded(topic, value, "matrix" if matrix else "table" if prices else "value", c.actor)
        phrases = list(dict.fromkeys(" ".join(f.text.split()) for f in unclear if f.text))
        if phrases:
            note = sheet_config().get("vague_note", "{phrases}")
            text += " " + note.format(phrases=", ".join(f"“{p}”" for p in phrases[:3]))
        quote = shorten(c.quote, limit("quote_chars"))
        if any(ln.quote == quote for ln in out):
            continue  # the same words repeated elsewhere (an exhibit restating a clause)
        out.append(LineText(text, value, "vague" if unclear else "stated", quote, c.page, c.clause_id,
                            citation(c.page, review.clause(c.clause_id))))
    return out
