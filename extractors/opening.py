"""Opening a PDF: what the path is (a regular file, a PDF at all, encrypted), its content hash, and pdfium's
document, with every failure turned into a one-line typed error. The file is only ever read."""

from __future__ import annotations

import hashlib
import mmap
import os
import stat
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.errors import DamagedPdfError, NotAPdfError, PasswordRequiredError
from extractors.pdfium_lock import PDFIUM_LOCK


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _looks_like_pdf(path: Path) -> tuple[bool, bool]:
    """(has a %PDF header or PDF objects near the start, mentions /Encrypt) — read without changing the file."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
        size = fh.seek(0, os.SEEK_END)
        tail_start = max(0, size - (1 << 16))
        fh.seek(tail_start)
        tail = fh.read()
    pdfish = b"%PDF" in head[:1024] or (b" obj" in head and (b"endobj" in head or b"stream" in head))
    return pdfish, b"/Encrypt" in head or b"/Encrypt" in tail


def _mentions_encrypt(path: Path) -> bool:
    """Whether an /Encrypt entry appears anywhere in the file (read-only memory map)."""
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return mm.find(b"/Encrypt") >= 0
    except (OSError, ValueError):
        return False


def open_pdf(path: Path, password: str | None) -> pdfium.PdfDocument:
    """Open with pdfium, turning every failure into a one-line typed error."""
    name = path.name
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise NotAPdfError(f"{name}: file not found") from None
    except OSError as err:
        raise NotAPdfError(f"{name}: cannot be read ({err.strerror or err})") from None
    if stat.S_ISDIR(mode):
        raise NotAPdfError(f"{name}: is a folder, not a PDF")
    if not stat.S_ISREG(mode):  # a pipe or device would block the reader forever
        raise NotAPdfError(f"{name}: not a regular file (a pipe or device?), not a PDF")
    try:
        pdfish, encrypted = _looks_like_pdf(path)
    except FileNotFoundError:
        raise NotAPdfError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise NotAPdfError(f"{name}: is a folder, not a PDF") from None
    except PermissionError:
        raise NotAPdfError(f"{name}: permission denied") from None
    except OSError as err:
        raise NotAPdfError(f"{name}: cannot be read ({err.strerror or err})") from None
    if path.stat().st_size == 0:
        raise NotAPdfError(f"{name}: empty file, not a PDF")
    try:
        with PDFIUM_LOCK:
            return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD and not encrypted:
            encrypted = _mentions_encrypt(path)
        if code == pdfium_c.FPDF_ERR_PASSWORD and encrypted:
            if password:
                raise PasswordRequiredError(f"{name}: wrong password for this encrypted PDF", wrong=True) from None
            raise PasswordRequiredError(f"{name}: encrypted; give its password to open it") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PasswordRequiredError(f"{name}: encrypted with an unsupported security handler") from None
        if not pdfish:
            raise NotAPdfError(f"{name}: not a PDF file") from None
        raise DamagedPdfError(f"{name}: damaged beyond repair (no readable page tree)") from None
