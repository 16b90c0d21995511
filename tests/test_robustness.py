"""Hostile inputs: every broken, encrypted, scanned or odd PDF of the corpus gets a result or one clear line.

Each file goes through ``upfront check`` in-process: exit 0/1 with JSON, or exit 2 with exactly one stderr line
naming the file and the problem; never a traceback; the file is byte-identical afterwards. pytest-timeout is
the hang guard (10 s a file).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from desktop.cli import main
from extractors.errors import DamagedPdfError, NotAPdfError, PasswordRequiredError
from extractors.pdf import read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared")) / "corpus"

# from robustness/README.txt
PASSWORDS = {
    "samples__encryption__aes-128-m.pdf": "foo",
    "samples__encryption__rc4-40.pdf": "foo",
    "samples__encryption__aes-256-r6.pdf": "usersecret",
    "resources__encryption__r2-user-password.pdf": "asdfzxcv",
    "resources__encryption__r4-aes-user-password.pdf": "asdfzxcv",
    "resources__encryption__r6-user-password.pdf": "asdfzxcv",
    "resources__libreoffice-writer-password.pdf": "openpassword",
}
# files whose problem is known: the one line must say so
EXPECTED_ERRORS = {
    "qpdf__qtest__qpdf__bad1.pdf": "not a PDF",
    "qpdf__qtest__qpdf__issue-335b.pdf": "not a PDF",
    "qpdf__qtest__qpdf__empty.pdf": "damaged",
    "017-unreadable-meta-data__unreadablemetadata.pdf": "damaged",
    "qpdf__qtest__qpdf__encrypted-40-bit-R3.pdf": "encrypted",
    "test__pdfs__scan-bad.pdf": "no text layer",
    "samples__contrib__pdf-with-jbig2.pdf": "no text layer",
    "resources__imagemagick-CCITTFaxDecode.pdf": "no text layer",
}
REASONS = re.compile(r"not a PDF|damaged|encrypted|password|no text layer|has no pages|over the limit|"
                     r"longer than the limit|not found|permission denied|is a folder|empty file", re.IGNORECASE)


def _files() -> list[str]:
    found = sorted(str(p.relative_to(CORPUS)) for p in (CORPUS / "robustness").rglob("*.pdf"))
    found += sorted(str(p.relative_to(CORPUS)) for p in (CORPUS / "real-pdfs").glob("*.pdf"))
    return found or ["(corpus absent)"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    rc = main(["check", str(path), "--format", "json", "--fail-on", "error", *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_answered(path: Path, rc: int, out: str, err: str) -> dict | None:
    """A result (exit 0/1 and one JSON document) or exactly one line naming the file and its problem."""
    assert "Traceback" not in out + err
    if rc == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("upfront: ") and path.name in lines[0], lines[0]
        assert REASONS.search(lines[0]), lines[0]
        assert not out.strip()
        return None
    assert rc in (0, 1), (rc, err)
    doc = json.loads(out)
    assert doc["document"]["pages"] >= 1
    return doc


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", _files())
def test_every_corpus_file_is_answered(name: str, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus / name
    before = _sha(path)
    rc, out, err = run_check(path, capsys)
    doc = assert_answered(path, rc, out, err)
    base = path.name
    if base in EXPECTED_ERRORS:
        assert rc == 2 and EXPECTED_ERRORS[base].lower() in err.lower(), err
    if base in PASSWORDS:
        assert rc == 2 and "encrypted" in err, err
        rc, out, err = run_check(path, capsys, "--password", PASSWORDS[base])
        doc = assert_answered(path, rc, out, err)
        assert doc is not None, err
    if base == "TDRS Fully Executed Base Award.pdf":
        assert doc is not None and doc["document"]["text_layer"] == "partial"
    assert _sha(path) == before


@pytest.mark.parametrize("name", sorted(PASSWORDS)[:3])
def test_wrong_password_says_so(name: str, corpus: Path) -> None:
    path = next((corpus / "robustness").rglob(name))
    with pytest.raises(PasswordRequiredError, match="wrong password") as info:
        read_document(path, password="not-the-password")
    assert info.value.wrong


@pytest.mark.parametrize("name", ["resources__encryption__r6-owner-password.pdf",
                                  "resources__encryption__r5-empty-password.pdf"])
def test_owner_password_only_opens_without_asking(name: str, corpus: Path) -> None:
    doc = read_document(next((corpus / "robustness").rglob(name)))
    assert doc.words


def test_scanned_only_file_exits_2_with_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    img = tmp_path / "page.png"
    Image.new("RGB", (200, 280), "white").save(img)
    pdf = tmp_path / "scanned.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    for _ in range(4):
        c.drawImage(str(img), 0, 0, *A4)
        c.showPage()
    c.save()
    rc, out, err = run_check(pdf, capsys)
    assert rc == 2 and not out
    assert err.strip() == "upfront: scanned.pdf has no text layer (scanned?): pages 1–4; read them by OCR with --ocr"


def test_odd_inputs_get_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_sample: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("just some text, not a PDF\n")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    truncated = tmp_path / "truncated.pdf"
    data = clean_sample.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    headless = tmp_path / "headless.pdf"
    headless.write_bytes(data[200:])
    for path in (text, empty, folder, tmp_path / "missing.pdf", truncated, headless):
        rc, out, err = run_check(path, capsys)
        assert_answered(path, rc, out, err)
    with pytest.raises(NotAPdfError):
        read_document(text)
    with pytest.raises(NotAPdfError):
        read_document(empty)


def test_damaged_beyond_repair(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    with pytest.raises((DamagedPdfError, NotAPdfError), match=r"damaged|not a PDF"):
        read_document(path)


def test_reading_leaves_input_byte_identical(corpus: Path) -> None:
    path = corpus / "real-pdfs" / "TDRS Fully Executed Base Award.pdf"
    before, mtime = _sha(path), path.stat().st_mtime_ns
    doc = read_document(path, tables=True)
    assert doc.sha256 == before
    assert _sha(path) == before and path.stat().st_mtime_ns == mtime
