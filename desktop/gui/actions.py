"""The window's actions (with their keys), menus and toolbar. Actions become attributes of the window
(``open_action``, ``export_action`` …) so the window enables and triggers them by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSpinBox, QToolBar

import resources

if TYPE_CHECKING:
    from desktop.gui.window import MainWindow

SAMPLE = resources.path("samples", "proposal-with-problems.pdf")


def _action(window: MainWindow, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list | tuple):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda *_: slot())
    return action


def build_actions(w: MainWindow) -> None:
    """Actions, the menu bar (File, View, Review, Help; File holds the recent-files menu) and the toolbar."""
    key = QKeySequence.StandardKey
    viewer, findings = w.viewer, w.findings
    w.open_action = _action(w, "&Open…", w.choose_file, key.Open, "Open a proposal or contract (Ctrl+O)")
    w.sample_action = _action(w, "Open &sample", lambda: w.open_file(str(SAMPLE)),
                              tip="Open the bundled sample proposal")
    w.export_action = _action(w, "&Export expectations sheet…", w.export_sheet, "Ctrl+E",
                              "Write the expectations sheet for one reader (Ctrl+E)")
    w.csv_action = _action(w, "Export review as &CSV…", w.export_csv, "Ctrl+Shift+E",
                           "Write every finding with its decision to a CSV file")
    w.quit_action = _action(w, "&Quit", w.close, key.Quit)
    w.next_action = _action(w, "&Next finding", lambda: findings.step(1), "F8")
    w.prev_action = _action(w, "&Previous finding", lambda: findings.step(-1), "Shift+F8")
    w.filter_action = _action(w, "&Filter findings", w.focus_filter, key.Find)
    w.accept_action = _action(w, "&Accept (will fix)", findings.accept_current, "A")
    w.dismiss_action = _action(w, "&Dismiss…", findings.dismiss_current, "D")
    w.note_action = _action(w, "&Note…", findings.note_current, "N")
    w.zoom_in_action = _action(w, "Zoom &in", viewer.zoom_in, [key.ZoomIn, "Ctrl+="])
    w.zoom_out_action = _action(w, "Zoom &out", viewer.zoom_out, key.ZoomOut)
    w.fit_width_action = _action(w, "Fit &width", viewer.fit_width, "Ctrl+0")
    w.fit_page_action = _action(w, "Fit &page", viewer.fit_page, "Ctrl+9")
    w.next_page_action = _action(w, "Next page", lambda: viewer.go_to_page(viewer.current_page() + 1),
                                 "Ctrl+PgDown")
    w.prev_page_action = _action(w, "Previous page", lambda: viewer.go_to_page(viewer.current_page() - 1),
                                 "Ctrl+PgUp")
    w.cancel_action = _action(w, "&Cancel analysis", w.cancel_analysis, "Esc")
    w.about_action = _action(w, "&About Upfront", w.about)
    for a in (w.accept_action, w.dismiss_action, w.note_action):
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        findings.table.addAction(a)

    menu = w.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(w.open_action)
    w.recent_menu = file_menu.addMenu("Open &recent")
    file_menu.addAction(w.sample_action)
    file_menu.addSeparator()
    file_menu.addAction(w.export_action)
    file_menu.addAction(w.csv_action)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)
    view_menu = menu.addMenu("&View")
    for a in (w.zoom_in_action, w.zoom_out_action, w.fit_width_action, w.fit_page_action, None,
              w.next_page_action, w.prev_page_action):
        view_menu.addSeparator() if a is None else view_menu.addAction(a)
    review_menu = menu.addMenu("&Review")
    for a in (w.next_action, w.prev_action, None, w.accept_action, w.dismiss_action, w.note_action, None,
              w.filter_action, w.cancel_action):
        review_menu.addSeparator() if a is None else review_menu.addAction(a)
    help_menu = menu.addMenu("&Help")
    help_menu.addAction(w.about_action)

    tools = QToolBar("Main")
    tools.setObjectName("mainToolbar")
    tools.setMovable(False)
    tools.addAction(w.open_action)
    tools.addAction(w.export_action)
    tools.addSeparator()
    tools.addAction(w.prev_page_action)
    w.page_box = QSpinBox()
    w.page_box.setMinimum(1)
    w.page_box.setKeyboardTracking(False)
    w.page_box.setToolTip("Go to page")
    w.page_box.valueChanged.connect(lambda n: n != viewer.current_page() and viewer.go_to_page(n))
    tools.addWidget(w.page_box)
    w.page_total = QLabel(" of 0 ")
    tools.addWidget(w.page_total)
    tools.addAction(w.next_page_action)
    tools.addSeparator()
    tools.addAction(w.zoom_out_action)
    w.zoom_label = QLabel(" 100% ")
    tools.addWidget(w.zoom_label)
    tools.addAction(w.zoom_in_action)
    tools.addAction(w.fit_width_action)
    tools.addAction(w.fit_page_action)
    tools.addSeparator()
    tools.addAction(w.prev_action)
    tools.addAction(w.next_action)
    w.addToolBar(tools)
