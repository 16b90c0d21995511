"""Sheet -> PDF bytes with reportlab platypus, in the bundled DejaVu Sans so €, £, quotes and accents print.

Every string that comes from the document (or the user) is escaped before it meets reportlab's paragraph
markup, so a contract that contains ``<b>``, ``&`` or ``<para>`` prints those characters literally.
Status is carried by a symbol and a word, never by colour alone, so the sheet reads in black and white.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

import resources
from checks.report import tool_version
from desktop.sheet.config import sheet_config
from desktop.sheet.content import Sheet, SheetLine
from desktop.sheet.options import SheetOptions, resolve_paper

FONT = "UpfrontSans"
FONT_BOLD = "UpfrontSans-Bold"
MARGIN = 18 * mm
STATUS_WIDTH = 64
QUOTE_SIZE = 8
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#888888")
SHADE = {"missing": colors.HexColor("#eeeeee"), "vague": colors.HexColor("#f6f6f6"),
         "mentioned": colors.HexColor("#f2f2f2")}
STATUS_INK = {"stated": colors.HexColor("#1b5e20"), "missing": colors.HexColor("#8b0000"),
              "vague": colors.HexColor("#6d4c00"), "mentioned": colors.HexColor("#4a4a4a")}


class _CachedWidthFont(TTFont):
    """A TTFont that remembers word widths: without reportlab's optional C accelerator, measuring every
    word in pure Python is most of the time spent laying out a sheet, and the same words recur."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[str, float, str], float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # reportlab's name
        key = (text, size, encoding)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > 200_000:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


@cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans once per process (so <b> maps to the bold face)."""
    pdfmetrics.registerFont(_CachedWidthFont(FONT, str(resources.path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(_CachedWidthFont(FONT_BOLD, str(resources.path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


NBSP = "\u00a0"
MISSING_GLYPH = "\ufffd"


@cache
def _covered() -> frozenset[int]:
    """Code points both bundled faces can draw."""
    register_fonts()
    faces = [_face(FONT), _face(FONT_BOLD)]
    return frozenset(faces[0]) & frozenset(faces[1])


def _face(name: str) -> dict[int, int]:
    return pdfmetrics.getFont(name).face.charToGlyph


def _drawable(ch: str) -> str:
    """``ch`` itself, its compatibility form (ﬁ -> fi, full-width letters), or U+FFFD when DejaVu lacks it."""
    covered = _covered()
    if ord(ch) in covered:
        return ch
    alt = unicodedata.normalize("NFKC", ch)
    if alt and all(ord(c) in covered for c in alt):
        return alt
    return MISSING_GLYPH


def printable(text: object) -> str:
    """What the sheet can print of ``text``: control characters and lone surrogates (a damaged text layer
    has them) become spaces, and characters the bundled font cannot draw become U+FFFD rather than an
    invisible box that would also read back as garbage."""
    text = _UNPRINTABLE.sub(" ", str(text))
    covered = _covered()
    if all(ord(ch) in covered or ch in "\n\t" for ch in text):
        return text
    return "".join(ch if ord(ch) in covered or ch in "\n\t" else _drawable(ch) for ch in text)


def keep_last_words(text: str) -> str:
    """Join the last two words with a no-break space so a wrapped title never ends on one orphan word."""
    head, sep, last = text.rpartition(" ")
    return f"{head}{NBSP}{last}" if sep and head else text


def esc(text: object) -> str:
    """Document text made safe for Paragraph markup (&, <, > and quotes become entities)."""
    return escape(printable(text), {'"': "&quot;"})


@cache
def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    out = {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=13, textColor=MUTED, spaceAfter=6),
        "reader": ParagraphStyle("reader", base, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceBefore=8,
                                 spaceAfter=1),
        "intro": ParagraphStyle("intro", base, textColor=MUTED, spaceAfter=4),
        "section": ParagraphStyle("section", base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=7,
                                  spaceAfter=3),
        "status": ParagraphStyle("status", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "key": ParagraphStyle("key", base, fontName=FONT_BOLD, fontSize=8.5, leading=11, textColor=MUTED),
        "legend": ParagraphStyle("legend", base, fontSize=8, leading=10, textColor=MUTED, spaceBefore=4),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9, textColor=MUTED),
    }
    for status in ("stated", "mentioned", "missing", "vague"):
        out[f"row-{status}"] = ParagraphStyle(
            f"row-{status}", base, leftIndent=STATUS_WIDTH, bulletIndent=0, bulletFontName=FONT_BOLD,
            bulletFontSize=8, bulletColor=STATUS_INK[status], backColor=SHADE.get(status),
            borderPadding=(2, 2, 3, 2), spaceBefore=2, spaceAfter=5)
    return out


def _status_words() -> dict[str, dict[str, str]]:
    return sheet_config()["status"]


def status_markup(status: str) -> str:
    s = _status_words().get(status, {"symbol": "", "word": status})
    ink = STATUS_INK.get(status, INK).hexval()[2:]
    return f'<font color="#{ink}">{esc(s["symbol"])} {esc(s["word"])}</font>'


def _cite(line: SheetLine) -> str:
    """The citation in bold, unbreakable ('p.' never parts from its number)."""
    return f"<b>{esc(line.citation).replace(' ', NBSP)}</b>" if line.citation else ""


def _quote_markup(line: SheetLine) -> str:
    """The proposal's own words and the citation, on the line's second row in small grey type.

    The citation is glued to the last word before it with no-break spaces: a line holding only 'p. 4'
    would look like a page number to a reader of the PDF (the project's own reader drops such lines)."""
    grey = f'<font size="{QUOTE_SIZE}" color="#{MUTED.hexval()[2:]}">'
    if line.quote:
        tail = f"{NBSP}—{NBSP}{_cite(line)}" if line.citation else ""
        return f"<br/>{grey}“{esc(line.quote)}”{tail}</font>"
    if line.citation:
        return f"{NBSP}—{NBSP}{grey}{_cite(line)}</font>"
    return ""


class RowParagraph(Paragraph):
    """A sheet line: moved whole to the next page rather than split, unless it is taller than a page."""

    max_unsplit = 360.0  # points; a line this tall (never, with quotes capped) may still split

    def split(self, availWidth, availHeight):  # reportlab's names
        if getattr(self, "height", 0) <= self.max_unsplit:
            return []
        return super().split(availWidth, availHeight)


def row_style(status: str) -> ParagraphStyle:
    """A line is one paragraph whose bullet is the status, hanging in the left column."""
    return styles()[f"row-{status}"] if f"row-{status}" in styles() else styles()["row-stated"]


def line_paragraph(line: SheetLine, point: int = 0) -> Paragraph:
    """One sheet line as a single paragraph: laid out once, never split between its parts.

    ``point`` is the number of the open point that asks about this line's missing topic, if any."""
    s = _status_words().get(line.status, {"symbol": "", "word": line.status})
    body = f"<bullet>{esc(s['symbol'])} {esc(s['word'])}</bullet><b>{esc(line.label)}</b> — {esc(line.text)}"
    if point:
        body += f" See open point {point}."
    return RowParagraph(body + _quote_markup(line), row_style(line.status))


def summary_markup(lines: list[SheetLine]) -> str:
    """'In this proposal: ✓ 8 stated · ✗ 9 not stated · ? 3 unclear' for one reader's topics."""
    words = _status_words()
    counts = {status: sum(ln.status == status for ln in lines)
              for status in ("stated", "mentioned", "missing", "vague")}
    parts = [f"{esc(words[k]['symbol'])} {n} {esc(words[k]['word'].lower())}" for k, n in counts.items() if n]
    return "In this proposal, for these topics: " + " · ".join(parts) + "." if parts else ""


def point_paragraph(n: int, point: SheetLine, sheet: Sheet) -> Paragraph:
    """An open point: a tick box and number, the status in words, the question, then the quote."""
    s = _status_words().get(point.status, {"symbol": "", "word": point.status})
    lead = f"{s['symbol']} {s['word']}"
    if point.severity and point.status != "missing":
        lead += f" ({point.severity})"
    body = f"<bullet>☐ {n}.</bullet><b>{esc(lead)} · {esc(point.label)}:</b> {esc(point.text)}"
    if len(sheet.readers) > 1 and point.readers:
        who = ", ".join(sheet.reader_titles.get(r, r).removeprefix("For ") for r in point.readers)
        body += f" [{esc(who)}]"
    return RowParagraph(body + _quote_markup(point), row_style(point.status))


def _header_block(sheet: Sheet, width: float) -> list:
    st = styles()
    out: list = [Paragraph(esc(keep_last_words(sheet.title or "Expectations sheet")), st["title"])]
    who = " · ".join(esc(sheet.reader_titles.get(r, r)) for r in sheet.readers)
    out.append(Paragraph(f"Expectations sheet — {who}", st["subtitle"]))
    fields = [
        ("Provider", sheet.provider or "not named"),
        ("Customer", sheet.customer or "not named"),
        ("Date", sheet.date),
        ("Prepared by", sheet.prepared_by),
        ("Contact", sheet.contact),
        ("Source", f"{sheet.source_name} (sha256 {sheet.short_sha})"),
    ]
    rows = [[Paragraph(esc(k), st["key"]), Paragraph(esc(v), st["base"])] for k, v in fields if v]
    table = Table(rows, colWidths=[70, width - 70], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
    ]))
    out.append(table)
    legend = " &nbsp; &nbsp; ".join(status_markup(s) for s in ("stated", "mentioned", "missing", "vague"))
    out.append(Paragraph(
        f"{legend}<br/>Every line cites the page and section of the proposal it comes from; quotes are the "
        "proposal's own words. Open points at the end are questions to settle before signing.", st["legend"]))
    return out


def _open_points_block(sheet: Sheet) -> list:
    st = styles()
    heading = Paragraph("Open points to agree before signing", st["reader"])
    if not sheet.open_points:
        out: list = [CondPageBreak(40), heading]
        out.append(Paragraph("No open points remain for this reader.", st["intro"]))
        return out
    out = [CondPageBreak(90), heading,  # the heading keeps at least the first point with it
           Paragraph("Tick each point when the provider has answered it in writing.", st["intro"])]
    out.extend(point_paragraph(n, p, sheet) for n, p in enumerate(sheet.open_points, 1))
    if sheet.more_points:
        out.append(Paragraph(f"{sheet.more_points} more wording questions are listed in the Upfront review of "
                             f"{esc(sheet.source_name)}.", st["legend"]))
    return out


def story(sheet: Sheet, width: float) -> list:
    """The flowables of the whole sheet, reader block by reader block, then the open points."""
    st = styles()
    out = _header_block(sheet, width)
    no_contact = SheetLine("contact/none", "contacts", "No contact details",
                           "none were found in the proposal: ask the provider for a named contact and how to "
                           "reach them.", status="missing")
    asked = {p.topic: n for n, p in enumerate(sheet.open_points, 1) if p.status in ("missing", "mentioned")
             and p.topic}
    for i, reader in enumerate(sheet.readers):
        if i:
            out.append(PageBreak())
        out.append(Paragraph(esc(sheet.reader_titles.get(reader, reader)), st["reader"]))
        topic_lines = {ln.id: ln for sec in sheet.reader_sections(reader) for ln in sec.lines if ln.topic}
        intro = esc(sheet.reader_intros.get(reader, ""))
        summary = summary_markup(list(topic_lines.values()))
        out.append(Paragraph(f"{intro}<br/>{summary}" if summary else intro, st["intro"]))
        for section in sheet.reader_sections(reader):
            heading = Paragraph(esc(section.heading), st["section"])
            rows = [line_paragraph(ln, asked.get(ln.topic, 0) if ln.status in ("missing", "mentioned") else 0)
                    for ln in section.lines or (no_contact,)]
            # never a heading alone at the foot of a page: it moves with its first line, however tall that is
            out.append(KeepTogether([heading, rows[0]]))
            out.extend(rows[1:])
    out.extend(_open_points_block(sheet))
    return out


def fit(text: str, room: float, size: float) -> str:
    """``text`` cut with an ellipsis so it fits ``room`` points on a canvas line."""
    if pdfmetrics.stringWidth(text, FONT, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds every page until the end so the footer can say 'Page X of Y'."""

    footer_left = ""
    running_title = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = self._pagesize
        y = MARGIN * 0.55
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(MARGIN, y + 9, width - MARGIN, y + 9)
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        right = f"Page {self._pageNumber} of {total}"
        room = width - 2 * MARGIN - pdfmetrics.stringWidth(right, FONT, 7.5) - 12
        self.drawString(MARGIN, y, fit(self.footer_left, room, 7.5))
        self.drawRightString(width - MARGIN, y, right)
        if self._pageNumber > 1 and self.running_title:
            self.drawString(MARGIN, self._pagesize[1] - MARGIN * 0.6,
                            fit(self.running_title, width - 2 * MARGIN, 7.5))
        self.restoreState()


def render_sheet(sheet: Sheet, options: SheetOptions) -> bytes:
    """The sheet as PDF bytes, on A4 or Letter (``options.paper``; 'auto' follows the locale)."""
    register_fonts()
    pagesize = LETTER if resolve_paper(options.paper) == "letter" else A4
    buf = io.BytesIO()
    version = tool_version()
    readers = ", ".join(sheet.reader_titles.get(r, r).removeprefix("For ") for r in sheet.readers)
    doc = BaseDocTemplate(
        buf, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=printable(f"Expectations sheet: {sheet.title}"),
        subject=printable(f"What to expect from {sheet.source_name} — for {readers}"),
        creator=f"Upfront {version}", author=printable(sheet.prepared_by or "Upfront"),
        keywords="expectations sheet, upfront",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])
    source = sheet.source_name if len(sheet.source_name) <= 48 else sheet.source_name[:47] + "…"
    footer = printable(f"Generated by Upfront {version} · {source} · sha256 {sheet.short_sha}")

    class _Canvas(_NumberedCanvas):
        footer_left = footer
        running_title = printable(f"{sheet.title} — expectations sheet ({readers})")

    doc.build(story(sheet, doc.width), canvasmaker=_Canvas)
    return buf.getvalue()
