"""Work-arounds for reference-counting bugs measured in PySide6 6.12 on Python 3.11 (this project's stack).

Each bug releases a reference to a shared singleton that it never took; enough of them and the interpreter
aborts ("bool_dealloc" / "none_dealloc"), at the latest at exit. Measured here, 200-50,000 calls each:

* ``Signal.emit()`` returns ``True`` one reference short, on every call. ``emit()`` below gives it back.
* ``QPdfDocument.close()`` and ``QPdfDocument.setPassword()`` release one reference to ``None``.
  A document is therefore never closed: each file gets a fresh, Python-owned QPdfDocument and dropping the
  last reference frees it. ``setPassword`` is unavoidable for encrypted files, so its reference is given back.
* ``QObject.sender()`` outside a slot (it returns None) and a failed ``disconnect()`` do the same: not used.

Giving back a reference that a fixed PySide6 no longer steals only keeps an immortal-in-practice object
alive, so these helpers stay safe after an upgrade.
"""

from __future__ import annotations

import ctypes
from typing import Any

from PySide6.QtPdf import QPdfDocument

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)`` without losing a reference to the bool it returns."""
    _incref(signal.emit(*args))


def load_document(path: str, password: str | None = None) -> tuple[QPdfDocument, QPdfDocument.Error]:
    """A new document loaded from ``path`` (never call ``close()`` on it; drop the reference instead)."""
    doc = QPdfDocument()
    if password:
        doc.setPassword(password)
        _incref(None)
    return doc, doc.load(path)
