"""The window end to end: open -> analyse -> click a finding -> its box is in view; decisions survive a
reopen; exports write files; cancel frees the worker; bad files give one-line messages; partial results appear
while pages are read, and the whole review replaces them without losing the rep's place."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QRect, Qt

from checks import analyze as analyze_module
from checks.partial import PartialReviews, is_partial, is_stopped, pages_read
from desktop.gui.findings_model import COL_MESSAGE, FindingRole

ANALYSIS_TIMEOUT = 60_000  # ms: a slow CI box; the real figure is in bench/bench_ui.py
LARGEST_CUAD = "cuad-dev/pdf/CERES,INC_01_25_2012-EX-10.20-Collaboration Agreement.PDF"


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("UPFRONT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", str(tmp_path / "config"))
    from desktop.gui.window import MainWindow

    def make() -> MainWindow:
        w = MainWindow()
        w.quiet = True
        w.resize(1300, 850)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


def open_and_wait(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.review_ready, timeout=ANALYSIS_TIMEOUT):
        assert window.open_file(str(path))


def test_click_finding_scrolls_viewer_to_its_box(qtbot, make_window, problem_sample):
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    assert window.windowTitle().startswith(problem_sample.name)
    proxy = window.findings.proxy
    assert proxy.rowCount() > 0
    # the last finding with a box on a later page: the view starts at page 1, so it must scroll
    rows = [r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, 0), FindingRole).page > 1]
    row = rows[-1]
    finding = proxy.data(proxy.index(row, 0), FindingRole)
    source_row = proxy.mapToSource(proxy.index(row, 0)).row()
    view = window.viewer
    boxes = view.highlights[source_row]
    before = view.mapFromScene(boxes[0].sceneBoundingRect()).boundingRect()
    assert not view.viewport().rect().contains(before)
    table = window.findings.table
    table.scrollTo(proxy.index(row, COL_MESSAGE))
    cell = table.visualRect(proxy.index(row, COL_MESSAGE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert window.findings.current_finding()[1] is finding
    for box in boxes:
        mapped: QRect = view.mapFromScene(box.sceneBoundingRect()).boundingRect()
        assert view.viewport().rect().contains(mapped), (mapped, view.viewport().rect())
    assert view.current_page() in {finding.page, finding.page - 1}
    assert window.counts.text()


def test_f8_walks_the_findings(qtbot, make_window, problem_sample):
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    window.next_action.trigger()
    first = window.findings.current_finding()[1]
    window.next_action.trigger()
    second = window.findings.current_finding()[1]
    window.prev_action.trigger()
    assert first is not None and second is not None and first is not second
    assert window.findings.current_finding()[1] is first


def test_dismiss_then_reopen_keeps_it_dismissed(qtbot, make_window, problem_sample):
    original = Path(problem_sample).read_bytes()
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    window.findings.select_row(0)
    _row, finding = window.findings.current_finding()
    shown = window.findings.proxy.rowCount()
    window.decide(finding.key, "dismissed", reason="Agreed with the customer")
    assert window.findings.proxy.rowCount() < shown  # the default filter hides dismissed findings
    window.close()

    again = make_window()
    open_and_wait(qtbot, again, problem_sample)
    assert again.store is not None and again.store.status(finding.key) == "dismissed"
    assert again.store.get(finding.key)["reason"] == "Agreed with the customer"
    row = again.findings.model.row_of_key(finding.key)
    assert row not in again.findings.visible_rows()
    assert not any(item.isVisible() for item in again.viewer.highlights.get(row, []))
    assert Path(problem_sample).read_bytes() == original  # decisions live elsewhere: the PDF is never written


def test_export_csv_carries_decisions(qtbot, make_window, problem_sample, tmp_path):
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    key = window.review.findings[0].key
    window.decide(key, "accepted", note="rewrite §2")
    written = window.export_csv(str(tmp_path / "review.csv"))
    text = written.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("file,rule,")
    assert "accepted" in text and "rewrite §2" in text
    assert len(text.splitlines()) >= len(window.review.findings) + 1


def test_export_csv_never_overwrites_the_input_pdf(qtbot, make_window, problem_sample, tmp_path):
    import shutil

    window = make_window()
    pdf = tmp_path / "proposal.pdf"
    shutil.copyfile(problem_sample, pdf)
    before = pdf.read_bytes()
    open_and_wait(qtbot, window, pdf)
    assert window.export_csv(str(pdf)) is None
    assert "proposal.pdf" in window.last_error and "overwrite" in window.last_error
    copy = tmp_path / "copy.pdf"  # a copy of the input under another name is refused too
    shutil.copyfile(pdf, copy)
    assert window.export_csv(str(copy)) is None
    assert pdf.read_bytes() == before and copy.read_bytes() == before


def test_export_is_enabled_once_a_review_is_ready(qtbot, make_window, problem_sample):
    window = make_window()
    assert not window.export_action.isEnabled()
    open_and_wait(qtbot, window, problem_sample)
    assert window.export_action.isEnabled()


def test_export_sheet_writes_a_pdf_with_preview(qtbot, make_window, problem_sample, tmp_path):
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    dialog = window.export_dialog()
    qtbot.addWidget(dialog)
    dialog.fields["customer"].setText("Northwind Logistics")
    assert dialog.lines.count() > 0
    first = dialog.lines.item(0)
    first.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.options().excluded == {dialog.lines.item(0).data(Qt.ItemDataRole.UserRole + 30)}
    dialog.update_preview()
    assert dialog.preview_pages >= 1
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    target = tmp_path / "sheet.pdf"
    dialog.save(str(target))
    assert dialog.written is not None and dialog.written.read_bytes().startswith(b"%PDF")
    assert dialog.state()["customer"] == "Northwind Logistics"


def test_cancel_frees_the_worker(qtbot, make_window, corpus):
    window = make_window()
    path = corpus / LARGEST_CUAD
    with qtbot.waitSignal(window.viewer.first_paint, timeout=10_000):
        window.open_file(str(path))
    worker = window.worker
    assert worker is not None
    with qtbot.waitSignal(worker.signals.progress, timeout=ANALYSIS_TIMEOUT):
        pass
    # how fast it stops is measured by bench/bench_ui.py; here only that it does stop
    with qtbot.waitSignal(worker.signals.done, timeout=ANALYSIS_TIMEOUT):
        window.cancel_action.trigger()
        assert window.worker is None and not window.progress.isVisible()  # the window is free at once
    assert window.review is None


def test_bad_files_give_one_line_messages(qtbot, make_window, tmp_path):
    window = make_window()
    junk = tmp_path / "notes.pdf"
    junk.write_text("hello, not a pdf")
    with qtbot.waitSignal(window.analysis_failed, timeout=ANALYSIS_TIMEOUT) as blocker:
        window.open_file(str(junk))
    message = blocker.args[0]
    assert "notes.pdf" in message and "\n" not in message and "Traceback" not in message
    assert not window.open_file(str(tmp_path / "missing.pdf"))
    assert "not found" in window.last_error


def test_encrypted_pdf_asks_for_password(qtbot, make_window, corpus):
    window = make_window()
    path = corpus / "robustness/pdfminer/samples__encryption__aes-128-m.pdf"
    with qtbot.waitSignal(window.analysis_failed, timeout=ANALYSIS_TIMEOUT) as blocker:
        window.open_file(str(path))
    assert "password" in blocker.args[0]
    with qtbot.waitSignal(window.analysis_failed, timeout=ANALYSIS_TIMEOUT) as blocker:
        window.open_file(str(path), "not-the-password")
    assert "wrong password" in blocker.args[0]
    with qtbot.waitSignal(window.review_ready, timeout=ANALYSIS_TIMEOUT):
        window.open_file(str(path), "foo")
    assert window.viewer.page_count >= 1


def test_click_on_highlight_selects_its_finding(qtbot, make_window, problem_sample):
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    view = window.viewer
    viewport = view.viewport().rect()
    visible = [(n, items[0]) for n, items in sorted(view.highlights.items())
               if items[0].isVisible() and viewport.contains(view.mapFromScene(items[0].sceneBoundingRect().center()))]
    assert visible, "a highlight on the first screen"
    row, box = visible[0]
    assert window.findings.current_finding()[1] is None
    centre = view.mapFromScene(box.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.findings.current_finding()[0] == row
    assert window.findings.current_finding()[1] is window.review.findings[row]


def test_drop_opens_and_recent_files_remember(qtbot, make_window, problem_sample, clean_sample):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(clean_sample))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.review_ready, timeout=ANALYSIS_TIMEOUT):
        window.dropEvent(event)
    assert window.windowTitle().startswith(clean_sample.name)
    assert window.recent_files()[:2] == [str(clean_sample), str(problem_sample)]
    window.close()
    again = make_window()
    assert again.recent_files()[0] == str(clean_sample)  # kept in the settings file
    names = [a.text() for a in again.recent_menu.actions()]
    assert clean_sample.name in names


# -- partial results -----------------------------------------------------------------------------------------

PAGES = 5  # the problem sample (partial results)


@pytest.fixture
def every_page(monkeypatch):
    """A snapshot after every page (up to the last third), so a 5-page sample shows partial results."""
    monkeypatch.setattr(analyze_module, "PartialReviews",
                        functools.partial(PartialReviews, interval=0.0, growth=1.0, budget=float("inf")))


def test_partial_results_come_first_and_the_whole_review_replaces_them(qtbot, make_window, problem_sample,
                                                                       every_page):
    window = make_window()
    seen: list[tuple] = []

    def on_partial(review) -> None:  # runs after the window's own slot: what the rep sees at that moment
        window.findings.select_row(0)
        seen.append((pages_read(review), window.findings.model.rowCount(), window.showing_part,
                     window.export_action.isEnabled(),
                     window.accept_action.isEnabled() or window.findings.accept_button.isEnabled(),
                     window.next_action.isEnabled(), window.disclosures.topLevelItemCount(),
                     window.statusBar().currentMessage()))

    window.partial_shown.connect(on_partial)
    with qtbot.waitSignal(window.review_ready, timeout=ANALYSIS_TIMEOUT):
        assert window.open_file(str(problem_sample))
    assert [s[0] for s in seen] == [(1, PAGES), (2, PAGES), (3, PAGES)]
    for (done, _), _rows, part, export, accept, step, disclosure_rows, message in seen:
        assert part and not export and not accept and step
        assert disclosure_rows == 1  # "known once every page is read"
        assert f"pages 1–{done} of {PAGES}" in message
    assert seen[-1][1] > 0, "findings from the first pages are listed before the end"
    assert not window.showing_part and not is_partial(window.review)
    assert window.export_action.isEnabled() and window.accept_action.isEnabled()
    assert window.findings.accept_button.isEnabled()  # the selected finding is still selected
    qtbot.waitUntil(lambda: window.disclosures.topLevelItemCount() > 1)  # filled on the next event-loop tick
    assert window.findings.model.rowCount() >= seen[-1][1]


def test_the_selected_finding_stays_selected_without_a_jump(qtbot, make_window, problem_sample, every_page):
    window = make_window()
    chosen: list[str] = []
    jumps: list[str] = []

    def pick(_review) -> None:
        if not chosen and window.findings.proxy.rowCount():
            window.findings.select_row(window.findings.proxy.rowCount() - 1)
            chosen.append(window.findings.current_finding()[1].key)

    window.partial_shown.connect(pick)
    window.findings.selected.connect(lambda _row, f: jumps.append(f.key))
    with qtbot.waitSignal(window.review_ready, timeout=ANALYSIS_TIMEOUT):
        assert window.open_file(str(problem_sample))
    assert chosen, "a partial review listed findings"
    assert window.findings.current_finding()[1].key == chosen[0]
    assert jumps == chosen  # the rep's own click jumped once; the updates that followed did not


def test_decisions_wait_for_the_whole_review_but_saved_ones_show_at_once(qtbot, make_window, problem_sample,
                                                                          every_page):
    window = make_window()
    open_and_wait(qtbot, window, problem_sample)
    first = window.review.findings[0]
    window.decide(first.key, "dismissed", reason="Not relevant to this customer")

    statuses: list[str] = []
    refused: list[str] = []

    def during(_review) -> None:
        if not statuses:
            statuses.append(window._status_of(first.key))
            window.decide(first.key, "accepted")
            refused.append(window.statusBar().currentMessage())

    window.partial_shown.connect(during)
    with qtbot.waitSignal(window.review_ready, timeout=ANALYSIS_TIMEOUT):
        assert window.open_file(str(problem_sample))
    assert statuses == ["dismissed"]
    assert "once every page is read" in refused[0]
    assert window._status_of(first.key) == "dismissed"  # the refused change was not recorded


def test_cancel_keeps_the_partial_results_and_says_so(qtbot, make_window, problem_sample, every_page):
    window = make_window()
    got: list[int] = []

    def cancel_after_first(review) -> None:
        if not got:
            got.append(pages_read(review)[0])
            window.cancel_analysis()

    window.partial_shown.connect(cancel_after_first)
    assert window.open_file(str(problem_sample))
    worker = window.worker
    with qtbot.waitSignal(worker.signals.done, timeout=ANALYSIS_TIMEOUT):
        pass  # the cancel happens on the first partial result, on this thread: "done" cannot come before
    assert got == [1]
    assert window.showing_part and window.findings.model.rowCount() == len(window.review.findings)
    assert "from pages 1–1 of 5 only" in window.statusBar().currentMessage()
    assert not window.export_action.isEnabled()
    _assert_reading_stopped(qtbot, window, 1)


def _assert_reading_stopped(qtbot, window, done: int) -> None:
    """After a cancel or a failure the panels stop saying 'still reading', and decisions say what to do."""
    assert is_stopped(window.review)
    qtbot.waitUntil(lambda: not window.promises.filling)
    promises = [window.promises.topLevelItem(i).text(0) for i in range(window.promises.topLevelItemCount())]
    assert any(t.endswith(f"not found in pages 1–{done} (reading stopped)") for t in promises), promises
    assert not any("still reading" in t for t in promises)
    assert window.disclosures.topLevelItem(0).text(0).startswith(f"Reading stopped at page {done} of {PAGES}")
    window.decide(window.review.findings[0].key, "accepted")
    assert "reopen the file" in window.statusBar().currentMessage()


def test_a_failure_after_partial_results_keeps_them_and_says_which_pages(qtbot, make_window, problem_sample,
                                                                         every_page, monkeypatch):
    from extractors.errors import UpfrontError

    whole = analyze_module.review_extraction

    def fail_at_the_end(ex, pack=None, partial=False):
        if not partial:
            raise UpfrontError("sample.pdf: took longer than the time limit")
        return whole(ex, pack, partial)

    monkeypatch.setattr(analyze_module, "review_extraction", fail_at_the_end)
    window = make_window()
    with qtbot.waitSignal(window.analysis_failed, timeout=ANALYSIS_TIMEOUT):
        assert window.open_file(str(problem_sample))
    assert window.showing_part and window.findings.model.rowCount() == len(window.review.findings) > 0
    message = window.statusBar().currentMessage()
    assert "time limit" in message and f"from pages 1–3 of {PAGES} only" in message
    assert not window.export_action.isEnabled()
    _assert_reading_stopped(qtbot, window, 3)
