"""The desktop window. All Qt lives under this package; nothing outside it imports PySide6."""

from desktop.gui.pyside_fixes import pin_singletons

pin_singletons()  # before any widget exists: see pyside_fixes for the PySide6 6.12 / Python 3.11 bug
