"""QtPdf documents created and dropped in the one way that is safe with PySide6 6.12 on Python 3.11.

Measured here: ``QPdfDocument.close()`` and ``QPdfDocument.setPassword()`` each release one reference to
``None`` that they never took (50,000 calls abort the interpreter with "none_dealloc"; a handful abort it at
exit). So a document is never closed: each file gets a fresh, Python-owned QPdfDocument, and dropping the
last reference frees it without that path. ``setPassword`` is unavoidable for encrypted files, so the
reference it steals is given back (harmless if a later PySide6 fixes the bug: None is never freed anyway).
"""

from __future__ import annotations

import ctypes

from PySide6.QtPdf import QPdfDocument

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def load_document(path: str, password: str | None = None) -> tuple[QPdfDocument, QPdfDocument.Error]:
    """A new document loaded from ``path`` (never call ``close()`` on it; drop the reference instead)."""
    doc = QPdfDocument()
    if password:
        doc.setPassword(password)
        _incref(None)
    return doc, doc.load(path)
