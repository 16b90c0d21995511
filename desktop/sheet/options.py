"""What the user chose for a sheet (readers, paper, names, lines left out), and the paper size default."""

from __future__ import annotations

import os
from dataclasses import dataclass

# Territories whose paper is US Letter (everyone else uses A4); from the CLDR paper-size data.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "PR", "BZ",
                                "NI", "DO"})


@dataclass(frozen=True)
class SheetOptions:
    """Choices from the CLI or the export dialog; empty strings mean 'use what the document says'."""

    readers: tuple[str, ...] = ("executive",)
    paper: str = "auto"  # a4 | letter | auto (from the locale)
    customer: str = ""
    provider: str = ""
    title: str = ""
    prepared_by: str = ""
    contact: str = ""
    excluded: frozenset[str] = frozenset()  # line ids the user left out
    dismissed: frozenset[str] = frozenset()  # Finding.key of findings the reviewer dismissed: no question for them
    date: str = ""  # shown in the header; empty means today


def locale_paper(environ: dict[str, str] | None = None) -> str:
    """'letter' or 'a4' from LC_ALL / LC_PAPER / LANG (e.g. en_US.UTF-8 -> letter), A4 when unknown."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(key, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return "letter" if territory in LETTER_TERRITORIES else "a4"
    return "a4"


def resolve_paper(paper: str, environ: dict[str, str] | None = None) -> str:
    """The concrete paper for an option value; unknown values fall back to the locale's."""
    paper = (paper or "auto").lower()
    return paper if paper in ("a4", "letter") else locale_paper(environ)
