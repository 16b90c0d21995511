"""The sheet's data (sections per reader, line templates, header patterns), loaded once from resources/sheet."""

from __future__ import annotations

from functools import cache

import resources


@cache
def sheet_config() -> dict:
    """resources/sheet/sheet.toml: readers, sections, line templates, questions, limits."""
    return resources.load_toml("sheet", "sheet.toml")


@cache
def header_config() -> dict:
    """resources/sheet/header.toml: how to guess the title from page 1."""
    return resources.load_toml("sheet", "header.toml")


def sections_by_id() -> dict[str, dict]:
    return {s["id"]: s for s in sheet_config()["section"]}


def limit(name: str) -> int:
    return int(sheet_config()["limits"][name])
