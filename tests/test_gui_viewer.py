"""The viewer's pages come from the render thread, and zoom changes (fits, window resizes) keep the page the
reader is on instead of jumping back to page 1."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6.QtWidgets")


def _open(qtbot, path):
    from desktop.gui.viewer import PdfView

    view = PdfView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    with qtbot.waitSignal(view.document_ready, timeout=10_000):
        view.open(str(path))
    return view


def test_resize_keeps_the_current_page(qtbot, problem_sample):
    view = _open(qtbot, problem_sample)
    assert view.page_count >= 4
    view.go_to_page(3)
    assert view.current_page() == 3
    view.resize(900, 600)  # fit width: a new zoom
    qtbot.waitUntil(lambda: view.viewport().width() > 800)
    assert view.current_page() == 3
    view.zoom_in()
    view.fit_page()
    assert view.current_page() == 3


def test_pages_render_off_the_ui_thread(qtbot, problem_sample, monkeypatch):
    from desktop.gui import render

    threads: list[str] = []
    real = render.render_page
    monkeypatch.setattr(render, "render_page",
                        lambda *a: threads.append(threading.current_thread().name) or real(*a))
    view = _open(qtbot, problem_sample)
    with qtbot.waitSignal(view.first_paint, timeout=10_000):
        view.viewport().update()
    assert threads and all(name == "upfront-render" for name in threads)
    assert threading.current_thread().name not in threads


def test_unreadable_file_leaves_the_view_empty(qtbot, tmp_path):
    from desktop.gui.viewer import PdfView

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nnot really\n")
    view = PdfView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view._renderer.open_failed, timeout=10_000):
        view.open(str(junk))
    assert view.page_count == 0


def test_a_file_that_fails_after_opening_is_closed(qtbot, monkeypatch, tmp_path):
    """pdfium opened it, then a page size failed: the document must be closed, not kept open until exit."""
    import types

    from desktop.gui import render

    closed: list[bool] = []

    class HalfReadable:
        def __init__(self, path, password=None) -> None:
            pass

        def __len__(self) -> int:
            return 2

        def get_page_size(self, index: int):
            raise RuntimeError("page tree is broken")

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(render, "pdfium", types.SimpleNamespace(PdfDocument=HalfReadable))
    renderer = render.renderer()
    with qtbot.waitSignal(renderer.open_failed, timeout=10_000) as blocker:
        token = renderer.open(str(tmp_path / "half.pdf"))
    assert blocker.args[0] == token and "page tree is broken" in blocker.args[1]
    assert closed == [True]
