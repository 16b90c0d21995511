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
    assert doc.path == str(path) and doc.sha256 == before  # named after the original, not the copy
    assert Path(window.shown_path).parent == tmp_path / "ocr"  # the viewer shows the copy's text layer
    assert any("OCR" in w for w in doc.warnings)
    assert "ORDER FOR SUPPLIES" in doc.text[doc.pages[0].start:doc.pages[0].end].upper()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not window.banner_row.isVisible()


def _scanned_pdf(path: Path) -> Path:
    """A one-page PDF with a drawing and no text: what a scan looks like to the reader."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 72, 400, 600, fill=1)
    c.showPage()
    c.save()
    return path


def test_after_ocr_everything_names_the_original(qtbot, window, problem_sample, tmp_path, monkeypatch):
    """The cached copy is an implementation detail: title, recent files, decisions and exports name the file
    the user opened, with its own sha256 (as ``upfront check --ocr`` does)."""
    import shutil

    import extractors.ocr

    folder = tmp_path / "customer"
    folder.mkdir()
    scan = _scanned_pdf(folder / "scan.pdf")
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    with qtbot.waitSignal(window.review_ready, timeout=60_000):
        window.open_file(str(scan))
    assert window.review.document.pages_without_text == [1]

    def fake_ocr(src, dst, pages=None, on_progress=None, is_cancelled=None) -> Path:
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(problem_sample, dst)  # stands in for tesseract: a copy with a text layer
        return Path(dst)

    monkeypatch.setattr(extractors.ocr, "ocr_available", lambda: None)
    monkeypatch.setattr(extractors.ocr, "ocr_pdf", fake_ocr)
    with qtbot.waitSignal(window.review_ready, timeout=60_000):
        window.ocr_button.click()
    review = window.review
    assert review.findings  # the copy's text was checked
    assert window.path == str(scan)
    assert review.document.path == str(scan) and review.document.sha256 == sha
    assert any("OCR" in w and "pages 1 " in w for w in review.document.warnings)
    assert Path(window.shown_path).parent == tmp_path / "ocr"
    assert window.windowTitle().startswith("scan.pdf")
    assert window.recent_files()[0] == str(scan)
    assert window.store.sha256 == sha and window.store.pdf_path == str(scan)
    window.decide(review.findings[0].key, "accepted")
    assert (window.store.folder / f"{sha}.json").is_file()
    dialog = window.export_dialog()
    qtbot.addWidget(dialog)
    assert dialog.suggested_name() == "scan-expectations-finance.pdf"
    assert Path(dialog.default_folder) == folder
    sheet = dialog.api.build_sheet(review, dialog.options())
    assert sheet.source_name == "scan.pdf" and sheet.source_sha256 == sha
