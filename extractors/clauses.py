"""Split a Document into clauses at numbered or capitalised headings."""

from __future__ import annotations

import re

from extractors.model import Clause, Document

NUMBERED = re.compile(
    r"^(?P<number>(?:Section|SECTION|Article|ARTICLE)\s+[0-9IVXLC]+(?:\.\d+)*|\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+"
    r"(?P<rest>\S.*)$"
)
HEADING_END = re.compile(r"^(?P<heading>[^.:]{2,80}?)[.:](?:\s|$)")


def _heading(rest: str) -> str:
    m = HEADING_END.match(rest)
    if m:
        return m.group("heading").strip()
    return rest.strip() if len(rest) <= 80 else ""


def split_clauses(doc: Document) -> tuple[Clause, ...]:
    """One clause per numbered heading; text before the first heading becomes a preamble clause."""
    text = doc.text
    starts: list[tuple[int, str, str]] = []
    offset = 0
    for line in text.split("\n"):
        m = NUMBERED.match(line.strip())
        if m and not re.fullmatch(r"[\d.\s$€£%,]+", line.strip()):
            number = m.group("number").rstrip(".")
            starts.append((offset, number, _heading(m.group("rest"))))
        offset += len(line) + 1
    if not starts or starts[0][0] > 0:
        starts.insert(0, (0, "", ""))
    clauses: list[Clause] = []
    for i, (start, number, heading) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[start:end].strip()
        if not body:
            continue
        level = number.count(".") + 1 if number else 0
        clauses.append(Clause(f"c{len(clauses) + 1}", number, heading, body, start, end, doc.spans(start, end),
                              level=level))
    return tuple(clauses)
