"""Plain, frozen data types shared by every layer (no Qt, no I/O).

Coordinates are PDF points with the origin at the top-left of the page's CropBox (as the
page is displayed, i.e. after /Rotate). Page numbers are 1-based everywhere, because every
citation a user sees is 1-based. Character offsets index ``Document.text``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class Word:
    """One word on a page with its box."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Span:
    """A region of the document: one box on one page, plus the character range it covers."""

    page: int
    bbox: BBox
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its size (as displayed) and whether it carries a usable text layer."""

    number: int
    width: float
    height: float
    rotation: int = 0
    has_text: bool = True
    start: int = 0  # offset of the page's first character in Document.text
    end: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table on one page: its box and its cells' text, row by row (empty cells are "")."""

    page: int
    bbox: BBox
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Document:
    """The text of a PDF in reading order, with a box for every word.

    ``text`` is the words joined in reading order (spaces within a line, ``\\n`` between lines,
    ``\\n\\n`` between blocks and pages); ``word_starts[i]`` is where ``words[i]`` starts in it.
    """

    path: str
    sha256: str
    pages: tuple[Page, ...]
    words: tuple[Word, ...]
    word_starts: tuple[int, ...]
    text: str
    warnings: tuple[str, ...] = ()
    title: str = ""
    tables: tuple[Table, ...] = ()  # ruled tables, when read (extractors.tables)
    furniture: tuple[Word, ...] = ()  # running headers, footers and page numbers kept out of text and words

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text_layer(self) -> str:
        """'full', 'partial' or 'none': how many pages carry text."""
        with_text = sum(p.has_text for p in self.pages)
        if not self.pages or with_text == 0:
            return "none"
        return "full" if with_text == len(self.pages) else "partial"

    @property
    def pages_without_text(self) -> list[int]:
        return [p.number for p in self.pages if not p.has_text]

    def page_at(self, offset: int) -> int:
        """1-based page number of the character at ``offset`` (0 when there are no pages)."""
        if not self.pages:
            return 0
        starts = [p.start for p in self.pages]
        return self.pages[max(0, bisect_right(starts, offset) - 1)].number

    def first_box(self, start: int, end: int) -> Span | None:
        """The box of the first word of text[start:end]: where a sentence starts, without building every line's
        box (``spans``)."""
        i = bisect_right(self.word_starts, start) - 1
        if i < 0 or i >= len(self.words):
            i = 0
        if self.words and self.word_starts[i] + len(self.words[i].text) <= start:
            i += 1
        if i >= len(self.words) or self.word_starts[i] >= end:
            return None
        w = self.words[i]
        return Span(w.page, (w.x0, w.top, w.x1, w.bottom), self.word_starts[i], self.word_starts[i] + len(w.text))

    def spans(self, start: int, end: int, lines: int | None = None) -> tuple[Span, ...]:
        """Boxes covering text[start:end]: one box per line per page, for highlights and citations; only the
        first ``lines`` of them when a caller needs no more (a clause is located by its first line)."""
        if end <= start or not self.words:
            return ()
        first = max(0, bisect_right(self.word_starts, start) - 1)
        last = bisect_left(self.word_starts, end)
        out: list[Span] = []
        cur: list[float] | None = None
        cur_page = -1
        cur_range = [0, 0]
        for i in range(first, last):
            w = self.words[i]
            ws = self.word_starts[i]
            we = ws + len(w.text)
            if we <= start:
                continue
            same_line = (
                cur is not None
                and w.page == cur_page
                and abs(w.top - cur[1]) < 0.6 * max(1.0, w.bottom - w.top)
                and w.x0 >= cur[0] - 1
            )
            if same_line and cur is not None:
                cur[0] = min(cur[0], w.x0)
                cur[1] = min(cur[1], w.top)
                cur[2] = max(cur[2], w.x1)
                cur[3] = max(cur[3], w.bottom)
                cur_range[1] = we
            else:
                if cur is not None:
                    out.append(Span(cur_page, (cur[0], cur[1], cur[2], cur[3]), *cur_range))
                    if lines is not None and len(out) >= lines:
                        return tuple(out)
                cur = [w.x0, w.top, w.x1, w.bottom]
                cur_page = w.page
                cur_range = [ws, we]
        if cur is not None:
            out.append(Span(cur_page, (cur[0], cur[1], cur[2], cur[3]), cur_range[0], cur_range[1]))
        return tuple(out)


@dataclass(frozen=True)
class Clause:
    """A numbered section or paragraph, with the topics it speaks to and the cue that said so."""

    id: str
    number: str
    heading: str
    text: str
    start: int
    end: int
    spans: tuple[Span, ...]  # the first line's box: where the clause is shown and cited
    topics: tuple[str, ...] = ()
    cues: tuple[tuple[str, str], ...] = ()  # (topic, the cue phrase that matched)
    level: int = 1

    @property
    def page(self) -> int:
        return self.spans[0].page if self.spans else 0

    @property
    def label(self) -> str:
        """How a citation names this clause: '§5.2 Support hours' or the heading alone."""
        parts = [f"§{self.number}" if self.number else "", self.heading]
        return " ".join(p for p in parts if p).strip()


@dataclass(frozen=True)
class Fact:
    """A normalized value found in the text: duration, money, percent, date, payment terms…"""

    kind: str
    topic: str
    value: dict[str, Any]
    normalized: str
    text: str
    span: Span | None
    clause_id: str
    start: int = 0
    end: int = 0


PARTY_ROLES = ("provider", "customer", "other", "unclear")
ACTORS = ("provider", "customer", "both", "third_party", "none")
STANCES = ("commitment", "disclaimer", "permission", "definition", "condition", "statement", "fragment")


@dataclass(frozen=True)
class Party:
    """A party the document names: its name, the short names it defines for itself, and its role.

    ``role`` is ``provider`` (performs the services, supplies the product, support or hosting), ``customer``
    (receives them and pays), ``other``, or ``unclear`` when the document does not say (a mutual agreement).
    ``source`` says where it was read: preamble, cover, signature, voice (we / you), or user (set by hand).
    """

    name: str
    aliases: tuple[str, ...] = ()
    role: str = "unclear"
    span: Span | None = None
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases) if self.name else self.aliases


@dataclass(frozen=True)
class PartyChoice:
    """The user's word on who provides and who receives (``--provider`` / ``--customer``, the window's fields):
    a name found in the document takes that role, a name found nowhere is used as given."""

    provider: str = ""
    customer: str = ""

    def __bool__(self) -> bool:
        return bool(self.provider or self.customer)


@dataclass(frozen=True)
class Statement:
    """One sentence or enumerated item, framed: who it binds, what it does, and the kind of clause it is in.

    ``actor``: provider | customer | both | third_party | none. ``stance``: commitment | disclaimer | permission |
    definition | condition | statement | fragment. ``negated``: the main verb is negated ("will not", "no …").
    ``family``: the clause family from resources/extract/families.toml (service, commercial, or a boilerplate
    family such as law, confidentiality or force_majeure). ``start``/``end`` index ``Document.text``.
    """

    actor: str
    stance: str
    negated: bool
    family: str
    start: int
    end: int
    span: Span | None = None
    clause_id: str = ""
    subject: str = ""  # the words the actor was read from ("Licensee", "we", "alerts")
    heading_family: str = ""  # the family the clause's headings name, "" when they name none

    @property
    def polarity(self) -> str:
        return "negative" if self.negated else "positive"


@dataclass(frozen=True)
class Contact:
    """A way to reach someone that the document gives: ``kind`` is 'E-mail' or 'Phone'."""

    kind: str
    value: str
    start: int
    span: Span | None = None

    @property
    def page(self) -> int:
        return self.span.page if self.span else 0


@dataclass(frozen=True)
class Citation:
    """One sentence that states (or only mentions) a topic: what the sheet, the window and the CSV quote.

    ``status`` is ``stated`` when the sentence states the topic, ``mentioned`` when it only names it (a heading,
    a neighbouring concept such as force majeure for third-party dependence). ``value`` is read from this
    sentence or its table row only; ``actor`` says who holds the right or duty it states.
    """

    topic: str
    quote: str
    start: int
    end: int
    page: int
    bbox: BBox | None
    clause_id: str
    confidence: float
    status: str = "stated"
    value: str = ""
    actor: str = ""
    stance: str = ""
    family: str = ""
    cue: str = ""


@dataclass(frozen=True)
class Disclosure:
    """Whether the document states a topic up front, its principal value, and the sentences that say so.

    ``citations`` are ranked, best first; ``present`` and ``value`` follow from them. ``evidence`` lists the
    clause ids of the citations (kept for the CLI JSON's stable ``evidence`` field).
    """

    topic: str
    present: bool
    value: str = ""
    evidence: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()

    @property
    def best(self) -> Citation | None:
        return self.citations[0] if self.citations else None

    @property
    def status(self) -> str:
        """stated | mentioned | absent: what the best citation does (a topic may be mentioned, not present)."""
        return self.citations[0].status if self.citations else "absent"


@dataclass(frozen=True)
class Extraction:
    """Everything the extractors know about one document."""

    document: Document
    clauses: tuple[Clause, ...]
    facts: tuple[Fact, ...]
    disclosures: tuple[Disclosure, ...]
    kind: str = "contract"  # proposal | sla | services | contract
    meta: dict[str, str] = field(default_factory=dict)  # title when found
    parties: tuple[Party, ...] = ()
    statements: tuple[Statement, ...] = ()
    contacts: tuple[Contact, ...] = ()
