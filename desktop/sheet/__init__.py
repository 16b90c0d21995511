"""The expectations sheet: a Review turned into a PDF that tells one reader at the customer what to expect.

Headless on purpose (no Qt anywhere in this package): the CLI and batch jobs call it, and the desktop's
export dialog calls the same three functions.
"""

from desktop.sheet.content import build_sheet
from desktop.sheet.header import guess_header
from desktop.sheet.model import Sheet, SheetLine, SheetSection, reader_topics
from desktop.sheet.options import SheetOptions, resolve_paper
from desktop.sheet.render import render_sheet
from desktop.sheet.write import write_sheet

__all__ = ["Sheet", "SheetLine", "SheetOptions", "SheetSection", "build_sheet", "guess_header", "reader_topics",
           "render_sheet", "resolve_paper", "write_sheet"]
