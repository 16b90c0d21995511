"""Data, not code: rule packs, phrase lists, the topic taxonomy, fonts, icons and sample proposals."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Absolute path of a bundled resource."""
    return ROOT.joinpath(*parts)


@cache
def load_toml(*parts: str) -> dict:
    """Parse a bundled TOML file once per process."""
    with path(*parts).open("rb") as fh:
        return tomllib.load(fh)


@cache
def topics() -> dict[str, dict]:
    """The topic taxonomy in display order: id -> {label, readers, question, ...}."""
    return {t["id"]: t for t in load_toml("topics.toml")["topic"]}


AUDIENCES = ("finance", "it", "executive", "users")
