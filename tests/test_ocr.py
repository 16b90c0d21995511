"""Optional OCR: the install hint when it is missing; a copy with text on scanned pages when it is installed.

The real test is the 18F TDRS award in the corpus (pages 1-2 are scans). Only those two pages are OCR'd, once per
session (~10-15 s on 2 cores). Those tests skip, saying why, where ocrmypdf or tesseract is missing; CI installs
both (.ci/run).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from desktop import cli
from extractors import ocr
from extractors.errors import CancelledError, UpfrontError
from extractors.pdf import read_document

AWARD = Path("real-pdfs") / "TDRS Fully Executed Base Award.pdf"
needs_ocr = pytest.mark.skipif(ocr.ocr_available() is not None,
                               reason=f"OCR tests need ocrmypdf and tesseract: {ocr.INSTALL_HINT}")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name, *a, **k: None)


def test_hint_when_tesseract_is_missing(no_tesseract: None) -> None:
    hint = ocr.ocr_available()
    assert hint is not None and "\n" not in hint
    assert "uv sync --extra ocr" in hint and "apt-get install tesseract-ocr" in hint


def test_hint_when_ocrmypdf_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ocr.importlib.util.find_spec
    monkeypatch.setattr(ocr.importlib.util, "find_spec", lambda name, *a: None if name == "ocrmypdf" else real(name))
    assert ocr.ocr_available() == ocr.INSTALL_HINT


def test_ocr_pdf_raises_the_hint_without_touching_anything(no_tesseract: None, tmp_path: Path,
                                                           problem_sample: Path) -> None:
    before = _sha(problem_sample)
    with pytest.raises(ocr.OcrUnavailableError, match="uv sync --extra ocr"):
        ocr.ocr_pdf(problem_sample, tmp_path / "out.pdf")
    assert list(tmp_path.iterdir()) == []
    assert _sha(problem_sample) == before


@pytest.mark.parametrize("command", ["check", "sheet"])
def test_cli_ocr_without_ocr_installed_exits_2_with_one_line(no_tesseract: None, command: str, problem_sample: Path,
                                                             tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["-o", str(tmp_path / "sheet.pdf")] if command == "sheet" else []
    assert cli.main([command, "--ocr", str(problem_sample), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "uv sync --extra ocr" in err and "apt-get install tesseract-ocr" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_without_ocr_flag_does_not_need_ocr(no_tesseract: None, problem_sample: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--format", "json", "--fail-on", "none", str(problem_sample)]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["warnings"] == []


def test_copy_path_is_keyed_by_sha256(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path))
    sha = "ab" * 32
    assert ocr.ocr_copy_path(sha) == tmp_path / f"{sha}.pdf"
    for bad in ("", "../../etc/passwd", "AB" * 32, "ab" * 31):
        with pytest.raises(ValueError):
            ocr.ocr_copy_path(bad)


def test_default_cache_is_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("UPFRONT_OCR_CACHE", raising=False)
    assert ocr.ocr_cache_dir() == Path(platformdirs.user_cache_dir("upfront")) / "ocr"


def test_command_is_single_threaded_plain_pdf_and_skips_text_pages() -> None:
    cmd = ocr.ocr_command(Path("in.pdf"), Path("out.pdf"), [2, 1, 2])
    assert cmd[-3:] == ["--", "in.pdf", "out.pdf"]
    joined = " ".join(cmd)
    for part in ("--skip-text", "--output-type pdf", "--jobs 1", "--pages 1,2"):
        assert part in joined
    assert "--pages" not in ocr.ocr_command(Path("a"), Path("b"), None)


# --- with ocrmypdf and tesseract installed -------------------------------------------------------------------


@pytest.fixture(scope="module")
def award(corpus: Path) -> Path:
    path = corpus / AWARD
    if not path.is_file():
        pytest.skip(f"needs {AWARD} in the corpus")
    return path


@pytest.fixture(scope="module")
def ocr_run(award: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """OCR pages 1-2 of the award once: the copy, the progress calls and the input's hash before and after."""
    before = _sha(award)
    out_dir = tmp_path_factory.mktemp("ocr")
    calls: list[tuple[int, int]] = []
    copy = ocr.ocr_pdf(award, out_dir / "award-ocr.pdf", [1, 2], on_progress=lambda d, n: calls.append((d, n)))
    return {"copy": copy, "dir": out_dir, "calls": calls, "before": before, "after": _sha(award)}


def test_award_has_scanned_pages_1_and_2(award: Path) -> None:
    assert read_document(award, tables=False).pages_without_text == [1, 2]


@needs_ocr
def test_ocr_copy_has_text_on_the_scanned_pages(ocr_run: dict) -> None:
    doc = read_document(ocr_run["copy"], tables=False)
    assert doc.pages_without_text == []
    assert doc.page_count == 59
    page1 = doc.text[doc.pages[0].start:doc.pages[0].end].upper()
    page2 = doc.text[doc.pages[1].start:doc.pages[1].end].upper()
    assert "ORDER FOR SUPPLIES AND SERVICES" in page1
    assert "THOUGHT OBJECT" in page1
    assert "DEVELOPER" in page2


@needs_ocr
def test_ocr_never_alters_the_input_and_leaves_only_the_copy(ocr_run: dict) -> None:
    assert ocr_run["after"] == ocr_run["before"]
    assert [p.name for p in ocr_run["dir"].iterdir()] == ["award-ocr.pdf"]
    assert _sha(ocr_run["copy"]) != ocr_run["before"]


@needs_ocr
def test_ocr_reports_progress_per_page(ocr_run: dict) -> None:
    assert ocr_run["calls"][0] == (0, 2)
    assert (1, 2) in ocr_run["calls"]
    assert ocr_run["calls"][-1] == (2, 2)


@needs_ocr
def test_cancel_stops_ocr_and_leaves_nothing(award: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(CancelledError):
        ocr.ocr_pdf(award, tmp_path / "copy.pdf", [1, 2], on_progress=lambda d, n: seen.append((d, n)),
                    is_cancelled=lambda: bool(seen))
    assert seen == [(0, 2)]  # stopped while tesseract worked on the first page
    assert list(tmp_path.iterdir()) == []


@needs_ocr
def test_ocr_refuses_to_write_over_its_input(tmp_path: Path, problem_sample: Path) -> None:
    src = tmp_path / "in.pdf"
    shutil.copyfile(problem_sample, src)
    with pytest.raises(UpfrontError, match="never writes over its input"):
        ocr.ocr_pdf(src, src)
    assert _sha(src) == _sha(problem_sample)


@needs_ocr
def test_ocr_failure_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    with pytest.raises(ocr.OcrError) as info:
        ocr.ocr_pdf(bad, tmp_path / "out.pdf")
    assert "\n" not in str(info.value) and str(info.value).startswith("bad.pdf: OCR failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.pdf"]


@needs_ocr
def test_cli_check_ocr_uses_the_cached_copy_and_names_the_original(
    ocr_run: dict, award: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path))
    sha = ocr_run["before"]
    shutil.copyfile(ocr_run["copy"], ocr.ocr_copy_path(sha))
    assert cli.main(["check", "--ocr", "--format", "json", "--fail-on", "none", str(award)]) == 0
    document = json.loads(capsys.readouterr().out)["document"]
    assert document["path"] == str(award) and document["sha256"] == sha
    assert document["pages_without_text"] == []
    assert any("pages 1, 2 were read by OCR" in w for w in document["warnings"])
    assert _sha(award) == sha


def test_cli_check_without_ocr_reports_the_scanned_pages(award: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--format", "json", "--fail-on", "none", str(award)]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["pages_without_text"] == [1, 2]


@needs_ocr
def test_cli_ocrs_only_the_scanned_pages_and_rebuilds_a_damaged_cache(
    ocr_run: dict, award: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged cached copy is made again from the original; OCR is asked for pages 1-2 only."""
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path))
    copy = ocr.ocr_copy_path(ocr_run["before"])
    copy.write_bytes(b"%PDF-1.7\ntruncated")
    asked: list[list[int]] = []

    def fake_ocr(src, dst, pages=None, on_progress=None, is_cancelled=None):  # the real run is the fixture's
        asked.append(list(pages or []))
        shutil.copyfile(ocr_run["copy"], dst)
        return Path(dst)

    monkeypatch.setattr(ocr, "ocr_pdf", fake_ocr)
    assert cli.main(["check", "--ocr", "--format", "json", "--fail-on", "none", str(award)]) == 0
    assert asked == [[1, 2]]
    assert json.loads(capsys.readouterr().out)["document"]["pages_without_text"] == []
    assert _sha(copy) == _sha(ocr_run["copy"])


def _cached(folder: Path, name: str, megabytes: float, age_days: float, now: float) -> Path:
    import os

    path = folder / name
    path.write_bytes(b"%PDF" + b"0" * int(megabytes * 1024 * 1024))
    stamp = now - age_days * 86400
    os.utime(path, (stamp, stamp))
    return path


def test_prune_drops_old_copies_then_the_least_recently_used(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path))
    now = 1_900_000_000.0
    ancient = _cached(tmp_path, "a" * 64 + ".pdf", 0.1, 120, now)
    old = _cached(tmp_path, "b" * 64 + ".pdf", 1.0, 30, now)
    recent = _cached(tmp_path, "c" * 64 + ".pdf", 1.0, 2, now)
    kept = _cached(tmp_path, "d" * 64 + ".pdf", 1.0, 200, now)  # the copy just made or used: never removed
    crashed = _cached(tmp_path, ".eeee-x.ocr.pdf", 0.1, 3, now)
    running = _cached(tmp_path, ".ffff-y.ocr.pdf", 0.1, 0.01, now)  # another run's copy in progress
    other = tmp_path / "notes.txt"
    other.write_text("not ours")
    users_own = _cached(tmp_path, "Customer-contract-2023.pdf", 0.1, 400, now)  # someone else's file: left alone
    users_hidden = _cached(tmp_path, ".backup.pdf", 0.1, 400, now)
    removed = ocr.prune_ocr_cache(keep=kept, max_mb=2.5, max_days=90, now=now)
    assert set(removed) == {ancient, old, crashed}
    assert recent.exists() and kept.exists() and running.exists() and other.exists()
    assert users_own.exists() and users_hidden.exists()


def test_ocr_copy_reuses_a_cached_copy_and_marks_it_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         problem_sample: Path) -> None:
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path))
    sha = hashlib.sha256(problem_sample.read_bytes()).hexdigest()
    import time

    copy = _cached(tmp_path, f"{sha}.pdf", 0.01, 10, time.time())
    monkeypatch.setattr(ocr, "ocr_pdf", lambda *a, **k: pytest.fail("a cached copy must not be made again"))
    assert ocr.ocr_copy(problem_sample, sha, [1]) == copy
    assert copy.stat().st_mtime > time.time() - 60  # touched now: the last to be pruned


def test_ocr_copy_prunes_the_cache_after_making_a_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       problem_sample: Path) -> None:
    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path))
    import time

    stale = _cached(tmp_path, "a" * 64 + ".pdf", 0.01, ocr.CACHE_MAX_DAYS + 1, time.time())
    sha = hashlib.sha256(problem_sample.read_bytes()).hexdigest()

    def fake_ocr(src, dst, pages, on_progress=None, is_cancelled=None) -> Path:
        Path(dst).write_bytes(Path(src).read_bytes())
        return Path(dst)

    monkeypatch.setattr(ocr, "ocr_pdf", fake_ocr)
    made = ocr.ocr_copy(problem_sample, sha, [1])
    assert made == tmp_path / f"{sha}.pdf" and made.is_file()
    assert not stale.exists()


def _scan(path: Path) -> Path:
    """A one-page PDF with a drawing and no text: what a scan looks like to the reader."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 72, 400, 600, fill=1)
    c.showPage()
    c.save()
    return path


def test_one_ocr_flow_names_the_original_and_reports_the_copy_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, problem_sample: Path
) -> None:
    """checks.analyze.analyze_ocr: OCR into the cached copy, the copy announced before it is read, partial and
    whole reviews named after the original."""
    import functools

    from checks import analyze as analyze_module
    from checks.partial import PartialReviews

    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path / "ocr"))
    monkeypatch.setattr(analyze_module, "PartialReviews",
                        functools.partial(PartialReviews, interval=0.0, growth=1.0, budget=float("inf")))
    scan = _scan(tmp_path / "scan.pdf")
    sha = _sha(scan)
    events: list[tuple] = []

    def fake_ocr(src, dst, pages=None, on_progress=None, is_cancelled=None) -> Path:
        events.append(("ocr", list(pages or [])))
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(problem_sample, dst)  # stands in for tesseract: a copy with a text layer
        return Path(dst)

    monkeypatch.setattr(ocr, "ocr_pdf", fake_ocr)
    review = analyze_module.analyze_ocr(
        scan, sha, [1], on_copy=lambda copy: events.append(("copy", copy)),
        on_progress=lambda done, total: events.append(("page", done)),
        on_partial=lambda part: events.append(("partial", part.document.path, part.document.sha256)))
    assert events[0] == ("ocr", [1]) and events[1] == ("copy", str(ocr.ocr_copy_path(sha)))
    assert ("page", 1) in events and ("partial", str(scan), sha) in events
    assert review.document.path == str(scan) and review.document.sha256 == sha and review.findings
    assert any("pages 1 were read by OCR" in w for w in review.document.warnings)


def test_the_cli_and_the_window_share_that_flow(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 problem_sample: Path) -> None:
    from checks import analyze as analyze_module
    from desktop.gui import jobs

    calls: list[str] = []
    real = analyze_module.analyze_ocr

    def spy(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    def fake_ocr(src, dst, pages=None, on_progress=None, is_cancelled=None) -> Path:
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(problem_sample, dst)
        return Path(dst)

    monkeypatch.setenv("UPFRONT_OCR_CACHE", str(tmp_path / "ocr"))
    monkeypatch.setattr(ocr, "ocr_available", lambda: None)
    monkeypatch.setattr(ocr, "ocr_pdf", fake_ocr)
    monkeypatch.setattr(analyze_module, "analyze_ocr", spy)
    scan = _scan(tmp_path / "scan.pdf")
    assert cli.main(["check", "--ocr", "--format", "json", "--fail-on", "none", str(scan)]) == 0

    class Quiet:
        def progress(self, done, total): ...
        def partial(self, review): ...
        def copy(self, path): ...
        def is_cancelled(self): return False

    review = jobs.ocr_analysis(Quiet(), str(scan), _sha(scan), [1], None, None)
    assert calls == ["scan.pdf", "scan.pdf"] and review.document.path == str(scan)
