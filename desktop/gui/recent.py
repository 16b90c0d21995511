"""The recent files: a list in the window's settings, newest first, and the menu that opens them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

MAX_RECENT = 10


class RecentFiles:
    """The ``recent`` key of the window's settings, shown in ``menu``; choosing an entry calls ``open_file``."""

    def __init__(self, settings: QSettings, menu: QMenu, open_file: Callable[[str], object]) -> None:
        self.settings = settings
        self.menu = menu
        self.open_file = open_file
        self.fill()

    def files(self) -> list[str]:
        value = self.settings.value("recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(p) for p in items if p]

    def add(self, path: str) -> None:
        items = [p for p in self.files() if p != path]
        self.settings.setValue("recent", [path, *items][:MAX_RECENT])
        self.fill()

    def clear(self) -> None:
        self.settings.setValue("recent", [])
        self.fill()

    def fill(self) -> None:
        self.menu.clear()
        files = self.files()
        for p in files:
            action = self.menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.setStatusTip(p)
            action.triggered.connect(lambda *_args, p=p: self.open_file(p))
        if not files:
            self.menu.addAction("(none yet)").setEnabled(False)
        else:
            self.menu.addSeparator()
            self.menu.addAction("Clear list", self.clear)
