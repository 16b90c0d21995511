"""Scanned pages in the window: the banner offers OCR; without OCR installed it says how to install it; with
it, the scanned pages are read into a copy that is then checked, and the original file is left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

TDRS = "real-pdfs/TDRS Fully Executed Base Award.pdf"  # pages 1-2 are image-only scans


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from desktop.gui.window import MainWindow

    monkeypatch.setenv("UPFRONT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path / "ocr"))
    w = MainWindow()
    w.quiet = True
    qtbot.addWidget(w)
    w.show()
    return w


def _open_scanned(qtbot, window, corpus: Path) -> Path:
    path = corpus / TDRS
    with qtbot.waitSignal(window.review_ready, timeout=120_000):
        window.open_file(str(path))
    assert window.review.document.pages_without_text[:2] == [1, 2]
    assert window.ocr_button.isVisible() and window.ocr_button.isEnabled()
    return path


def test_without_ocr_the_button_gives_the_install_hint(qtbot, window, corpus, monkeypatch):
    import extractors.ocr

    _open_scanned(qtbot, window, corpus)
    monkeypatch.setattr(extractors.ocr, "ocr_available", lambda: extractors.ocr.INSTALL_HINT)
    window.ocr_button.click()
    assert window.last_error == " ".join(extractors.ocr.INSTALL_HINT.split())
    assert window.worker is None  # nothing started


def test_ocr_reads_the_scanned_pages_into_a_checked_copy(qtbot, window, corpus, tmp_path):
    from extractors.ocr import ocr_available

    if ocr_available():
        pytest.skip(ocr_available())
    path = _open_scanned(qtbot, window, corpus)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with qtbot.waitSignal(window.review_ready, timeout=300_000):
        window.ocr_button.click()
    doc = window.review.document
    assert not doc.pages_without_text
    assert Path(doc.path).parent == tmp_path / "ocr"
    assert "ORDER FOR SUPPLIES" in doc.text[doc.pages[0].start:doc.pages[0].end].upper()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not window.banner_row.isVisible()
