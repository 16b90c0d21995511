"""The desktop window. All Qt lives under this package; nothing outside it imports PySide6."""
