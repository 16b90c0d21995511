"""One process-wide lock around pdfium calls.

pdfium is not thread-safe, not even on different documents (pypdfium2 docs, "Incompatibility with
Threading"), and the window renders pages with pypdfium2 in its own thread while the analysis reads a
document in a worker thread. Both take this lock per page, so their work interleaves page by page.
Re-entrant, so a helper that takes it may be called by code that already holds it.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
