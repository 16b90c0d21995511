"""Where the window keeps its state: settings, per-document decisions and logs.

The folders themselves (with the ``UPFRONT_DATA_DIR`` / ``UPFRONT_CONFIG_DIR`` overrides that let tests and
portable installs keep everything in one place) are decided once, Qt-free, in ``checks.user_dirs``, so the
window, the CLI and the rule engine always agree.
"""

from __future__ import annotations

from pathlib import Path

from checks.user_dirs import config_dir, data_dir, log_dir

__all__ = ["config_dir", "data_dir", "log_dir", "reviews_dir"]


def reviews_dir() -> Path:
    """One JSON file of decisions per reviewed PDF, named by its sha256."""
    return data_dir() / "reviews"
