"""Optional OCR of scanned pages: ocrmypdf + tesseract in a child process, writing a copy, never the input.

Why a child process: tesseract can take seconds per page, and a process (group) can be stopped at once when
the user cancels, which ocrmypdf's in-process API cannot promise. ``OMP_THREAD_LIMIT=1`` because tesseract's
OpenMP threads on a 2-core machine are ~6x slower than one thread (measured: 2.9 s a page at 300 dpi with one
thread, 18-20 s with the default). ``--output-type pdf`` avoids Ghostscript (PDF/A needs it); ``--skip-text``
leaves pages that already carry text alone.
Progress comes from ocrmypdf's verbose log, which names each page as tesseract starts on it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from extractors.errors import CancelledError, UpfrontError

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

INSTALL_HINT = ("OCR is not installed: run `uv sync --extra ocr` and "
                "`apt-get install tesseract-ocr tesseract-ocr-eng`, then try again")
if getattr(sys, "frozen", False):  # the Upfront app (.ci/upfront.spec) carries ocrmypdf: only tesseract is missing
    INSTALL_HINT = ("OCR needs tesseract, which is not installed: `apt-get install tesseract-ocr tesseract-ocr-eng` "
                    "(macOS: `brew install tesseract`; Windows: the UB Mannheim installer), then try again")
POLL_SECONDS = 0.2  # how often cancellation is checked while tesseract works
# The OCR cache holds one copy per scanned PDF (about the size of the original): copies unused for this long go,
# then the least recently used ones until the cache fits this size. Half-written copies of a crash go after a day.
CACHE_MAX_DAYS = 90
CACHE_MAX_MB = 1024
STALE_TEMP_SECONDS = 86400
_CACHE_NAME = re.compile(r"[0-9a-f]{64}\.pdf|\..*\.ocr\.pdf")  # copies (ocr_copy_path) and ocr_pdf's temp files
_PAGE_STARTED = re.compile(r"^\s*(\d+)\s+Running: \[.tesseract")
# ocrmypdf's exit codes (ocrmypdf.ExitCode) that have a plainer sentence than its last log line
_EXIT_REASONS = {
    1: "OCR was given bad options",
    2: "the file is not a PDF OCR can read",
    3: "a program OCR needs is missing ({hint})",
    5: "the file could not be read or the copy could not be written",
    8: "the PDF is encrypted; OCR needs an unencrypted copy",
    130: "OCR was interrupted",
}


class OcrError(UpfrontError):
    """OCR ran but failed; the message says why in one line."""


class OcrUnavailableError(OcrError):
    """ocrmypdf or tesseract is missing; ``str(err)`` is the install hint."""


def ocr_available() -> str | None:
    """None when OCR can run here, else the one-line install hint (for the CLI's exit 2 and the window)."""
    if importlib.util.find_spec("ocrmypdf") is None or shutil.which("tesseract") is None:
        return INSTALL_HINT
    return None


def ocr_cache_dir() -> Path:
    """Folder of OCR copies: ``UPFRONT_OCR_CACHE`` when set (tests, read-only homes), else the user cache."""
    override = os.environ.get("UPFRONT_OCR_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("upfront")) / "ocr"


def ocr_copy_path(sha256: str) -> Path:
    """Where the OCR copy of the PDF with this content hash lives (same input, same copy: reused)."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return ocr_cache_dir() / f"{sha256}.pdf"


def ocr_copy(src: str | os.PathLike[str], sha256: str, pages: Sequence[int] | None = None,
             on_progress: ProgressFn | None = None, is_cancelled: CancelFn | None = None,
             fresh: bool = False) -> Path:
    """The cached OCR copy of ``src`` (whose content hash is ``sha256``): reused when it exists (and ``fresh`` is
    False), else made by ``ocr_pdf``, after which the cache is pruned to its limits. Raises as ``ocr_pdf``."""
    copy = ocr_copy_path(sha256)
    if not fresh and copy.is_file() and copy.stat().st_size > 0:
        with contextlib.suppress(OSError):
            os.utime(copy)  # used now: the last to be pruned
        return copy
    ocr_pdf(src, copy, pages, on_progress, is_cancelled)
    prune_ocr_cache(keep=copy)
    return copy


def prune_ocr_cache(keep: Path | None = None, max_mb: float = CACHE_MAX_MB, max_days: float = CACHE_MAX_DAYS,
                    now: float | None = None) -> list[Path]:
    """Remove OCR copies unused for ``max_days``, then the least recently used until the cache holds at most
    ``max_mb``; never ``keep``. Best effort (a file that cannot be removed stays); returns what was removed."""
    folder = ocr_cache_dir()
    now = time.time() if now is None else now
    try:  # only what ocr_copy and ocr_pdf write there: a user's own PDFs in that folder are never touched
        entries = [(f, f.stat()) for f in folder.iterdir() if _CACHE_NAME.fullmatch(f.name) and f.is_file()]
        kept_size = keep.stat().st_size if keep is not None and keep.is_file() else 0
    except OSError:
        return []
    removed: list[Path] = []

    def remove(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)

    copies = []
    for f, st in entries:
        if f.name.startswith("."):  # a temp file of ocr_pdf: stale once a crashed run left it for a day
            if now - st.st_mtime > STALE_TEMP_SECONDS:
                remove(f)
        elif keep is not None and f == keep:
            continue
        elif now - st.st_mtime > max_days * 86400:
            remove(f)
        else:
            copies.append((st.st_mtime, st.st_size, f))
    total = sum(size for _, size, _ in copies) + kept_size
    for _, size, f in sorted(copies):
        if total <= max_mb * 1024 * 1024:
            break
        remove(f)
        total -= size
    return removed


def ocr_command(src: Path, dst: Path, pages: Sequence[int] | None) -> list[str]:
    """The ocrmypdf command line: one job, plain PDF out, pages with text kept, no lossy optimisation."""
    cmd = [sys.executable, "-m", "ocrmypdf", "-v1", "--skip-text", "--output-type", "pdf", "--jobs", "1",
           "--optimize", "0"]
    if pages:
        cmd += ["--pages", ",".join(str(p) for p in sorted(set(pages)))]
    return [*cmd, "--", str(src), str(dst)]


def ocr_pdf(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    pages: Sequence[int] | None = None,
    on_progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
) -> Path:
    """OCR ``pages`` (1-based; None = every page without text) of ``src`` into ``dst``; returns ``dst``.

    ``src`` is only read. The copy appears at ``dst`` in one rename once it is complete, so a cancelled or
    failed run leaves no half-written file. ``on_progress(done, total)`` is called as each page starts and at
    the end; ``is_cancelled`` is polled every 0.2 s and stops tesseract within about a second.
    Raises OcrUnavailableError (with the install hint), CancelledError or OcrError.
    """
    hint = ocr_available()
    if hint:
        raise OcrUnavailableError(hint)
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise OcrError(f"{src.name}: cannot OCR, the file does not exist")
    if dst.resolve() == src.resolve():
        raise OcrError(f"{src.name}: OCR never writes over its input; choose another output")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.stem[:40]}-", suffix=".ocr.pdf", dir=dst.parent)
        os.close(fd)
    except OSError as err:
        raise OcrError(f"{src.name}: cannot write the OCR copy in {dst.parent} ({err.strerror or err})") from None
    tmp = Path(tmp_name)
    total = len(set(pages)) if pages else 0
    try:
        lines = _run(ocr_command(src, tmp, pages), src.name, total, on_progress, is_cancelled)
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise OcrError(f"{src.name}: OCR finished without writing a copy ({_last_words(lines)})")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dst)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    if on_progress and total:
        on_progress(total, total)
    return dst


def _run(cmd: list[str], name: str, total: int, on_progress: ProgressFn | None,
         is_cancelled: CancelFn | None) -> list[str]:
    """Run ocrmypdf in its own process group; feed progress from its log; stop the group on cancel."""
    work = tempfile.mkdtemp(prefix="upfront-ocr-")  # ocrmypdf's scratch files: removed even after a kill
    try:
        return _supervise(cmd, name, total, on_progress, is_cancelled, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _supervise(cmd: list[str], name: str, total: int, on_progress: ProgressFn | None,
               is_cancelled: CancelFn | None, work: str) -> list[str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", PYTHONUNBUFFERED="1", TMPDIR=work)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=env, text=True, errors="replace", start_new_session=True)
    except OSError as err:
        raise OcrError(f"{name}: OCR could not start ({err.strerror or err})") from None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(proc, lines), daemon=True)
    reader.start()
    seen: list[str] = []
    started: set[int] = set()
    try:
        while True:
            if is_cancelled and is_cancelled():
                _stop(proc)
                raise CancelledError(f"{name}: OCR cancelled")
            try:
                line = lines.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if line is None:
                break
            seen.append(line)
            del seen[:-50]
            m = _PAGE_STARTED.match(line)
            if m and on_progress and int(m.group(1)) not in started:
                started.add(int(m.group(1)))
                on_progress(len(started) - 1, max(total, len(started)))
        proc.wait()
    except BaseException:
        _stop(proc)
        raise
    if proc.returncode != 0:
        reason = _EXIT_REASONS.get(proc.returncode, "").format(hint=INSTALL_HINT) or _last_words(seen)
        raise OcrError(f"{name}: OCR failed ({reason})")
    return seen


def _pump(proc: subprocess.Popen[str], out: queue.Queue[str | None]) -> None:
    """Move the child's log lines into a queue so the main loop can poll for cancellation meanwhile."""
    assert proc.stderr is not None
    with contextlib.suppress(OSError, ValueError):
        for line in proc.stderr:
            out.put(line.rstrip("\n"))
    out.put(None)


def _stop(proc: subprocess.Popen[str]) -> None:
    """Terminate ocrmypdf and its tesseract children; kill after a short grace period."""
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 0.5), (signal.SIGKILL, 2.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        deadline = time.monotonic() + grace
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if proc.poll() is not None:
            return


def _last_words(lines: list[str]) -> str:
    """The last meaningful log line, squeezed to one short line."""
    for line in reversed(lines):
        text = " ".join(line.split())
        if text and not text.startswith(("Running:", "os.symlink")):
            return text[:200]
    return "no message"
