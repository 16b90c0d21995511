"""Pick the sentence of a clause that states a topic, shorten it, and cite it as 'p. 3, §5.2'."""

from __future__ import annotations

import re

from checks.model import Review
from extractors.model import Clause, Fact
from extractors.sentences import sentence_bounds
from extractors.topics import topic_cues


def citation(page: int, clause: Clause | None) -> str:
    """'p. 3, §5.2' (or 'p. 3' when the clause has no number); '' when nothing is known."""
    parts = []
    if page:
        parts.append(f"p. {page}")
    if clause is not None and clause.number:
        number = clause.number
        parts.append(number if number.lower().startswith(("section", "article")) else f"§{number}")
    return ", ".join(parts)


def shorten(text: str, limit: int) -> str:
    """One line of text, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-")
    return cut + "…"


def _bare(text: str) -> str:
    """Lower-case words only, so '2. Scope of services' and '2 Scope of services' compare equal."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _clause_offset(review: Review, clause: Clause) -> int:
    """Where clause.text starts in document.text (the clause body is stripped of leading space)."""
    raw = review.document.text[clause.start:clause.end]
    return clause.start + (len(raw) - len(raw.lstrip()))


def best_sentence(review: Review, clause: Clause, topic: str, facts: list[Fact]) -> tuple[str, int, float]:
    """(sentence, page, score) of the clause that best states ``topic``: it holds the topic's cue or a value.

    A negative score means the clause has no real sentence (a bare heading such as '6. Term and renewal')."""
    text = clause.text
    bounds = sentence_bounds(text)
    if not bounds:
        return "", clause.page, -1.0
    cues = [cue.lower() for t, cue in clause.cues if t == topic and cue]
    values = [f.text.lower() for f in facts if f.text]
    heading = _bare(f"{clause.number} {clause.heading}")
    # which sentences the topic's own rules tag ("Monday to Friday, 08:00–18:00"), beyond the clause's first cue
    tagged = topic_cues([text[start:end] for start, end in bounds], topic)
    best, best_score = bounds[0], -1.0
    for (start, end), rule_cue in zip(bounds, tagged, strict=True):
        sentence = " ".join(text[start:end].split())
        low = sentence.lower()
        if _bare(sentence) in (heading, _bare(clause.heading)) or len(sentence) < 12:
            score = -0.5
        else:
            # speaks to the topic (its clause's cue, or any of the topic's rules); the first such sentence wins a tie
            score = 3.0 * (bool(rule_cue) or any(c in low for c in cues))
            score += 2.0 * any(" ".join(v.split()) in low for v in values)
            score += 0.5 if sentence.endswith((".", ":", ";")) else 0.0
        if score > best_score:
            best, best_score = (start, end), score
    start, end = best
    sentence = " ".join(text[start:end].split())
    # Drop a leading heading ("4. Support and service levels Support is …") when the sentence runs on past it.
    for prefix in (f"{clause.number}. {clause.heading}", f"{clause.number} {clause.heading}", clause.heading):
        prefix = " ".join(prefix.split())
        if clause.heading and sentence.startswith(prefix) and len(sentence) > len(prefix) + 12:
            sentence = sentence[len(prefix):].lstrip(" .:—–-")
            break
    page = review.document.page_at(_clause_offset(review, clause) + start) if review.document.pages else clause.page
    return sentence, page or clause.page, best_score
