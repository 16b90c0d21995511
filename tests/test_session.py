"""The window's document session without Qt: which file is shown and analysed, partial / stopped / whole
reviews, and when decisions are shown, refused or saved."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from checks.analyze import analyze_text
from checks.partial import PARTIAL_KEY
from desktop.gui.session import Session
from extractors.errors import UpfrontError

ROOT = Path(__file__).resolve().parents[1]
SHA = "ab" * 32
TEXT = ("1. Support\nWe will respond as soon as possible to every request. Support is unlimited and free forever.\n\n"
        "2. Fees\nInvoices are due within 30 days.\n")


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("UPFRONT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def review():
    r = analyze_text(TEXT)
    assert r.findings
    return replace(r, document=replace(r.document, sha256=SHA, path="/customer/proposal.pdf"))


def _partial(review, done: int = 1, total: int = 5):
    return replace(review, meta={**review.meta, PARTIAL_KEY: f"{done}/{total}"})


def test_the_session_module_needs_no_qt() -> None:
    code = "import sys, desktop.gui.session; print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_file_is_shown_as_itself() -> None:
    s = Session.of("/customer/proposal.pdf", "secret")
    assert s.shown_path == s.path == "/customer/proposal.pdf" and not s.is_ocr_copy and s.password == "secret"
    assert s.review is None and not s.showing_part and not s.complete
    assert s.refusal() == "No document is open."


def test_an_ocr_copy_is_shown_but_everything_is_named_after_the_original() -> None:
    s = Session.of("/customer/scan.pdf", "secret", ocr_copy="/cache/abc.pdf", ocr_pages=[1, 2], ocr_sha256=SHA)
    assert s.path == "/customer/scan.pdf" and s.shown_path == "/cache/abc.pdf" and s.is_ocr_copy
    assert s.ocr_pages == [1, 2] and s.ocr_sha256 == SHA


def test_partial_then_whole_review_and_decisions(review) -> None:
    s = Session.of(review.document.path)
    key = review.findings[0].key
    s.show_partial(_partial(review, 2, 5))
    assert s.showing_part and not s.complete and not s.stopped
    assert s.pages_read() == (2, 5) and s.partial_scope() == "the findings shown are from pages 1–2 of 5 only."
    assert s.decide(key, "accepted") == "Decisions can be made once every page is read (a moment)."
    assert s.status_of(key) == "open" and s.decisions == {}
    assert s.finish(review) == ""
    assert s.complete and not s.showing_part and s.preview_store is None
    assert s.decide(key, "dismissed", reason="not for this customer") == ""
    assert s.status_of(key) == "dismissed" and s.decision_of(key)["reason"] == "not for this customer"
    saved = json.loads(s.store.file.read_text(encoding="utf-8"))
    assert saved["sha256"] == SHA and saved["decisions"][key]["status"] == "dismissed"


def test_saved_decisions_show_on_a_partial_review_of_the_next_session(review) -> None:
    key = review.findings[0].key
    first = Session.of(review.document.path)
    first.finish(review)
    first.decide(key, "accepted", note="rewrite")
    again = Session.of(review.document.path)
    again.show_partial(_partial(review))
    assert again.status_of(key) == "accepted" and again.decision_of(key)["note"] == "rewrite"
    assert again.store is None  # shown, not changeable, until the whole review


def test_stopped_reading_is_all_there_will_be(review) -> None:
    s = Session.of(review.document.path)
    assert not s.stop()  # nothing on show
    s.show_partial(_partial(review, 3, 5))
    assert s.stop() and s.stopped and s.showing_part
    assert not s.stop()  # once
    assert s.refusal() == "Reading stopped before the end: reopen the file to review it in full."
    whole = Session.of(review.document.path)
    whole.finish(review)
    assert not whole.stop() and not whole.stopped


def test_a_decision_that_cannot_be_saved_changes_nothing(review, tmp_path) -> None:
    s = Session.of(review.document.path)
    s.finish(review)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    s.store.folder = blocker  # writing there fails
    with pytest.raises(UpfrontError):
        s.decide(review.findings[0].key, "accepted")
    assert s.decisions == {} and s.status_of(review.findings[0].key) == "open"
