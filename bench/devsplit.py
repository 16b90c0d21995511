"""The tune / held-apart halves of the dev documents, and labelled sentences found in read documents.

Rules tuned on the documents they are scored on do not carry over to new ones, so every judgement figure is
decided on one half of the dev documents and reported on the other: a document is in the tune half when
``int(sha1(file name), 16) % 2 == 0``. ``split_labels`` writes a label folder per half for score.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from bisect import bisect_right
from pathlib import Path

HALVES = ("tune", "held")
LABEL_FILES = ("labels.jsonl", "disclosures.jsonl", "vague_sentences.jsonl", "wording_v2.jsonl", "parties.jsonl",
               "clauses.jsonl", "evidence_v2.jsonl")


def half_of(pdf: str) -> str:
    """'tune' or 'held' for a PDF path or file name."""
    name = os.path.basename(pdf)
    return HALVES[int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2]


def split_labels(labels: Path, folder: Path) -> dict[str, Path]:
    """{'tune': folder/tune, 'held': folder/held}, each a copy of the label files holding one half's rows."""
    out = {}
    for half in HALVES:
        target = folder / half
        target.mkdir(parents=True, exist_ok=True)
        for file in LABEL_FILES:
            source = labels / file
            if not source.exists():
                continue
            parsed = [(line, json.loads(line)) for line in source.read_text().splitlines() if line.strip()]
            if any("pdf" not in row for _, row in parsed):
                continue  # a label file not keyed by PDF (proposals-dev/labels.jsonl) is not scored per document
            rows = [line for line, row in parsed if half_of(row["pdf"]) == half]
            (target / file).write_text("\n".join(rows) + ("\n" if rows else ""))
        for extra in labels.glob("*.md"):
            (target / extra.name).write_text(extra.read_text())
        out[half] = target
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%$ ]", " ", text.lower()).split())


class SentenceFinder:
    """Finds a labelled sentence in a document's text, ignoring case, punctuation and line breaks."""

    def __init__(self, text: str) -> None:
        chars, where = [], []
        space = True
        for i, ch in enumerate(text.lower()):
            ok = ch.isalnum() or ch in "%$"
            if ok:
                chars.append(ch)
                where.append(i)
                space = False
            elif not space:
                chars.append(" ")
                where.append(i)
                space = True
        self.flat = "".join(chars)
        self.where = where

    def find(self, sentence: str) -> tuple[int, int] | None:
        """(start, end) offsets of the sentence in the original text, or None."""
        target = _norm(sentence)
        for size in (len(target), 80, 40):
            probe = target[:size]
            if len(probe) < 12:
                continue
            at = self.flat.find(probe)
            if at >= 0:
                end = min(len(self.where) - 1, at + len(target) - 1)
                return self.where[at], self.where[end] + 1
        return None


def offset_index(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1
