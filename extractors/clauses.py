"""Split a Document into clauses at the headings real contracts use.

A clause starts on a line that opens with a clause number (``1.``, ``1.1``, ``1.1.1``, ``Section 5``,
``ARTICLE IV``, ``Schedule A``, ``Exhibit B``), an enumeration (``(a)``, ``(i)``, ``(A)``, ``a.``), a
definition (``"Services" means …``) or a short capitalised heading line (in a document with no numbered
headings, a short Title Case line standing alone, as bold headings read). Each clause runs to the next one,
so a clause never contains the next clause's text; sub-clauses are clauses of their own with a deeper
``level``. Numbers that only look like clause numbers are rejected: amounts ("1,000"), units ("30 days"),
years, table rows, page numbers and running footers, table-of-contents lines ("7. Term ..... 12").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import resources
from extractors.model import Clause, Document

ROMAN = r"[IVXLC]{1,7}"
TAIL = r"\.?(?:\s*[-–—:.]?\s*(?P<rest>.*))?$"  # optional punctuation, then the rest of the line
ARTICLE = re.compile(r"^(?P<number>(?:ARTICLE|Article)\s+(?:" + ROMAN + r"|\d{1,2}|[A-Z])\b)" + TAIL)
SECTION = re.compile(r"^(?P<number>(?:SECTION|Section|Sec\.|§)\s*\d{1,2}(?:\.\d{1,3}){0,3}[A-Za-z]?)" + TAIL)
ANNEX = re.compile(
    r"^(?P<number>(?:SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment|ADDENDUM|Addendum)"
    r"\s+(?:[A-Z]{1,2}(?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2})?|" + ROMAN + r"))\b" + TAIL
)
DECIMAL = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,3}){1,3})\.?(?:\s+(?P<rest>.*))?$")
INTEGER = re.compile(r"^(?P<number>\d{1,2})(?P<dot>[.)])?\s+(?P<rest>\S.*)$")
PAREN = re.compile(r"^\((?P<label>[a-z]{1,2}|[A-Z]|" + ROMAN.lower() + r"|" + ROMAN + r"|\d{1,2})\)\s*(?P<rest>\S.*)$")
LETTER = re.compile(r"^(?P<label>[a-z]|[A-Z]|" + ROMAN.lower() + r")[.)]\s+(?P<rest>\S.*)$")
DEFINITION = re.compile(
    r"^[\"“”'‘](?P<term>[A-Z][^\"“”]{0,60}?)[\"“”'’]\s*(?:shall\s+)?(?:mean|means|has\s+the\s+meaning|includes|refers)\b"
)
TOC_TAIL = re.compile(r"(?:\.{3,}|…|\s{2,}|\s)\s*\d{1,3}\s*$")
UNIT_WORDS = re.compile(
    r"^(?:days?|months?|years?|hours?|minutes?|weeks?|business|calendar|percent|per|x|%|units?|copies|shares|"
    r"million|billion|thousand|source|page|of\s+\d)\b",
    re.IGNORECASE,
)
HEADING_END = re.compile(r"^(?P<heading>[^.:;]{2,90}?)(?:[.:]\s|[.:]$|\s[-–—]\s)")
SMALL_WORDS = {"a", "an", "and", "the", "of", "or", "to", "in", "for", "on", "by", "with", "at", "from", "as", "its",
               "upon"}
# A heading never ends on these words; a capitals line that does breaks off inside a sentence ("A" is left out:
# "SCHEDULE - A" ends on a label).
CAPS_RUN_ON = (SMALL_WORDS - {"a"}) | {"no", "not", "any", "all", "that", "which", "are", "be", "shall", "will",
                                       "may", "must", "such", "this", "these", "their", "his", "her", "if", "but",
                                       "nor", "than"}  # not "is": "SOFTWARE PROVIDED AS IS" is a heading
ALPHA_ORDER = "abcdefghijklmnopqrstuvwxyz"
ROMAN_LOWER = re.compile(r"^[ivxlc]+$")
STRUCTURAL = ("article", "annex", "section", "decimal", "integer", "caps")  # starts that show a document's outline


@dataclass
class _Start:
    offset: int
    number: str
    heading: str
    kind: str  # article | section | annex | decimal | integer | enum:<style> | definition | caps | preamble
    depth: int = 0  # for decimal numbers: how many components


def _title_like(text: str, share: float = 0.75) -> bool:
    """Mostly capitalised words: a heading rather than a sentence."""
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)
    if not words or len(words) > 12:
        return False
    big = [w for w in words if w.lower() not in SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() for w in big) >= share * len(big)


def _heading(rest: str) -> str:
    """The heading at the start of a clause line: 'Payment Terms' of 'Payment Terms. Customer shall…'."""
    rest = rest.strip()
    if not rest:
        return ""
    m = HEADING_END.match(rest)
    if m and _title_like(m.group("heading")):
        return m.group("heading").strip()
    if len(rest) <= 90 and _title_like(rest) and not rest.endswith((",", ";")):
        return rest.rstrip(".:").strip()
    return ""


def _line_heading(rest: str, lines: list[str], k: int) -> str:
    """The heading of a numbered line: ``_heading``'s, or else the whole rest of the line when it is short, ends
    without punctuation and the next line starts a sentence ("4.1 Support hours" over "Support is available…":
    a heading in sentence case, which ``_title_like`` does not see)."""
    heading = _heading(rest)
    rest = rest.strip()
    if heading or not rest or len(rest) > 60 or len(rest.split()) > 8 or not rest[0].isupper():
        return heading
    if rest.endswith((".", ",", ";", ":", "-")) or re.search(r"\d{2,}|[$€£%]", rest):
        return heading
    following = next((x.strip() for x in lines[k + 1:k + 3] if x.strip()), "")
    return rest if following[:1].isupper() else heading


def _caps_heading(line: str) -> bool:
    """An unnumbered heading line: short, in capitals (or Title Case with no final period)."""
    if len(line) > 70 or line.endswith((",", ";")):  # the cheap tests first
        return False
    if len(line.split()) > 9 or re.search(r"\d{3,}|[$€£%]", line):
        return False
    return _caps_prose(line)


def _caps_prose(line: str) -> bool:
    """A line set in capitals (90% of its letters), as a disclaimer's lines are."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _in_caps_paragraph(line: str, previous: str, following: str = "") -> bool:
    """A line of a disclaimer set in capitals, not a heading: it breaks off mid-phrase ("... ANY CLAIM FOR",
    "... MAKES NO"), or it goes on from a capitals prose line above (no full stop there) and is itself prose (long,
    or ending in punctuation) or is followed by more capitals. "SUPPORT HOURS" under a long capitals title and
    above ordinary text stays a heading."""
    words = line.split()
    if words and words[-1].lower() in CAPS_RUN_ON:
        return True
    if not _caps_prose_goes_on(previous):
        return False
    return len(line) > 40 or line.endswith((".", ",", ";")) or (bool(following) and _caps_prose(following))


def _caps_prose_goes_on(line: str) -> bool:
    """A long capitals line with no full stop: the line below it continues its sentence."""
    return len(line) > 40 and not line.endswith((".", ":", "!", "?")) and _caps_prose(line)


def _caps_heading_goes_on(line: str, above: str, lines: list[str], k: int) -> bool:
    """A capitals heading set on two lines ("REPRESENTATIONS AND" / "WARRANTIES"): this line breaks off, is not
    itself inside a capitals paragraph, and the next line ends a short heading."""
    if _caps_prose_goes_on(above) or k + 1 >= len(lines):
        return False
    following = lines[k + 1].strip()
    return (_caps_heading(following) and not _in_caps_paragraph(following, "")
            and len(line) + len(following) <= 60)


def _plausible_rest(rest: str | None) -> bool:
    """What follows a bare number must read like clause text, not a quantity or a footer."""
    if not rest:
        return True
    if UNIT_WORDS.match(rest) or re.match(r"^[\d$€£%,.\-/]", rest):
        return False
    return rest[0].isupper() or rest[0] in "\"“(‘'"


def _not_quantity(rest: str) -> bool:
    """An enumeration's text may start in lower case, but "(30) days" is a number in brackets, not an item."""
    return not UNIT_WORDS.match(rest) and not re.match(r"^[\d$€£%,.\-/]", rest)


def _is_toc(rest: str | None) -> bool:
    return bool(rest) and bool(TOC_TAIL.search(rest)) and len(rest) < 100 and (
        "..." in rest or "…" in rest or _title_like(TOC_TAIL.sub("", rest), 0.6))


def _enum_style(label: str, previous_alpha: str) -> str:
    if label.isdigit():
        return "digit"
    if ROMAN_LOWER.match(label) and not (label == "i" and previous_alpha == "h") and not (
            label in ("v", "x", "l", "c") and previous_alpha and ALPHA_ORDER.find(label) == ALPHA_ORDER.find(
            previous_alpha) + 1):
        return "roman"
    if re.fullmatch(ROMAN, label) and label not in ("C", "D", "L", "M") and len(label) > 1:
        return "ROMAN"
    if label.islower():
        return "alpha"
    return "ALPHA"


def _starts(text: str) -> list[_Start]:
    """Where each clause begins, with its number, heading and kind."""
    starts: list[_Start] = []
    offset = 0
    previous_alpha = ""
    in_article = False
    awaiting_heading = False  # the last start was a bare "ARTICLE IV" / "Schedule A" / "7." line
    lines = text.split("\n")
    previous = ""  # the line above in the same block ("" after a blank line)
    joined_line = -1
    for k, raw in enumerate(lines):
        line = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        at = offset + lead
        offset += len(raw) + 1
        above, previous = previous, line
        if not line:
            continue
        if awaiting_heading:
            awaiting_heading = False
            if _caps_heading(line) or (len(line) <= 60 and _title_like(line) and not line.endswith((".", ","))):
                starts[-1].heading = line.rstrip(".:").strip()
                continue
        m = ARTICLE.match(line)
        if m and (not m.group("rest") or _plausible_rest(m.group("rest"))) and not _is_toc(m.group("rest")):
            in_article = True
            starts.append(_Start(at, _norm(m.group("number")), _heading(m.group("rest") or ""), "article"))
            previous_alpha = ""
            awaiting_heading = not (m.group("rest") or "").strip()
            continue
        m = ANNEX.match(line)
        if m and (not m.group("rest") or _plausible_rest(m.group("rest"))) and not _is_toc(m.group("rest")):
            starts.append(_Start(at, _norm(m.group("number")), _heading(m.group("rest") or ""), "annex"))
            previous_alpha = ""
            awaiting_heading = not (m.group("rest") or "").strip()
            continue
        m = SECTION.match(line)
        if m and _plausible_rest(m.group("rest")) and not _is_toc(m.group("rest")):
            number = _norm(m.group("number"))
            depth = number.count(".") + 1
            starts.append(_Start(at, number, _line_heading(m.group("rest") or "", lines, k), "section", depth))
            previous_alpha = ""
            awaiting_heading = not (m.group("rest") or "").strip()
            continue
        m = DECIMAL.match(line)
        if m and m.group("rest") and _plausible_rest(m.group("rest")) and not _is_toc(m.group("rest")):
            number = m.group("number")
            starts.append(_Start(at, number, _line_heading(m.group("rest"), lines, k), "decimal",
                                 number.count(".") + 1))
            previous_alpha = ""
            continue
        m = INTEGER.match(line)
        if m and _plausible_rest(m.group("rest")) and not _is_toc(m.group("rest")) and (
                m.group("dot") or (_title_like(m.group("rest")[:60]) and not re.search(r"\d", m.group("rest")))
        ) and int(m.group("number")) > 0:
            starts.append(_Start(at, m.group("number"), _line_heading(m.group("rest"), lines, k), "integer", 1))
            previous_alpha = ""
            continue
        m = PAREN.match(line) or LETTER.match(line)
        if m and (_plausible_rest(m.group("rest")) or (m.re is PAREN and _not_quantity(m.group("rest")))):
            label = m.group("label")
            style = _enum_style(label, previous_alpha)
            if style == "alpha":
                previous_alpha = label
            if m.re is PAREN or style in ("alpha", "roman") or len(m.group("rest")) > 20:
                number = f"({label})" if m.re is PAREN else f"{label}."
                starts.append(_Start(at, number, _heading(m.group("rest")), "enum:" + style))
                continue
        m = DEFINITION.match(line)
        if m:
            starts.append(_Start(at, "", m.group("term").strip(), "definition"))
            continue
        if k == joined_line:  # the second line of a two-line capitals heading
            continue
        if _caps_heading(line) and not TOC_TAIL.search(line):
            if not _in_caps_paragraph(line, above, lines[k + 1].strip() if k + 1 < len(lines) else ""):
                starts.append(_Start(at, "", line.rstrip(".:").strip(), "caps"))
            elif _caps_heading_goes_on(line, above, lines, k):
                joined_line = k + 1
                starts.append(_Start(at, "", f"{line} {lines[k + 1].strip().rstrip('.:')}", "caps"))
    if sum(s.kind in STRUCTURAL for s in starts) < 3:  # an unnumbered document: its headings are Title Case lines
        known = {s.offset for s in starts}
        starts = sorted([*starts, *(s for s in _title_headings(text) if s.offset not in known)], key=lambda s: s.offset)
    _levels(starts, in_article)
    return starts


def _title_heading(line: str) -> bool:
    """A short Title Case line with no numbers or punctuation: "Personal Technical Support" (not "Kind Regards")."""
    words = line.split()
    return (2 <= len(words) <= 6 and len(line) <= 50 and not re.search(r"[\d,;:.$%/@()\[\]&*]", line)
            and words[0].lower() not in SMALL_WORDS and words[0].lower() not in _letter_words()
            and _title_like(line, share=1.0))


@cache
def _letter_words() -> frozenset[str]:
    return frozenset(resources.load_toml("extract", "layout.toml")["headings"]["letter_words"])


def _reads_as_text(line: str) -> bool:
    """A line of running text: four words or more, two of them in lower case (names and titles have none)."""
    words = line.split()
    return len(words) >= 4 and sum(w[:1].islower() for w in words) >= 2


def _title_headings(text: str) -> list[_Start]:
    """Headings of a document with no numbered ones (a letter-style proposal set in bold Title Case, which the
    text layer does not show): a Title Case line standing alone, after a finished sentence, a blank line or
    another such heading, whose next line is a line of text, a bullet, or another such heading that leads to
    one (not a signature block's "Chief Executive Officer" under "John Smith, Esq.", nor a closing run of
    names and titles that never reaches text)."""
    starts, filled, offset = [], [], 0
    for i, raw in enumerate(text.split("\n")):
        starts.append(offset + len(raw) - len(raw.lstrip()))
        offset += len(raw) + 1
        if raw.strip():
            filled.append((i, raw.strip()))
    leads = [False] * len(filled)  # the line opens a section: text (or a bullet) follows, maybe after headings
    for k in range(len(filled) - 2, -1, -1):
        nxt = filled[k + 1][1]
        leads[k] = _reads_as_text(nxt) or nxt[0] in "-–•*" or (_title_heading(nxt) and leads[k + 1])
    out: list[_Start] = []
    for k, (i, line) in enumerate(filled):
        previous = filled[k - 1][1] if k and filled[k - 1][0] == i - 1 else ""  # "" after a blank line
        if (leads[k] and _title_heading(line)
                and (not previous or _title_heading(previous)
                     or (previous.endswith((".", "!", "?", ":")) and any(w[:1].islower() for w in previous.split())))):
            out.append(_Start(starts[i], "", line, "caps"))
    return out


def _norm(number: str) -> str:
    return " ".join(number.split()).rstrip(".")


def _levels(starts: list[_Start], has_articles: bool) -> None:
    """Nesting depth: articles and annexes 1; numbers by their components (under an article, one deeper);
    enumerations below the last number, in the order their styles first appear; definitions one below."""
    base = 1  # level of the current numbered clause
    styles: list[str] = []
    seen_article = False
    for s in starts:
        if s.kind in ("article", "annex"):
            s.depth = 1
            base = 1
            styles = []
            seen_article = s.kind == "article" or seen_article
        elif s.kind in ("section", "decimal", "integer"):
            s.depth = s.depth + (1 if seen_article and has_articles else 0)
            base = s.depth
            styles = []
        elif s.kind.startswith("enum:"):
            style = s.kind[5:]
            if style not in styles:
                styles.append(style)
            else:
                del styles[styles.index(style) + 1:]
            s.depth = base + styles.index(style) + 1
        elif s.kind == "definition":
            s.depth = base + 1
        else:  # caps heading
            s.depth = 1
            base = 1
            styles = []


def split_clauses(doc: Document) -> tuple[Clause, ...]:
    """One clause per heading; text before the first heading becomes a preamble clause (level 0)."""
    text = doc.text
    starts = _starts(text)
    if not starts or text[:starts[0].offset].strip():
        starts.insert(0, _Start(0, "", "", "preamble", 0))
    clauses: list[Clause] = []
    pending_heading = ""
    for i, s in enumerate(starts):
        end = starts[i + 1].offset if i + 1 < len(starts) else len(text)
        raw = text[s.offset:end]
        body = raw.strip()
        if not body:
            continue
        heading = s.heading
        if s.kind == "caps" and " ".join(body.split()) == heading and i + 1 < len(starts) and not starts[i + 1].heading:
            pending_heading = heading  # a capitals heading alone on its line names the clause below it
            continue
        if pending_heading and not heading:
            heading = pending_heading
        pending_heading = ""
        start = s.offset + (len(raw) - len(raw.lstrip()))
        stop = start + len(body)
        clauses.append(Clause(f"c{len(clauses) + 1}", s.number, heading, body, start, stop,
                              doc.spans(start, stop, lines=1), level=s.depth))
    return tuple(clauses)
