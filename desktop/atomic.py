"""Write files atomically: a temp file in the same folder, fsync, then rename over the target.

Why: a crash, a kill or a full disk in the middle of saving review state or a sheet must leave the previous
version readable. The rename is the only step that changes what the target name points to, and it happens only
after every byte is on disk. Temp files left behind by a killed writer are removed by the next write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from extractors.errors import UpfrontError

CHUNK = 1 << 20
_TEMP_MARK = ".upfront-"


class WriteError(UpfrontError):
    """The file could not be written; the previous version, if any, is intact."""


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``target`` with ``data`` in one step; on any failure the old file is untouched.

    A symlink is written through (the link stays, the file it points to is replaced). An existing file keeps
    its permission bits; a new one gets the usual 0666 minus the umask instead of mkstemp's 0600.
    """
    target = Path(target)
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    folder = real.parent if str(real.parent) else Path(".")
    if real.is_dir():
        raise WriteError(f"{target}: could not be saved (there is a folder with that name)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{_temp_prefix(real.name)}{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as err:
        if err.errno == errno.ENOENT and folder.is_dir():
            raise WriteError(f"{target}: cannot write in {folder} (it does not accept new files)") from None
        raise WriteError(f"{target}: cannot write in {folder} ({_reason(err)})") from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view[:CHUNK]) :]
            os.fchmod(fd, _mode_for(real))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise WriteError(
                f"{target}: could not be saved ({_reason(err)}); the previous version is unchanged"
            ) from None
        raise
    _fsync_folder(folder)
    _remove_stale_temps(folder, real.name)
    return target


def atomic_write_text(target: str | os.PathLike[str], text: str) -> Path:
    """UTF-8 text through :func:`atomic_write_bytes`."""
    return atomic_write_bytes(target, text.encode("utf-8"))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every filesystem allows opening a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_prefix(name: str) -> str:
    """Hidden, recognisable, and short enough that the temp name stays under the 255-byte name limit."""
    return f".{name.encode()[:80].decode(errors='ignore')}{_TEMP_MARK}"


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Delete temp files of this target whose writer process is gone (it was killed mid-write)."""
    pattern = re.compile(re.escape(_temp_prefix(name)) + r"(\d+)-.*\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = pattern.fullmatch(entry.name)
            if m and not _alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of ours may be writing this target right now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reason(err: OSError) -> str:
    """The cause in words a user can act on."""
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if err.errno == errno.EROFS:
        return "the disk is read-only"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "the folder is read-only or not yours"
    if err.errno in (errno.ENOTDIR, errno.EEXIST):
        return "part of the folder path is a file, not a folder"
    if err.errno == errno.ENOENT:
        return "the folder does not exist"
    if err.errno == errno.EISDIR:
        return "there is a folder with that name"
    return err.strerror or str(err)
