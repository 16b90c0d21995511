"""Saving never loses the previous version: killed writers, read-only places and full disks.

Why: review state and sheets are the user's work. A writer killed mid-save (power cut, OOM killer, force-quit)
must leave the old file readable, and a save that cannot happen must say why in one line.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop import atomic
from desktop.atomic import WriteError, atomic_write_bytes, atomic_write_text
from extractors.errors import UpfrontError

ROOT = Path(__file__).resolve().parents[1]
OLD = b'{"version": "old", "notes": ["keep me"]}\n'


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != name)


# ------------------------------------------------------------------------------------------------ ordinary writes


def test_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    assert atomic_write_bytes(target, OLD) == target
    assert target.read_bytes() == OLD
    assert atomic_write_text(target, "nouveau ✓") == target
    assert target.read_text(encoding="utf-8") == "nouveau ✓"
    assert _leftovers(tmp_path, "state.json") == []


def test_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "sheet.pdf"
    atomic_write_bytes(target, b"%PDF-1.7\n")
    assert target.read_bytes() == b"%PDF-1.7\n"


def test_big_payload_is_written_whole(tmp_path: Path) -> None:
    payload = os.urandom(3 * atomic.CHUNK + 123)
    target = atomic_write_bytes(tmp_path / "big.bin", payload)
    assert target.read_bytes() == payload


def test_keeps_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    target.write_bytes(OLD)
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_is_not_private_to_the_temp_mode(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; a saved sheet should be readable like any other file the user makes."""
    old = os.umask(0o022)
    try:
        target = atomic_write_bytes(tmp_path / "sheet.pdf", b"%PDF")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_long_file_name(tmp_path: Path) -> None:
    target = tmp_path / ("é" * 120 + ".json")  # 240 bytes: the temp name must still fit in 255
    atomic_write_bytes(target, b"x")
    assert target.read_bytes() == b"x"


# ------------------------------------------------------------------------------------------------ killed writers

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from desktop import atomic
    mode, target, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    real_write, real_fsync = os.write, os.fsync
    def slow_write(fd, data):
        n = real_write(fd, bytes(data[:4096]))
        print("wrote", n, flush=True)
        time.sleep(0.01)
        return n
    def stuck_fsync(fd):
        real_fsync(fd)
        print("synced", flush=True)
        time.sleep(600)
    if mode == "mid-write":
        os.write = slow_write
    else:
        os.fsync = stuck_fsync
    atomic.atomic_write_bytes(target, b"N" * size)
    print("done", flush=True)
    """
)


def _kill_writer(target: Path, mode: str, wait_for: str, size: int) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, mode, str(target), str(size)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    assert proc.stdout
    try:
        seen = 0
        for line in proc.stdout:
            assert not line.startswith("done"), "the writer finished before it could be killed"
            if line.startswith(wait_for):
                seen += 1
                if seen >= 3 or wait_for == "synced":
                    break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize(("mode", "wait_for"), [("mid-write", "wrote"), ("before-rename", "synced")])
def test_killed_writer_leaves_previous_version(tmp_path: Path, mode: str, wait_for: str) -> None:
    target = tmp_path / "review-state.json"
    target.write_bytes(OLD)
    _kill_writer(target, mode, wait_for, size=2_000_000)
    assert target.read_bytes() == OLD
    temps = _leftovers(tmp_path, target.name)
    assert temps, "the killed writer should have been caught with its temp file on disk"
    assert all(t.startswith(".review-state.json.") and t.endswith(".tmp") for t in temps)
    if mode == "mid-write":
        assert (tmp_path / temps[0]).stat().st_size < 2_000_000


def test_killed_writer_with_no_previous_version_leaves_no_target(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    _kill_writer(target, "mid-write", "wrote", size=2_000_000)
    assert not target.exists()


def test_next_write_sweeps_up_a_killed_writers_temp(tmp_path: Path) -> None:
    target = tmp_path / "review-state.json"
    target.write_bytes(OLD)
    _kill_writer(target, "mid-write", "wrote", size=2_000_000)
    assert _leftovers(tmp_path, target.name)
    unrelated = tmp_path / ".other.json.upfront-1-abc.tmp"
    unrelated.write_bytes(b"not ours to remove")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path, target.name) == [unrelated.name]


def test_a_live_writers_temp_is_not_swept(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    live = tmp_path / f".state.json.upfront-{os.getppid()}-x.tmp"
    live.write_bytes(b"in progress elsewhere")
    atomic_write_bytes(target, b"new")
    assert live.exists()


# ------------------------------------------------------------------------------------------------ clear failures


def test_write_error_is_an_upfront_error() -> None:
    assert issubclass(WriteError, UpfrontError)


def test_folder_path_through_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    with pytest.raises(WriteError) as err:
        atomic_write_text(blocker / "state.json", "{}")
    message = str(err.value)
    assert "\n" not in message
    assert "state.json" in message
    assert "is a file, not a folder" in message
    assert blocker.read_text() == "a file, not a folder"


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "sheet.pdf").mkdir()
    with pytest.raises(WriteError, match="there is a folder with that name"):
        atomic_write_bytes(tmp_path / "sheet.pdf", b"%PDF")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs (read-only to new files)")
def test_read_only_place_says_so() -> None:
    with pytest.raises(WriteError) as err:
        atomic_write_text("/sys/upfront-state.json", "{}")
    assert "read-only" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A read-only tmpfs holding an old file, when this machine lets us mount one (root in a container may)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "state.json").write_bytes(OLD)
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only tmpfs needs root")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if ok.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {ok.stderr.decode().strip()}")
    try:
        (folder / "state.json").write_bytes(OLD)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_read_only_mount_keeps_old_file(read_only_folder: Path) -> None:
    target = read_only_folder / "state.json"
    with pytest.raises(WriteError) as err:
        atomic_write_bytes(target, b"new")
    assert "read-only" in str(err.value)
    assert target.read_bytes() == OLD


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_full_disk_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(OLD)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, where, disk_full)
    with pytest.raises(WriteError) as err:
        atomic_write_bytes(target, b"N" * 100_000)
    monkeypatch.undo()
    assert "the disk is full" in str(err.value)
    assert "previous version is unchanged" in str(err.value)
    assert "\n" not in str(err.value)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target.name) == []


def test_quota_exceeded_reads_as_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def quota(*args, **kwargs):
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setattr(atomic.os, "write", quota)
    with pytest.raises(WriteError, match="the disk is full"):
        atomic_write_bytes(tmp_path / "x.json", b"{}")


def test_interrupt_mid_write_cleans_up_and_propagates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(OLD)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target.name) == []


def test_writer_script_round_trip(tmp_path: Path) -> None:
    """The killing harness itself works: left alone, the slow writer finishes and the file is new."""
    target = tmp_path / "state.json"
    target.write_bytes(OLD)
    done = subprocess.run([sys.executable, "-c", WRITER, "mid-write", str(target), "20000"], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.stdout.strip().endswith("done"), done.stderr
    assert target.read_bytes() == b"N" * 20000
