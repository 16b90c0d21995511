"""Generate the two sample proposals that ship with Upfront.

Both documents are invented for Upfront: "Brightline Software Ltd", its customers and every name, address,
price and phone number in them are made up.

* ``proposal-with-problems.pdf`` — a proposal to Northwind Logistics with planted vague wording,
  over-promises, undefined terms and missing disclosures (the app opens this one by default).
* ``proposal-clean.pdf`` — a proposal to Contoso Freight that states hours, response times, costs,
  exclusions and terms up front.

Run ``uv run python resources/samples/make_samples.py``. The output is deterministic (``invariant=1``), so
regenerating gives byte-identical files on the same reportlab version.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
VENDOR = "Brightline Software Ltd"
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = RIGHT_MARGIN = 22 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
GRID_GREY = colors.HexColor("#6b6b6b")
HEADER_FILL = colors.HexColor("#e4e8ee")
ACCENT = colors.HexColor("#1f4e79")


# --------------------------------------------------------------------------------------------- fonts/styles


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


def register_fonts() -> Fonts:
    """Register DejaVu Sans (so that € prints) from the system path; fall back to Helvetica."""
    fallback = Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")
    faces = {
        "DejaVuSans": DEJAVU_DIR / "DejaVuSans.ttf",
        "DejaVuSans-Bold": DEJAVU_DIR / "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique": DEJAVU_DIR / "DejaVuSans-Oblique.ttf",
    }
    registered: dict[str, str] = {}
    for name, path in faces.items():
        if not path.is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except TTFError:
            continue
        registered[name] = name
    if "DejaVuSans" not in registered:
        return fallback
    regular = "DejaVuSans"
    bold = registered.get("DejaVuSans-Bold", regular)
    italic = registered.get("DejaVuSans-Oblique", regular)
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
    return Fonts(regular, bold, italic)


@dataclass(frozen=True)
class Styles:
    fonts: Fonts
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_right_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle


def make_styles(fonts: Fonts) -> Styles:
    body = ParagraphStyle("Body", fontName=fonts.regular, fontSize=10, leading=14.2, spaceAfter=6)
    cell = ParagraphStyle("Cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    cell_head = ParagraphStyle("CellHead", parent=cell, fontName=fonts.bold)
    return Styles(
        fonts=fonts,
        kicker=ParagraphStyle("Kicker", parent=body, fontName=fonts.bold, fontSize=10, textColor=ACCENT, spaceAfter=10),
        title=ParagraphStyle("Title", parent=body, fontName=fonts.bold, fontSize=20, leading=25, spaceAfter=4),
        subtitle=ParagraphStyle("Subtitle", parent=body, fontSize=13, leading=17, textColor=ACCENT, spaceAfter=14),
        h1=ParagraphStyle(
            "H1",
            parent=body,
            fontName=fonts.bold,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "H2",
            parent=body,
            fontName=fonts.bold,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        lead=ParagraphStyle("Lead", parent=body, keepWithNext=1),
        bullet=ParagraphStyle("Bullet", parent=body, spaceAfter=2),
        cell=cell,
        cell_bold=ParagraphStyle("CellBold", parent=cell, fontName=fonts.bold),
        cell_right=ParagraphStyle("CellRight", parent=cell, alignment=TA_RIGHT),
        cell_right_bold=ParagraphStyle("CellRightBold", parent=cell, fontName=fonts.bold, alignment=TA_RIGHT),
        cell_head=cell_head,
        cell_head_right=ParagraphStyle("CellHeadRight", parent=cell_head, alignment=TA_RIGHT),
    )


# ------------------------------------------------------------------------------------------ story helpers


class StoryBuilder:
    """Small helpers that turn plain text into platypus flowables (all text is XML-escaped)."""

    def __init__(self, styles: Styles) -> None:
        self.s = styles
        self.story: list[Flowable] = []

    def title_block(self, title: str, subtitle: str, meta: Sequence[tuple[str, str]]) -> None:
        self.story.append(Paragraph(escape(VENDOR), self.s.kicker))
        self.story.append(Paragraph(escape(title), self.s.title))
        self.story.append(Paragraph(escape(subtitle), self.s.subtitle))
        rows = [[Paragraph(escape(k), self.s.cell_bold), Paragraph(escape(v), self.s.cell)] for k, v in meta]
        table = Table(rows, colWidths=[32 * mm, FRAME_WIDTH - 32 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.75, ACCENT),
                ]
            )
        )
        self.story.append(table)
        self.story.append(Spacer(1, 4 * mm))

    def h1(self, text: str) -> None:
        self.story.append(CondPageBreak(30 * mm))
        self.story.append(Paragraph(escape(text), self.s.h1))

    def h2(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.s.h2))

    def p(self, *sentences: str) -> None:
        """One paragraph made of whole sentences, joined by single spaces."""
        self.story.append(Paragraph(escape(" ".join(sentences)), self.s.body))

    def lead(self, *sentences: str) -> None:
        """A paragraph that introduces the next table and stays on the same page as it."""
        self.story.append(Paragraph(escape(" ".join(sentences)), self.s.lead))

    def bullets(self, items: Sequence[str]) -> None:
        flow = ListFlowable(
            [ListItem(Paragraph(escape(item), self.s.bullet), leftIndent=14) for item in items],
            bulletType="bullet",
            start="•",
            bulletFontName=self.s.fonts.regular,
            bulletFontSize=9,
            leftIndent=14,
            spaceAfter=6,
        )
        self.story.append(flow)
        self.story.append(Spacer(1, 3))

    def grid_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        right_cols: Sequence[int] = (),
        total_row: bool = False,
    ) -> None:
        """A table with real grid lines; ``right_cols`` are right-aligned (amounts), last row bold if total."""
        s = self.s
        data: list[list[Paragraph]] = [
            [Paragraph(escape(h), s.cell_head_right if i in right_cols else s.cell_head) for i, h in enumerate(header)]
        ]
        for r, row in enumerate(rows):
            bold = total_row and r == len(rows) - 1
            cells: list[Paragraph] = []
            for i, value in enumerate(row):
                if i in right_cols:
                    style = s.cell_right_bold if bold else s.cell_right
                else:
                    style = s.cell_bold if bold else s.cell
                cells.append(Paragraph(escape(value), style))
            data.append(cells)
        table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, GRID_GREY),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]
        if total_row:
            commands.append(("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL))
        table.setStyle(TableStyle(commands))
        self.story.append(table)
        self.story.append(Spacer(1, 8))

    def signature_section(self, heading: str, sentences: Sequence[str], customer: str) -> None:
        """The closing section: heading, text and signature lines kept together on one page."""
        s = self.s
        intro = [Paragraph(escape(heading), s.h1), Paragraph(escape(" ".join(sentences)), s.body)]
        col = (FRAME_WIDTH - 8 * mm) / 2
        label_w = 22 * mm
        rows: list[list[object]] = [
            [
                Paragraph(escape(f"For {customer}"), s.cell_bold),
                "",
                "",
                Paragraph(escape(f"For {VENDOR}"), s.cell_bold),
                "",
            ]
        ]
        for label in ("Name", "Title", "Signature", "Date"):
            lab = Paragraph(escape(f"{label}:"), s.cell)
            rows.append([lab, "", "", Paragraph(escape(f"{label}:"), s.cell), ""])
        widths = [label_w, col - label_w, 8 * mm, label_w, col - label_w]
        table = Table(rows, colWidths=widths, rowHeights=[8 * mm] + [10 * mm] * 4, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("SPAN", (0, 0), (1, 0)),
                    ("SPAN", (3, 0), (4, 0)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEBELOW", (1, 1), (1, -1), 0.6, colors.black),
                    ("LINEBELOW", (4, 1), (4, -1), 0.6, colors.black),
                ]
            )
        )
        self.story.append(KeepTogether([*intro, Spacer(1, 2 * mm), table]))


# ------------------------------------------------------------------------------------------------ documents

PRICE_WIDTHS = (FRAME_WIDTH - 74 * mm, 21 * mm, 26 * mm, 27 * mm)
PRICE_HEADER = ("Item", "Quantity", "Unit price", "Annual total")


def northwind_story(styles: Styles) -> list[Flowable]:
    """The proposal with planted problems (vague, over-promising, undefined, missing disclosures)."""
    b = StoryBuilder(styles)
    b.title_block(
        "Proposal for Northwind Logistics",
        "Brightline Dispatch cloud platform",
        [
            ("Prepared for", "Jana Whitfield, Head of Operations, Northwind Logistics"),
            ("Prepared by", "Daniel Okafor, Sales Director, Brightline Software Ltd"),
            ("Reference", "BL-P-2025-031"),
            ("Date", "3 March 2025"),
        ],
    )

    b.h1("1. Executive summary")
    b.p(
        "Northwind Logistics runs 85 delivery vehicles from depots in Rotterdam, Utrecht and Eindhoven and "
        "serves around 2,400 stops a day.",
        "Routes are planned in spreadsheets the evening before, drivers work from printed run sheets, and proof "
        "of delivery is collected on paper and keyed in by the back office the next morning.",
        "Northwind has asked Brightline for a platform that replaces these manual steps and gives its customers "
        "reliable delivery windows.",
    )
    b.p(
        "Brightline Dispatch is a cloud platform for route planning, dispatch and electronic proof of delivery, "
        "used by more than 140 carriers in the Netherlands, Belgium and Germany.",
        "This proposal describes what Brightline will deliver, how the rollout will run, the support Northwind "
        "can count on and the fees for the first year.",
    )
    b.p(
        "Brightline Dispatch offers seamless integration with the systems Northwind already uses.",
        "Planners keep working with the order data they know, while the platform calculates the routes, sends "
        "them to the drivers' phones and collects signatures and photos at every stop.",
        "Carriers of Northwind's size that moved to Brightline Dispatch in 2023 and 2024 reduced planning time "
        "per depot from around three hours to under 45 minutes.",
    )
    b.p("Northwind's goals for the project, as discussed in the meeting of 18 February 2025, are:")
    b.bullets(
        [
            "Plan all three depots from one system, with routes ready on the afternoon before delivery.",
            "Give every customer a two-hour delivery window and a live tracking link.",
            "Replace paper proof of delivery with signatures and photos captured in the driver app.",
            "Give management daily figures on on-time delivery and vehicle utilisation.",
        ]
    )

    b.h1("2. Scope of services")
    b.h2("2.1 Platform")
    b.p(
        "Brightline will provide Northwind with access to the Brightline Dispatch cloud platform for 85 vehicles "
        "and 20 planner and back-office users.",
        "The subscription covers the following modules:",
    )
    b.bullets(
        [
            "Route planning: overnight and same-day optimisation of multi-drop routes, taking account of vehicle "
            "capacity, delivery windows, driver shifts and loading order.",
            "Dispatch board: a live map of vehicles and stops, with drag-and-drop reassignment of stops between "
            "drivers during the day.",
            "Driver app: turn-by-turn navigation, electronic proof of delivery with signature and photo capture, "
            "and exception reporting for failed or refused deliveries.",
            "Customer notifications: SMS and e-mail messages with the planned delivery window and a live "
            "tracking link.",
            "Reporting: dashboards and scheduled exports for management and depot leads.",
        ]
    )
    b.p(
        "Standard dashboards (on-time delivery, driver utilisation, fuel consumption, etc.) are available from "
        "go-live.",
        "Each release passes more than 3,000 automated tests, so the software Northwind receives is error-free.",
    )
    b.h2("2.2 Implementation services")
    b.p(
        "Brightline will set up the platform for Northwind's three depots, create vehicle profiles and user "
        "accounts, load customer addresses and standing orders, and train planners and drivers.",
        "Brightline will also provide project management, configuration workshops and other services as needed.",
    )
    b.p(
        "Orders reach Brightline Dispatch from OrderHub 7, Northwind's order management system, through "
        "Brightline's standard REST connector, and the delivery status flows back to OrderHub as each stop is "
        "completed.",
        "Brightline will use reasonable efforts to complete the integration in a timely manner.",
    )
    b.h2("2.3 Training")
    b.p(
        "Planners attend a two-day workshop at their depot, covering route planning, the dispatch board and reporting.",
        "Drivers are trained in one-hour sessions at the start of their shift, and each depot receives a set of "
        "short videos in Dutch and English for new starters.",
    )
    b.h2("2.4 Driver app and third-party services")
    b.p(
        "The driver app runs on Android and iOS phones and tablets and keeps working when the mobile signal "
        "drops, sending its data once the connection is back.",
        "How do drivers get started?",
        "Easy — just download the mobile app from the App Store.",
    )
    b.p(
        "Routing data is provided by Google Maps, which will always be available.",
        "SMS notifications are delivered instantly through Twilio.",
        "E-mail notifications are sent from a Northwind address once Northwind's IT team has added the DNS "
        "records that Brightline provides.",
    )
    b.h2("2.5 Data and security")
    b.p(
        "Northwind's data is hosted in ISO 27001-certified data centres in Frankfurt and Amsterdam and does not "
        "leave the European Union.",
        "Data is encrypted in transit and at rest and backed up every night.",
        "Access by Brightline staff is logged and limited to the support team.",
    )

    b.h1("3. Implementation timeline")
    b.p(
        "Brightline has rolled out Brightline Dispatch for more than forty carriers of Northwind's size.",
        "We will get you up and running as soon as possible.",
        "The rollout follows four phases:",
    )
    b.bullets(
        [
            "Discovery: workshops with the planners at each depot to record delivery rules, vehicle types and "
            "customer time windows.",
            "Configuration and integration: set-up of depots, vehicles and users, and connection of OrderHub 7.",
            "Data migration and testing: loading of addresses and standing orders, followed by parallel "
            "planning runs alongside the current spreadsheets.",
            "Go-live: a depot-by-depot switch-over, starting with Rotterdam, with a Brightline consultant on site "
            "for the first day at each depot.",
        ]
    )
    b.p(
        "The data migration won't take long.",
        "Addresses and standing orders are loaded with Brightline's import tools, and records that fail "
        "validation are sent back to Northwind for correction before the parallel runs start.",
    )
    b.lead("The project team on both sides is set out below.")
    b.grid_table(
        ("Role", "Organisation", "Responsibilities"),
        [
            (
                "Project manager",
                "Brightline",
                "Plans the rollout, runs the weekly status call and keeps the project log.",
            ),
            (
                "Solution consultant",
                "Brightline",
                "Leads the discovery workshops and configures depots, vehicles and rules.",
            ),
            ("Integration engineer", "Brightline", "Connects OrderHub 7 and tests the order and status flows."),
            (
                "Project contact",
                "Northwind",
                "Takes decisions on delivery rules and depot set-up and coordinates Northwind staff.",
            ),
            (
                "Lead planner per depot",
                "Northwind",
                "Takes part in the workshops and parallel runs and checks the routes.",
            ),
        ],
        (42 * mm, 29 * mm, FRAME_WIDTH - 71 * mm),
    )

    b.h1("4. Support and service levels")
    b.p(
        "Support for Brightline Dispatch is provided by Brightline's service desk in Amsterdam.",
        "Northwind's users raise requests by e-mail to support@brightline.example, and every request receives a "
        "ticket number that Northwind can quote in later messages.",
    )
    b.p(
        "Northwind's planners and drivers get unlimited 24/7 support from our specialists.",
        "Issues are fixed promptly.",
        "Severity 1 incidents are assigned to a senior engineer, who keeps Northwind informed until the "
        "incident is closed.",
        "Other requests receive a first reply within 4 business hours.",
    )
    b.p(
        "The platform runs in two data centres with automatic failover and comes with guaranteed 100% uptime.",
        "New features are released every month and are switched on for all customers at the same time, with "
        "release notes published in the help centre.",
    )

    b.h1("5. Pricing")
    b.lead("The table below sets out the fees for the first year of the agreement.", "All amounts are in euro.")
    b.grid_table(
        PRICE_HEADER,
        [
            ("Brightline Dispatch subscription, per vehicle per year", "85", "€468.00", "€39,780.00"),
            ("Planner and back-office users, per user per year", "20", "€360.00", "€7,200.00"),
            ("SMS notification bundle, 50,000 messages per year", "1", "€2,750.00", "€2,750.00"),
            ("Implementation and configuration (one-off)", "1", "€18,500.00", "€18,500.00"),
            ("OrderHub 7 integration (one-off)", "1", "€9,800.00", "€9,800.00"),
            ("On-site training, per day", "4", "€1,100.00", "€4,400.00"),
            ("Total, first year", "", "", "€82,430.00"),
        ],
        PRICE_WIDTHS,
        right_cols=(1, 2, 3),
        total_row=True,
    )
    b.p(
        "Fees marked as one-off are charged once, for the implementation project.",
        "The subscription covers hosting, the driver app, customer notifications up to the bundle size and "
        "access to the help centre.",
        "Your subscription includes free upgrades forever.",
    )

    b.h1("6. Term and renewal")
    b.p(
        "The agreement starts on the date on which both parties have signed this proposal and runs for an "
        "initial term of 12 months.",
        "This agreement renews automatically each year.",
    )
    b.p(
        "Northwind's data remains Northwind's property, and Northwind can export its routes, stops and "
        "proof-of-delivery records from the platform as CSV files at any time.",
    )

    b.h1("7. Assumptions")
    b.p("This proposal is based on the following assumptions:")
    b.bullets(
        [
            "The quantities in section 5 are based on 85 vehicles and 20 planner and back-office users.",
            "Northwind names a project contact who can take decisions on delivery rules and depot set-up.",
            "Northwind provides its customer addresses and standing orders as CSV or Excel files.",
            "Drivers use company-issued Android or iOS devices with a mobile data plan.",
            "OrderHub 7 provides its standard order export interface, and Northwind's IT team gives Brightline "
            "access to it.",
        ]
    )

    b.signature_section(
        "8. Acceptance and signature",
        [
            "To accept this proposal, please sign below and return a copy to Daniel Okafor, Sales Director, at "
            "daniel.okafor@brightline.example.",
            "By signing, Northwind Logistics accepts the scope, fees and terms set out in this proposal.",
        ],
        "Northwind Logistics",
    )
    return b.story


def contoso_story(styles: Styles) -> list[Flowable]:
    """The honest, specific proposal: every disclosure present, no vague or over-promising wording."""
    b = StoryBuilder(styles)
    b.title_block(
        "Proposal for Contoso Freight",
        "Brightline Dispatch cloud platform",
        [
            ("Prepared for", "Lena Brandt, Director of Operations, Contoso Freight GmbH"),
            ("Prepared by", "Daniel Okafor, Sales Director, Brightline Software Ltd"),
            ("Reference", "BL-P-2025-044"),
            ("Date", "17 March 2025"),
        ],
    )

    b.h1("1. Executive summary")
    b.p(
        "Contoso Freight runs 60 vehicles from depots in Hamburg and Bremen and plans around 1,700 stops a day "
        "in its transport management system, FreightDesk 5.",
        "Contoso has asked Brightline for a platform that optimises routes, sends them to the drivers' phones "
        "and records proof of delivery electronically.",
    )
    b.p(
        "Brightline Dispatch is a cloud platform for route planning, dispatch and electronic proof of delivery, "
        "used by more than 140 carriers in the Netherlands, Belgium and Germany.",
        "This proposal states what is included and what is not, what Contoso needs to provide, when support is "
        "available and how long responses take, and what everything costs, so that both teams start with the "
        "same expectations.",
    )
    b.p(
        "In summary: go-live is planned for week 10 after the kick-off meeting, support is available on "
        "business days from 08:00 to 18:00 CET, the availability target is 99.5% per calendar month, and the "
        "fees for the first year are €62,880.00 excluding VAT.",
    )

    b.h1("2. Scope of services")
    b.h2("2.1 Platform")
    b.p(
        "Brightline will provide Contoso with access to the Brightline Dispatch cloud platform for 60 vehicles "
        "and 15 planner and back-office users.",
        "The subscription covers these modules:",
    )
    b.bullets(
        [
            "Route planning: overnight and same-day optimisation of multi-drop routes, taking account of vehicle "
            "capacity, delivery windows, driver shifts and loading order.",
            "Dispatch board: a live map of vehicles and stops, with drag-and-drop reassignment of stops between "
            "drivers during the day.",
            "Driver app: turn-by-turn navigation, electronic proof of delivery with signature and photo capture, "
            "and exception reporting for failed or refused deliveries.",
            "Customer notifications: SMS and e-mail messages with the planned two-hour delivery window and a "
            "live tracking link, with up to 40,000 SMS messages per year.",
            "Reporting: six standard dashboards (on-time delivery, driver utilisation, fuel consumption, stops "
            "per route, failed deliveries and notification status) and a nightly CSV export.",
        ]
    )
    b.h2("2.2 Implementation services")
    b.p(
        "Brightline will configure the platform for the Hamburg and Bremen depots, create vehicle profiles and "
        "user accounts, load Contoso's customer addresses and standing orders, and connect FreightDesk 5 "
        "through Brightline's standard REST connector.",
        "Brightline will also run two remote training sessions of three hours each: one for planners and one "
        "for Contoso's driver trainers, who then train the drivers.",
    )
    b.h2("2.3 Not included")
    b.p(
        "Not included: custom report development, hardware, training beyond two sessions, integrations with "
        "systems other than FreightDesk 5, and changes to Contoso's own systems.",
        "Hardware means the drivers' phones or tablets, in-cab mounts and mobile data plans, which Contoso provides.",
        "Brightline can deliver any of these items through a change order.",
    )
    b.h2("2.4 Changes to the scope")
    b.p(
        "Either party can propose a change to the scope.",
        "Changes are agreed through a written change order that describes the work, its effect on the timeline "
        "and its price, and work starts once both parties have signed it.",
        "Change orders are priced at the day and hour rates in section 5.2.",
    )
    b.h2("2.5 Contoso's responsibilities")
    b.p("The timeline in section 3 depends on Contoso providing the following:")
    b.bullets(
        [
            "A named project lead with authority to decide on delivery rules and depot set-up, available from week 1.",
            "Test data by week 2: customer addresses, standing orders and four weeks of historical orders.",
            "VPN access to the FreightDesk 5 test environment by week 2, and to the production environment by week 7.",
            "Phones or tablets for drivers running Android 12 or iOS 16 or later.",
            "Attendance of planners and driver trainers at the two training sessions.",
        ]
    )
    b.h2("2.6 Third-party services")
    b.p(
        "Map data is supplied by a third party; its availability is outside our control and is not covered by "
        "the availability target.",
        "SMS messages are delivered through a third-party SMS gateway and the mobile networks; delivery times "
        "depend on those networks and are not covered by the availability target.",
        "The driver app is distributed through the Apple App Store and Google Play; on devices managed by "
        "Contoso's mobile device management system, Contoso's IT team installs it.",
    )

    b.h1("3. Implementation timeline")
    b.h2("3.1 Milestones")
    b.lead(
        "Weeks are counted from the kick-off meeting, which takes place within 10 business days after signature.",
    )
    b.grid_table(
        ("Week", "Milestone", "Responsible"),
        [
            ("Week 1", "Kick-off meeting and discovery workshops at both depots", "Brightline and Contoso"),
            ("Week 2", "Test data and VPN access to the FreightDesk 5 test environment provided", "Contoso"),
            ("Weeks 3–6", "Configuration of depots, vehicles and users; FreightDesk 5 integration", "Brightline"),
            ("Week 7", "Data migration to production; training sessions", "Brightline"),
            ("Weeks 8–9", "Acceptance testing (10 business days)", "Contoso"),
            ("Week 10", "Go-live in Hamburg; Bremen follows one week later", "Brightline and Contoso"),
        ],
        (24 * mm, FRAME_WIDTH - 68 * mm, 44 * mm),
    )
    b.p(
        "Go-live is planned for week 10, subject to acceptance.",
        "If an input from Contoso arrives later than the week shown, the following milestones move by the same "
        "number of weeks, and Brightline confirms the revised dates in writing.",
    )
    b.h2("3.2 Acceptance testing")
    b.p(
        "Contoso has 10 business days from the delivery of each milestone to test it against the acceptance "
        "criteria agreed in the discovery workshops and to report defects in writing.",
        "A milestone is deemed accepted if Contoso reports no Severity 1 or Severity 2 defect within those 10 "
        "business days.",
        "Defects found during testing are corrected and the affected part is tested again, with a further 5 "
        "business days for the retest.",
    )

    b.h1("4. Support and service levels")
    b.h2("4.1 Support hours")
    b.p(
        "Support is available Monday to Friday, 08:00–18:00 Central European Time (CET), excluding public "
        "holidays in Germany.",
        "In this proposal, “business hours” means these hours and a “business day” means one of these days.",
        "Requests received outside support hours are logged and handled from 08:00 CET on the next business day.",
    )
    b.h2("4.2 Support channels")
    b.p(
        "Contoso's users can raise requests in three ways: through the customer portal at "
        "portal.brightline.example, by e-mail to support@brightline.example, or during support hours by phone "
        "on +49 40 5550 2200.",
        "Severity 1 incidents should be reported by phone.",
    )
    b.h2("4.3 Severity levels, response and resolution targets")
    b.lead(
        "Brightline assigns each request one of three severity levels, using the definitions in the table below.",
        "The first response is a reply from an engineer who has started work on the request; the resolution "
        "target is the time within which Brightline aims to restore the service or provide a workaround.",
    )
    b.grid_table(
        ("Severity", "Definition", "First response", "Resolution target"),
        [
            (
                "Severity 1",
                "Service unavailable for all users, or route planning cannot run for a depot.",
                "1 business hour",
                "8 business hours",
            ),
            (
                "Severity 2",
                "A major function is impaired for several users and there is no workaround.",
                "4 business hours",
                "3 business days",
            ),
            (
                "Severity 3",
                "A minor function is impaired, a workaround exists, or a question about use.",
                "2 business days",
                "15 business days",
            ),
        ],
        (22 * mm, FRAME_WIDTH - 88 * mm, 31 * mm, 35 * mm),
    )
    b.p(
        "Response and resolution times run during business hours only and are measured from the time the "
        "request is logged.",
        "If a target is missed, Contoso can use the escalation path in section 4.8, and missed targets are "
        "reviewed in the quarterly service meeting.",
    )
    b.h2("4.4 Availability")
    b.p(
        "The availability target is 99.5% per calendar month, measured excluding scheduled maintenance.",
        "Brightline measures availability with external monitoring every minute and publishes a monthly "
        "availability report in the customer portal.",
    )
    b.h2("4.5 Scheduled maintenance")
    b.p(
        "Scheduled maintenance takes place in the maintenance window on Sundays 02:00–06:00 CET with 5 business "
        "days' notice by e-mail to Contoso's project lead.",
        "Maintenance outside this window counts as downtime when availability is measured.",
    )
    b.h2("4.6 Service credits")
    b.p(
        "If availability in a calendar month is below 99.5%, Contoso receives a service credit of 5% of the "
        "monthly fee for each 0.5% below the target, capped at 25% of the monthly fee.",
        "The monthly fee is one twelfth of the annual subscription fee, and credits are deducted from the next "
        "invoice.",
    )
    b.h2("4.7 Cost of support")
    b.p(
        "Remote support through the channels in section 4.2 is included in the subscription fee.",
        "On-site support is available on request and is billed at €1,200 per day, plus travel expenses under "
        "section 5.5.",
    )
    b.h2("4.8 Escalation")
    b.p(
        "If a request is not progressing, Contoso can escalate it to its account manager, Miriam Kessler "
        "(miriam.kessler@brightline.example, +49 40 5550 2210).",
        "If the matter is not resolved within one further business day, it is escalated to Brightline's Head "
        "of Customer Success, Tomasz Nowak (tomasz.nowak@brightline.example, +49 40 5550 2201).",
    )

    b.h1("5. Pricing")
    b.h2("5.1 Fees")
    b.lead("The table below sets out the fees for the first year.", "All amounts are in euro and exclude VAT.")
    b.grid_table(
        PRICE_HEADER,
        [
            ("Brightline Dispatch subscription, per vehicle per year", "60", "€468.00", "€28,080.00"),
            ("Planner and back-office users, per user per year", "15", "€360.00", "€5,400.00"),
            ("SMS notification bundle, 40,000 messages per year", "1", "€2,200.00", "€2,200.00"),
            ("Implementation and configuration (one-off)", "1", "€15,500.00", "€15,500.00"),
            ("FreightDesk 5 integration (one-off)", "1", "€9,800.00", "€9,800.00"),
            ("Remote training session of three hours (one-off)", "2", "€950.00", "€1,900.00"),
            ("Total, first year (excluding VAT)", "", "", "€62,880.00"),
        ],
        PRICE_WIDTHS,
        right_cols=(1, 2, 3),
        total_row=True,
    )
    b.p(
        "From the second year, the recurring fees (subscription, users and SMS bundle) are €35,680.00 per year, "
        "subject to section 5.7.",
    )
    b.h2("5.2 Rates for additional work")
    b.p(
        "Change orders and additional services are charged at €1,200 per consultant day or €160 per hour.",
        "SMS messages beyond the annual bundle are charged at €0.06 per message.",
    )
    b.h2("5.3 Payment terms")
    b.p(
        "Subscription fees are billed for each year of the term.",
        "Invoices are issued annually in advance and are due within 30 days of the invoice date (net 30).",
        "One-off fees are invoiced when the milestone they belong to is accepted, on the same payment terms.",
    )
    b.h2("5.4 Late payment")
    b.p(
        "Interest of 1% per month is charged on overdue amounts.",
        "Service may be suspended after 30 days' written notice that an invoice is overdue.",
    )
    b.h2("5.5 Expenses")
    b.p(
        "Travel expenses are charged at cost, and only for trips that Contoso has approved in writing in advance.",
    )
    b.h2("5.6 Taxes")
    b.p("All prices exclude VAT, which is added at the rate that applies on the invoice date.")
    b.h2("5.7 Price changes")
    b.p(
        "Prices are fixed for the initial term.",
        "At each renewal, prices may increase by no more than 5%, and Brightline gives at least 90 days' "
        "written notice of any increase.",
    )

    b.h1("6. Term and renewal")
    b.h2("6.1 Term and renewal")
    b.p(
        "The agreement starts on the date of signature and runs for an initial term of 12 months.",
        "It renews automatically for successive one-year terms unless either party gives written notice of "
        "non-renewal at least 60 days before the end of the then-current term.",
    )
    b.h2("6.2 Termination for convenience")
    b.p(
        "Contoso may terminate the agreement for convenience with 90 days' written notice.",
        "Subscription fees paid for the period after the termination date are refunded pro rata.",
    )
    b.h2("6.3 Warranty")
    b.p(
        "Brightline warrants that the services conform to the specifications in Annex A.",
        "Defects in the configuration or the integration that are reported within 90 days of acceptance are "
        "corrected at no charge.",
    )
    b.h2("6.4 Liability")
    b.p(
        "Each party's total liability under the agreement is limited to the fees paid in the 12 months before "
        "the event that gave rise to the claim.",
        "This limit does not apply to liability that cannot be limited by law.",
    )
    b.h2("6.5 Data return")
    b.p(
        "Within 30 days after termination or expiry, Brightline returns Contoso's data as CSV files and then "
        "deletes it from the platform and its backups within a further 30 days.",
    )

    b.h1("7. Assumptions")
    b.p("This proposal is based on the following assumptions:")
    b.bullets(
        [
            "The quantities in section 5 are based on 60 vehicles and 15 planner and back-office users; "
            "additional vehicles or users are charged at the unit prices in section 5.1.",
            "FreightDesk 5 provides its standard REST interface for orders and delivery status.",
            "The two training sessions take place remotely, in German or English.",
            "The prices in this proposal are valid for acceptance until 16 May 2025.",
        ]
    )

    b.signature_section(
        "8. Acceptance and signature",
        [
            "To accept this proposal, please sign below and return a copy to Daniel Okafor, Sales Director, at "
            "daniel.okafor@brightline.example.",
            "By signing, Contoso Freight accepts the scope, fees and terms set out in this proposal.",
        ],
        "Contoso Freight",
    )
    return b.story


# ------------------------------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Proposal:
    filename: str
    title: str
    subject: str
    story: Callable[[Styles], list[Flowable]]


PROPOSALS: tuple[Proposal, ...] = (
    Proposal(
        "proposal-with-problems.pdf",
        "Brightline Software Ltd — Proposal for Northwind Logistics: Brightline Dispatch cloud platform",
        "Sample proposal with vague wording and missing disclosures (made up for Upfront)",
        northwind_story,
    ),
    Proposal(
        "proposal-clean.pdf",
        "Brightline Software Ltd — Proposal for Contoso Freight: Brightline Dispatch cloud platform",
        "Sample proposal with clear, specific disclosures (made up for Upfront)",
        contoso_story,
    ),
)


def _decorate(canvas: Canvas, doc: SimpleDocTemplate, *, header: str, total: int, fonts: Fonts) -> None:
    """Running header (proposal title) and footer (vendor, confidentiality, page N of M) on every page."""
    canvas.saveState()
    canvas.setFont(fonts.regular, 8)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(LEFT_MARGIN, PAGE_HEIGHT - 14 * mm, header)
    canvas.setStrokeColor(colors.HexColor("#9a9a9a"))
    canvas.setLineWidth(0.5)
    canvas.line(LEFT_MARGIN, PAGE_HEIGHT - 16 * mm, PAGE_WIDTH - RIGHT_MARGIN, PAGE_HEIGHT - 16 * mm)
    canvas.line(LEFT_MARGIN, 15 * mm, PAGE_WIDTH - RIGHT_MARGIN, 15 * mm)
    footer = f"{VENDOR} — Confidential — Page {doc.page} of {total}"
    canvas.drawCentredString(PAGE_WIDTH / 2, 10 * mm, footer)
    canvas.restoreState()


def render(target: str | BinaryIO, proposal: Proposal, styles: Styles, total: int) -> int:
    """Lay out one proposal; returns the number of pages produced."""
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=proposal.title,
        author=VENDOR,
        subject=proposal.subject,
        creator="Upfront resources/samples/make_samples.py",
        keywords="Upfront sample proposal",
        invariant=1,
        initialFontName=styles.fonts.regular,
    )
    on_page = partial(_decorate, header=proposal.title, total=total, fonts=styles.fonts)
    doc.build(proposal.story(styles), onFirstPage=on_page, onLaterPages=on_page)
    return int(doc.page)


def build(proposal: Proposal, out_dir: Path, styles: Styles) -> tuple[Path, int]:
    """Two passes: the first counts pages so that the footer can say "Page N of M"."""
    total = render(io.BytesIO(), proposal, styles, total=0)
    path = out_dir / proposal.filename
    pages = render(str(path), proposal, styles, total=total)
    if pages != total:  # pragma: no cover - layout does not depend on the footer text
        raise RuntimeError(f"{proposal.filename}: page count changed between passes ({total} -> {pages})")
    return path, pages


def main(out_dir: Path = HERE) -> None:
    styles = make_styles(register_fonts())
    for proposal in PROPOSALS:
        path, pages = build(proposal, out_dir, styles)
        print(f"wrote {path} ({pages} pages)")


if __name__ == "__main__":
    main()
