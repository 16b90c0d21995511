"""Start-up and the last line of defence: run_gui opens the window on a file; an unexpected error becomes one
line for the user and a full traceback in the log; pages without text are named; panels jump to evidence."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
TDRS = "real-pdfs/TDRS Fully Executed Base Award.pdf"  # pages 1-2 are image-only scans


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("UPFRONT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def test_run_gui_opens_the_file_and_returns_when_closed(qapp, user_dirs, problem_sample):
    from desktop.gui import app as gui_app
    from desktop.gui.window import MainWindow

    seen: dict[str, object] = {}

    def watch() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].review is not None:
            seen["title"] = windows[0].windowTitle()
            seen["findings"] = len(windows[0].review.findings)
            windows[0].close()
        elif not seen.get("gave_up"):
            QTimer.singleShot(50, watch)

    QTimer.singleShot(50, watch)
    QTimer.singleShot(60_000, lambda: (seen.setdefault("gave_up", True), qapp.quit()))
    before = sys.excepthook
    try:
        assert gui_app.run_gui(str(problem_sample)) == 0
    finally:
        sys.excepthook = before
    assert str(seen.get("title", "")).startswith(problem_sample.name)
    assert seen.get("findings", 0) > 0


def test_excepthook_shows_one_line_and_logs_the_traceback(qapp, user_dirs, monkeypatch):
    from desktop.gui import app as gui_app

    shown: list[str] = []
    monkeypatch.setattr(gui_app, "show_error", shown.append)
    gui_app.setup_logging()
    try:
        raise ValueError("bad\nthing happened")
    except ValueError:
        gui_app.excepthook(*sys.exc_info())
    assert len(shown) == 1 and "\n" not in shown[0]
    assert "ValueError: bad thing happened" in shown[0] and "Traceback" not in shown[0]
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    log = gui_app.log_file().read_text(encoding="utf-8")
    assert "Traceback" in log and "bad" in log


def test_pages_without_text_are_named(qtbot, user_dirs, corpus):
    from desktop.gui.window import MainWindow

    window = MainWindow()
    window.quiet = True
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.review_ready, timeout=120_000):
        window.open_file(str(corpus / TDRS))
    missing = window.review.document.pages_without_text
    assert missing[:2] == [1, 2]
    assert window.banner.isVisible()
    assert "1–2" in window.banner.text() or "1, 2" in window.banner.text()


def test_panels_jump_to_evidence(qtbot, user_dirs, problem_sample):
    from checks.analyze import analyze
    from desktop.gui.panels import DisclosurePanel, PromisesPanel, SpansRole

    review = analyze(problem_sample)
    for panel_type in (PromisesPanel, DisclosurePanel):
        panel = panel_type()
        qtbot.addWidget(panel)
        panel.set_review(review)
        qtbot.waitUntil(lambda p=panel: not p.filling, timeout=10_000)
        assert panel.topLevelItemCount() > 0
        rows = [panel.topLevelItem(i) for i in range(panel.topLevelItemCount())]
        with_spans = [r for r in rows if r.data(0, SpansRole)]
        assert with_spans, panel_type.__name__
        with qtbot.waitSignal(panel.jump, timeout=1000) as blocker:
            panel.itemClicked.emit(with_spans[0], 0)
        assert blocker.args[0] and blocker.args[0][0].page >= 1
    disclosures = DisclosurePanel()
    qtbot.addWidget(disclosures)
    disclosures.set_review(review)
    qtbot.waitUntil(lambda: not disclosures.filling, timeout=10_000)
    assert disclosures.topLevelItemCount() == len(review.disclosures)
    assert disclosures.missing_count() == sum(not d.present for d in review.disclosures)


def test_promises_of_a_partial_review_say_not_found_yet(qtbot, user_dirs, problem_sample):
    from dataclasses import replace

    from checks.analyze import analyze
    from checks.partial import PARTIAL_KEY
    from desktop.gui.panels import PromisesPanel

    review = analyze(problem_sample)
    texts = {}
    for label, shown in (("whole", review), ("part", replace(review, meta={PARTIAL_KEY: "2/5"}))):
        panel = PromisesPanel()
        qtbot.addWidget(panel)
        panel.set_review(shown)
        qtbot.waitUntil(lambda p=panel: not p.filling, timeout=10_000)
        texts[label] = [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]
    absent = [i for i, t in enumerate(texts["whole"]) if t.endswith(": not stated")]
    assert absent, "the sample leaves some promises unstated"
    for i in absent:
        assert texts["part"][i].endswith(": not found yet (still reading)")


def test_promises_headline_follows_the_disclosure(qtbot, user_dirs, problem_sample):
    """The panel shows the disclosure's own sentences: a topic without them is not stated, whatever facts sit
    near it (TDRS: option periods); one only mentioned says so, with the sentence that mentions it."""
    from dataclasses import replace

    from checks.analyze import analyze
    from desktop.gui.panels import AT_A_GLANCE, PromisesPanel, topic_label

    review = analyze(problem_sample)
    topic = next(t for t in AT_A_GLANCE if review.disclosure(t).status == "stated" and t != "third.party")
    first = review.disclosure(topic).citations[0]
    changed = {topic: lambda d: replace(d, present=False, value="", citations=()),
               "third.party": lambda d: replace(d, present=False, value="", citations=(
                   replace(first, topic="third.party", status="mentioned"),))}
    disclosures = tuple(changed.get(d.topic, lambda x: x)(d) for d in review.disclosures)
    panel = PromisesPanel()
    qtbot.addWidget(panel)
    panel.set_review(replace(review, disclosures=disclosures))
    qtbot.waitUntil(lambda: not panel.filling, timeout=10_000)
    texts = {panel.topLevelItem(i).text(0).split(":")[0]: panel.topLevelItem(i)
             for i in range(panel.topLevelItemCount())}
    assert texts[topic_label(topic)].text(0) == f"{topic_label(topic)}: not stated"
    assert texts[topic_label(topic)].childCount() == 0
    mentioned = texts[topic_label("third.party")]
    assert mentioned.text(0).endswith("mentioned, not stated") and mentioned.childCount() == 1


def test_promised_fees_from_a_price_table_name_their_item(qtbot, user_dirs, clean_sample):
    """The fees row cites the price table through the sentence that introduces it, with the list as its value."""
    from checks.analyze import analyze
    from desktop.gui.panels import PromisesPanel

    panel = PromisesPanel()
    qtbot.addWidget(panel)
    panel.set_review(analyze(clean_sample))
    qtbot.waitUntil(lambda: not panel.filling, timeout=10_000)
    fees = next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
                if panel.topLevelItem(i).text(0).startswith("Fees"))
    children = [fees.child(i).text(0) for i in range(fees.childCount())]
    assert any("All amounts are in euro and exclude VAT" in c for c in children), children


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run for a real X11 window")
def test_screenshot_under_xvfb(tmp_path, problem_sample):
    """A real xcb window (not offscreen) opens the sample and draws pages, highlights and the list."""
    out = tmp_path / "window.png"
    env_args = ["env", f"UPFRONT_DATA_DIR={tmp_path / 'data'}", f"UPFRONT_CONFIG_DIR={tmp_path / 'config'}",
                "QT_QPA_PLATFORM=xcb"]
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", *env_args, sys.executable, "-m",
                             "desktop.gui.screenshot", str(problem_sample), str(out), "--select", "3",
                             "--size", "1280x800"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-800:]
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 23) for y in range(0, image.height(), 19)}
    assert len(colours) > 20  # text, highlights, widgets: not a blank or black frame
    assert "analysed" in result.stdout
