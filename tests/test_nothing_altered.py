"""The user's PDF is never modified: same bytes, same mode, same time stamp, nothing written beside it.

Why: the PDF is often the signed contract itself. Every operation (check, sheet, analyze, and their failures)
must leave it exactly as it was, and the sheet must never be written over it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from checks.analyze import analyze
from extractors.errors import UpfrontError

ROOT = Path(__file__).resolve().parents[1]


class Snapshot:
    """sha256, size, mode and mtime of a file, plus the names in its folder."""

    def __init__(self, path: Path) -> None:
        st = path.stat()
        self.path = path
        self.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        self.state = (st.st_size, stat.S_IMODE(st.st_mode), st.st_mtime_ns)
        self.folder = sorted(p.name for p in path.parent.iterdir())

    def assert_unchanged(self, allow_new: tuple[str, ...] = ()) -> None:
        now = Snapshot(self.path)
        assert now.sha256 == self.sha256, f"{self.path.name} was modified"
        assert now.state == self.state, f"{self.path.name}: size, mode or time stamp changed"
        assert sorted(set(now.folder) - set(allow_new)) == self.folder, "files appeared beside the input"


def _copy(src: Path, folder: Path, name: str | None = None, read_only: bool = True) -> Path:
    dst = folder / (name or src.name)
    shutil.copy2(src, dst)
    if read_only:
        dst.chmod(0o444)  # like a downloaded attachment or a file on a read-only share
    return dst


def _cli(*args: str, fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``upfront ARGS``: in a fresh interpreter when ``fresh`` (the real exit code), else in-process (fast)."""
    if fresh:
        return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=300)
    from desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return subprocess.CompletedProcess(["upfront", *args], rc, out.getvalue(), err.getvalue())


@pytest.fixture
def sample(tmp_path: Path, problem_sample: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return _copy(problem_sample, folder, "Proposal (final).pdf")


def test_snapshot_notices_a_change(tmp_path: Path) -> None:
    """The check can fail: a one-byte change, a touch, or a new file beside the input are all seen."""
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 x")
    snap = Snapshot(f)
    f.write_bytes(b"%PDF-1.4 y")
    with pytest.raises(AssertionError, match="modified"):
        snap.assert_unchanged()
    f.write_bytes(b"%PDF-1.4 x")
    os.utime(f, ns=(0, 0))
    with pytest.raises(AssertionError, match="time stamp"):
        snap.assert_unchanged()
    snap = Snapshot(f)
    (tmp_path / "b.txt").write_text("")
    with pytest.raises(AssertionError, match="beside"):
        snap.assert_unchanged()


def test_analyze_leaves_input_alone(sample: Path) -> None:
    snap = Snapshot(sample)
    review = analyze(sample)
    assert review.document.sha256 == snap.sha256
    snap.assert_unchanged()


@pytest.mark.parametrize(("fmt", "fresh"), [("json", True), ("text", False), ("csv", False)])
def test_cli_check_leaves_input_alone(sample: Path, fmt: str, fresh: bool) -> None:
    snap = Snapshot(sample)
    done = _cli("check", str(sample), "--format", fmt, "--fail-on", "none", fresh=fresh)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    snap.assert_unchanged()


def test_cli_sheet_leaves_input_alone(sample: Path, tmp_path: Path) -> None:
    snap = Snapshot(sample)
    out = tmp_path / "out" / "sheet.pdf"
    done = _cli("sheet", str(sample), "--for", "finance,it", "-o", str(out), fresh=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    snap.assert_unchanged()


def test_cli_sheet_default_output_goes_beside_not_over(sample: Path) -> None:
    snap = Snapshot(sample)
    done = _cli("sheet", str(sample), "--for", "executive")
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip().splitlines()[-1])
    assert written.resolve() != sample.resolve()
    snap.assert_unchanged(allow_new=(written.name,))


@pytest.mark.parametrize("spelling", ["same", "dot-segments", "symlink", "hard-link"])
def test_cli_sheet_refuses_to_write_over_the_input(sample: Path, tmp_path: Path, spelling: str) -> None:
    sample.chmod(0o644)  # writable, so only the refusal protects it
    snap = Snapshot(sample)
    if spelling == "same":
        out = str(sample)
    elif spelling == "dot-segments":
        out = str(sample.parent / ".." / sample.parent.name / "." / sample.name)
    elif spelling == "symlink":
        link = tmp_path / "link.pdf"
        link.symlink_to(sample)
        out = str(link)
    else:
        link = tmp_path / "hard.pdf"
        os.link(sample, link)
        out = str(link)
    done = _cli("sheet", str(sample), "--for", "it", "-o", out, fresh=spelling == "same")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    snap.assert_unchanged()


def test_in_process_sheet_leaves_input_alone(sample: Path, tmp_path: Path) -> None:
    from desktop.sheet import SheetOptions, write_sheet

    snap = Snapshot(sample)
    write_sheet(analyze(sample), tmp_path / "s.pdf", SheetOptions(readers=("users",)))
    snap.assert_unchanged()


CORPUS_FILES = (
    ("cuad-dev/pdf/NETZEEINC_11_14_2002-EX-10.3-MAINTENANCE AGREEMENT.PDF", None),
    ("robustness/pdfminer/samples__encryption__aes-128-m.pdf", "foo"),
    ("robustness/pdfminer/samples__encryption__aes-128-m.pdf", None),
    ("robustness/pdfjs/test__pdfs__empty_protected.pdf", None),
    ("robustness/qpdf/qpdf__qtest__qpdf__damaged-stream.pdf", None),
    ("robustness/qpdf/qpdf__qtest__qpdf__bad-xref.pdf", None),
    ("robustness/qpdf/qpdf__qtest__qpdf__bad1.pdf", None),
    ("robustness/pdfjs/test__pdfs__scan-bad.pdf", None),
)


def test_corpus_files_untouched_by_analyze_and_check(corpus: Path, tmp_path: Path) -> None:
    """Encrypted, damaged, scanned and repaired files: success or a clear error, and never a change."""
    by_password: dict[str | None, list[Path]] = {}
    snaps = []
    for i, (name, password) in enumerate(CORPUS_FILES):
        src = corpus / name
        if not src.is_file():
            continue
        folder = tmp_path / str(i)
        folder.mkdir()
        pdf = _copy(src, folder)
        snaps.append(Snapshot(pdf))
        by_password.setdefault(password, []).append(pdf)
        with contextlib.suppress(UpfrontError):
            analyze(pdf, password=password)
    if not snaps:
        pytest.skip("none of the corpus files is present")
    for snap in snaps:
        snap.assert_unchanged()
    for password, pdfs in by_password.items():
        done = _cli("check", *map(str, pdfs), "--fail-on", "none", *(["--password", password] if password else []))
        assert done.returncode in (0, 2), done.stderr
        assert "Traceback" not in done.stderr
    for snap in snaps:
        snap.assert_unchanged()
