"""Shared fixtures. Qt must run offscreen, and that must be set before any QApplication exists."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The suite never reads or writes the developer's real profile: their rule packs, decisions, settings and OCR
# cache would otherwise change what the tests see (and the tests would litter them).
_USER_DIRS = Path(tempfile.mkdtemp(prefix="upfront-tests-"))
atexit.register(shutil.rmtree, _USER_DIRS, True)
for _var, _sub in (("XDG_CONFIG_HOME", "xdg-config"), ("XDG_DATA_HOME", "xdg-data"), ("XDG_CACHE_HOME", "xdg-cache"),
                   ("XDG_STATE_HOME", "xdg-state"), ("UPFRONT_CONFIG_DIR", "config"), ("UPFRONT_DATA_DIR", "data"),
                   ("UPFRONT_OCR_CACHE", "ocr")):
    os.environ[_var] = str(_USER_DIRS / _sub)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus beside the clone; tests that need it skip on a user's machine without it."""
    if not CORPUS.is_dir():
        pytest.skip(f"needs the shared corpus at {CORPUS} (present in CI, absent in a user's clone)")
    return CORPUS


@pytest.fixture(scope="session")
def problem_sample() -> Path:
    return SAMPLES / "proposal-with-problems.pdf"


@pytest.fixture(scope="session")
def clean_sample() -> Path:
    return SAMPLES / "proposal-clean.pdf"
