"""Data, not code: rule packs, phrase lists, the topic taxonomy, fonts, icons and sample proposals."""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path


def _root() -> Path:
    """The folder of the data files: beside this module in a checkout, a wheel or ``uv tool install``; in the
    PyInstaller app (``.ci/upfront.spec``) the spec copies them to ``<bundle>/resources``, and the bundle's
    ``sys._MEIPASS`` names that folder (``dist/Upfront/_internal`` in the one-folder build)."""
    bundle = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    if bundle and (Path(bundle) / "resources").is_dir():
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent


ROOT = _root()


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
