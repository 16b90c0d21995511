"""What kind of document this is (proposal, sla, services, contract), from title and heading cues.

The kind decides which disclosures are expected: a licence or supply agreement should not be asked for support
hours, a proposal should. Cues and weights live in resources/rules/doc_kinds.toml.
"""

from __future__ import annotations

import re
from functools import cache

import resources
from extractors.model import Extraction

TITLE_CHARS = 1500  # the title block: where a document says what it is
BODY_CHARS = 30_000  # body cues are counted in the opening pages only (and in every heading)


@cache
def _cues() -> tuple[tuple[str, float, float, re.Pattern[str]], ...]:
    data = resources.load_toml("rules", "doc_kinds.toml")
    out = []
    for kind in data["kind"]:
        for cue in kind["cues"]:
            out.append((kind["id"], float(cue.get("title", 0)), float(cue.get("body", 0)),
                        re.compile(cue["pattern"], re.IGNORECASE)))
    return tuple(out)


def scores(ex: Extraction) -> dict[str, float]:
    """Score per kind: cue weight in the title block plus a smaller weight per heading / body hit (capped)."""
    text = ex.document.text
    title = (ex.document.title or "") + "\n" + text[:TITLE_CHARS]
    headings = "\n".join(c.heading for c in ex.clauses if c.heading)
    body = text[:BODY_CHARS]
    out: dict[str, float] = {}
    for kind, w_title, w_body, rx in _cues():
        score = 0.0
        if w_title and rx.search(title):
            score += w_title
        if w_body:
            hits = len(rx.findall(headings)) + min(5, len(rx.findall(body)))
            score += w_body * min(hits, 5)
        out[kind] = out.get(kind, 0.0) + score
    return out


def classify(ex: Extraction) -> str:
    """The best-scoring kind, or 'contract' when no cue is strong enough."""
    data = resources.load_toml("rules", "doc_kinds.toml")
    threshold = float(data.get("threshold", 2.0))
    s = scores(ex)
    best = max(s, key=lambda k: s[k], default="contract")
    return best if s.get(best, 0.0) >= threshold else "contract"
