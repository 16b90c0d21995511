"""Highlights line up with the rendered text, also on a rotated page: every word box drawn where the viewer
paints ink. Boxes come from the extractors (display space, CropBox origin); pixels from the viewer's render
thread (pypdfium2)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from extractors.pdf import read_document

ROTATED = "robustness/pdfminer/samples__zen_of_python_corrupted.pdf"  # page 1 has /Rotate 90


def _ink_share(image, box, scale: float) -> float:
    x0, top, x1, bottom = (round(v * scale) for v in box)
    dark = total = 0
    for x in range(max(0, x0), min(image.width(), x1 + 1), 2):
        for y in range(max(0, top), min(image.height(), bottom + 1), 2):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 160  # white paper, dark ink
    return dark / total if total else 0.0


@pytest.mark.parametrize("name", [ROTATED, "sample"])
def test_word_boxes_sit_on_ink(qtbot, corpus, problem_sample, name):
    from desktop.gui.viewer import PdfView

    path = problem_sample if name == "sample" else corpus / name
    doc = read_document(path)
    view = PdfView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.document_ready, timeout=10_000):
        view.open(str(path))
    page = doc.pages[0]
    size = view.pages[0].size
    assert (round(size.width()), round(size.height())) == (round(page.width), round(page.height))
    scale = 2.0
    assert view.page_image(0, scale) is None  # not rendered yet: asked of the render thread, never on this one
    with qtbot.waitSignal(view.page_rendered, timeout=10_000):
        pass
    image = view.page_image(0, scale)
    assert image is not None and image.width() == round(size.width() * scale)
    words = [w for w in doc.words if w.page == 1 and len(w.text) >= 4][:60]
    assert len(words) >= 10
    on_ink = [w for w in words if _ink_share(image, (w.x0, w.top, w.x1, w.bottom), scale) > 0.03]
    assert len(on_ink) >= 0.9 * len(words)
    if name == "sample":
        return
    # the check can tell a misplaced box: flipped top-to-bottom (as if /Rotate were ignored) they miss the ink
    flipped = [w for w in words
               if _ink_share(image, (w.x0, page.height - w.bottom, w.x1, page.height - w.top), scale) > 0.03]
    assert len(flipped) < 0.7 * len(on_ink)
