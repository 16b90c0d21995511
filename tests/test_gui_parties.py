"""The window's parties: shown as found, set by the user, kept with the document, and used by every judgement."""

from __future__ import annotations

import pytest

from desktop.gui.decisions import DecisionStore


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("UPFRONT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def test_the_users_roles_are_kept_and_the_document_checked_again(qtbot, user_dirs, problem_sample):
    from desktop.gui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.review_ready, timeout=60_000):
        w.open_file(str(problem_sample))
    bar = w.parties_bar
    assert bar.provider.currentText().startswith("Brightline") and bar.customer.currentText() == "Northwind Logistics"
    # the user swaps them (as for a document that names the roles the other way round)
    with qtbot.waitSignal(w.review_ready, timeout=60_000):
        w.set_parties("Northwind Logistics", "Brightline Software Ltd")
    assert w.review.party("provider").name == "Northwind Logistics"
    assert DecisionStore.peek(w.review.document.sha256, str(problem_sample)).parties == {
        "provider": "Northwind Logistics", "customer": "Brightline Software Ltd"}
    assert bar.note.text() == "set by you"
    # opened again, the choice applies from the start
    with qtbot.waitSignal(w.review_ready, timeout=60_000):
        w.open_file(str(problem_sample))
    assert w.review.party("provider").name == "Northwind Logistics"


def test_findings_filter_on_who_they_bind(qtbot, user_dirs, problem_sample):
    from desktop.gui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.review_ready, timeout=60_000):
        w.open_file(str(problem_sample))
    panel = w.findings
    everyone = panel.proxy.rowCount()
    panel.actor.setCurrentIndex(panel.actor.findData("customer"))
    shown = [panel.model.finding(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row())
             for r in range(panel.proxy.rowCount())]
    assert everyone > len(shown) and all(f.actor == "customer" for f in shown)
