"""The PySide6 reference-count work-arounds hold: many emits and password loads leave True and None intact.

Without them the interpreter aborts ("bool_dealloc" / "none_dealloc") once enough references are lost;
here the loss is measured directly, so a regression fails the test instead of crashing a user's window.
"""

from __future__ import annotations

import gc
import sys

import pytest

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtCore import QObject, Signal

from desktop.gui.pyside_fixes import emit, load_document


class _Source(QObject):
    ping = Signal(object)


def _refs(obj) -> int:
    gc.collect()
    return sys.getrefcount(obj)


def test_emit_keeps_the_returned_bool(qapp):
    source = _Source()
    got: list[object] = []
    source.ping.connect(got.append)
    before = _refs(True)
    for i in range(3000):
        emit(source.ping, i)
    assert len(got) == 3000
    assert _refs(True) >= before - 100  # bare .emit() loses exactly one per call: -3000


def test_password_load_keeps_none(qapp, problem_sample):
    before = _refs(None)
    for _ in range(300):
        doc, _error = load_document(str(problem_sample), "unused-password")
        assert doc.pageCount() >= 1
        del doc
    assert _refs(None) >= before - 100  # bare setPassword() loses one per call: -300
