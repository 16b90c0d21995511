"""Work-around for a reference-counting bug of PySide6 6.12 on Python 3.11 (this project's stack).

Measured here: every PySide6 call that returns ``None`` (any void method: ``QLabel.setText``,
``QGraphicsItem.setZValue``, ``QPdfDocument.close``…) and every ``Signal.emit()`` (which returns ``True``)
releases one reference to that singleton that it never took — as if None/True/False were immortal, which they
are only from Python 3.12 on. A window makes thousands of such calls, so the interpreter soon aborts with
"none_dealloc" / "bool_dealloc" (at the latest at exit, which fails a test run with rc 134).

``pin_singletons()`` gives these objects the immortality the bindings assume: one large addition to their
reference counts, once, at import of ``desktop.gui``. It does nothing on Python 3.12+ (already immortal) or on
a debug/trace-refs build (different object header).
"""

from __future__ import annotations

import ctypes
import sys

PIN = 1 << 40  # far more references than a process can ever drop
_pinned = False


def pin_singletons() -> bool:
    """Make None, True, False (and friends) immortal in practice; True when it was needed and done."""
    global _pinned
    if _pinned or sys.version_info >= (3, 12) or hasattr(sys, "getobjects") or hasattr(sys, "gettotalrefcount"):
        return False
    for obj in (None, True, False, Ellipsis, NotImplemented):
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of a PyObject
        refcount.value += PIN
    _pinned = True
    return True

