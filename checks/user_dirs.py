"""The user's folders (config, data, logs), without Qt, so the rule engine and the CLI find the same places.

The one place that decides them (the window reuses it): ``UPFRONT_CONFIG_DIR`` / ``UPFRONT_DATA_DIR``, when
set and not empty, replace the platform folders, so tests and portable installs keep everything in one place.
`checks` must not import `desktop`, so the window imports from here rather than the other way round.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "upfront"


def config_dir() -> Path:
    """Per-user settings folder; user rule packs live in its ``rules/`` sub-folder."""
    return Path(os.environ.get("UPFRONT_CONFIG_DIR") or platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    """Per-user data folder (review decisions)."""
    return Path(os.environ.get("UPFRONT_DATA_DIR") or platformdirs.user_data_dir(APP))


def log_dir() -> Path:
    """Where full error reports go; under the data override when one is set."""
    override = os.environ.get("UPFRONT_DATA_DIR")
    return Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP))


def rule_packs_dir() -> Path:
    """Where the user's own rule packs are looked for: <config>/rules/<pack>/."""
    return config_dir() / "rules"
