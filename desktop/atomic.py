"""Write files atomically: a temp file in the same folder, fsync, then rename over the target."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from extractors.errors import UpfrontError


class WriteError(UpfrontError):
    """The file could not be written; the previous version, if any, is intact."""


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``target`` with ``data`` in one step; on any failure the old file is untouched."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise WriteError(f"{target}: cannot write here ({_reason(err)})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"{target}: could not be saved ({_reason(err)})") from None
    return target


def atomic_write_text(target: str | os.PathLike[str], text: str) -> Path:
    return atomic_write_bytes(target, text.encode("utf-8"))


def _reason(err: OSError) -> str:
    if err.errno == errno.ENOSPC:
        return "the disk is full"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only or not yours"
    return err.strerror or str(err)
