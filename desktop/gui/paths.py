"""Where the window keeps its state: settings, per-document decisions and logs.

Environment overrides (``UPFRONT_DATA_DIR``, ``UPFRONT_CONFIG_DIR``) let tests and portable installs keep
everything in one folder without touching the user's real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "upfront"


def data_dir() -> Path:
    """Per-user data folder (review decisions live under ``reviews/``)."""
    return Path(os.environ.get("UPFRONT_DATA_DIR") or platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    """Per-user settings folder (window layout, recent files)."""
    return Path(os.environ.get("UPFRONT_CONFIG_DIR") or platformdirs.user_config_dir(APP))


def log_dir() -> Path:
    """Where unexpected errors are written in full, so a dialog can stay one line long."""
    override = os.environ.get("UPFRONT_DATA_DIR")
    return Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP))


def reviews_dir() -> Path:
    return data_dir() / "reviews"
