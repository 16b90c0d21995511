"""Shared fixtures. Qt must run offscreen, and that must be set before any QApplication exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
