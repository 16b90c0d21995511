"""Mutation fuzzing of the reader + checker: damaged real PDFs must give a Review or an UpfrontError, nothing else.

Why: proposals arrive truncated by mail gateways, re-saved by odd tools, half-downloaded. Each case takes a real PDF
from the shared corpus, applies a few structured mutations (byte flips, truncation, chunk duplication/deletion,
xref damage, stream and object-stream edits, edits inside inflated content streams), writes it to a temp file and
runs ``checks.analyze.analyze`` plus the CLI JSON in a long-lived worker subprocess. A case that raises anything but
``extractors.errors.UpfrontError``, runs past the per-case timeout, or kills the worker is a failure: its input is
saved under /tmp/fuzz-failures/ with the traceback.

    uv run python bench/fuzz.py --cases 5000            # hypothesis-driven run, prints a summary
    uv run python bench/fuzz.py --cases 5000 --readme   # ... and appends the summary to bench/README.md
    uv run python bench/fuzz.py --replay /tmp/fuzz-failures/<id>.pdf
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import hashlib
import json
import os
import random
import re
import select
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared")) / "corpus"
FAILURES = Path("/tmp/fuzz-failures")
README = ROOT / "bench" / "README.md"

# Seeds: small enough that a case takes well under a second, varied enough to reach different parser paths
# (plain Word/Acrobat exports, object streams, encryption, rotation, CID fonts, broken xref tables).
SEEDS = (
    "repo:proposal-with-problems.pdf",
    "repo:proposal-clean.pdf",
    "cuad-dev/pdf/CURAEGISTECHNOLOGIES,INC_05_26_2010-EX-1-CORPORATE SPONSORSHIP AGREEMENT.PDF",
    "cuad-dev/pdf/GALACTICOMMTECHNOLOGIESINC_11_07_1997-EX-10.46-WEB HOSTING AGREEMENT.PDF",
    "cuad-dev/pdf/NETZEEINC_11_14_2002-EX-10.3-MAINTENANCE AGREEMENT.PDF",
    "real-pdfs/Basecamp_Data_Processing_Addendum_v202007.pdf",
    "robustness/pdfjs/test__pdfs__rotated.pdf",
    "robustness/pdfjs/test__pdfs__arial_unicode_ab_cidfont.pdf",
    "robustness/pdfjs/test__pdfs__empty_protected.pdf",
    "robustness/pdfminer/samples__contrib__issue-791-non-unicode-cmap.pdf",
    "robustness/pdfminer/samples__encryption__rc4-40.pdf",
    "robustness/pdfminer/samples__encryption__aes-128-m.pdf",
    "robustness/pypdf/resources__test Orient.pdf",
    "robustness/pypdf/resources__missing_info.pdf",
    "robustness/qpdf/qpdf__qtest__qpdf__recover-xref-stream.pdf",
    "robustness/qpdf/qpdf__qtest__qpdf__xref-errors.pdf",
    "robustness/py-pdf-sample-files/011-google-doc-document__google-doc-document.pdf",
    "robustness/py-pdf-sample-files/026-latex-multicolumn__multicolumn.pdf",
)


# Encrypted seeds are opened with their user password, so mutations reach the decryption and the text behind it.
PASSWORDS = {
    "robustness/pdfminer/samples__encryption__rc4-40.pdf": "foo",
    "robustness/pdfminer/samples__encryption__aes-128-m.pdf": "foo",
}


def seed_path(name: str) -> Path:
    if name.startswith("repo:"):
        return ROOT / "resources" / "samples" / name[5:]
    return CORPUS / name


def available_seeds(names: Iterable[str] = SEEDS) -> dict[str, bytes]:
    """Seed name -> bytes, for the seeds present on this machine (the corpus is absent in a user's clone)."""
    out: dict[str, bytes] = {}
    for name in names:
        p = seed_path(name)
        if p.is_file():
            out[name] = p.read_bytes()
    return out


# ---------------------------------------------------------------------------------------------------- mutations


@dataclasses.dataclass(frozen=True)
class Case:
    """A reproducible mutation plan: a seed and a list of (operator, a, b, c) with integer parameters."""

    seed: str
    ops: tuple[tuple[str, int, int, int], ...]

    def describe(self) -> str:
        return json.dumps({"seed": self.seed, "ops": [list(op) for op in self.ops]})


INTERESTING_BYTES = b"\x00\xff()<>[]{}/%\\\r\n 0123456789-+.eRTj"
NUMBERS = (b"0", b"-1", b"1", b"2147483647", b"-2147483648", b"4294967296", b"99999999999999999999",
           b"1e308", b"0.0000001", b"-0", b"3.", b".", b"1.#QNAN", b"65535", b"256")
NAMES = (b"/Page", b"/Pages", b"/Kids", b"/Parent", b"/Count", b"/Contents", b"/Resources", b"/Font",
         b"/XObject", b"/Type", b"/Length", b"/Filter", b"/FlateDecode", b"/LZWDecode", b"/DCTDecode",
         b"/ASCIIHexDecode", b"/ASCII85Decode", b"/JBIG2Decode", b"/CCITTFaxDecode", b"/RunLengthDecode",
         b"/Encrypt", b"/ObjStm", b"/XRef", b"/W", b"/Index", b"/Prev", b"/Root", b"/Rotate", b"/MediaBox",
         b"/CropBox", b"/ToUnicode", b"/Encoding", b"/Widths", b"/FirstChar", b"/DecodeParms", b"/Predictor", b"/")
CONTENT_TOKENS = (b"BT", b"ET", b"Tj", b"TJ", b"Tf", b"Td", b"TD", b"Tm", b"T*", b"'", b'"', b"q", b"Q", b"cm",
                  b"Do", b"re", b"W n", b"(", b")", b"[", b"]", b"<", b">", b"<<", b">>", b"/F1 12 Tf",
                  b"(\\", b"<FEFF", b"99999 0 0 99999 0 0 cm", b"0 0 0 0 0 0 cm", b"BI", b"ID", b"EI")

STREAM_RE = re.compile(rb"stream\r?\n")
NUMBER_RE = re.compile(rb"(?<![\w.])-?\d+(?:\.\d*)?(?![\w.])")
NAME_RE = re.compile(rb"/[A-Za-z][A-Za-z0-9]*")
XREF_ENTRY_RE = re.compile(rb"\d{10} \d{5} [nf]")
STARTXREF_RE = re.compile(rb"startxref\s+(\d+)")


def _pos(data: bytearray | bytes, a: int) -> int:
    return a % (len(data) + 1)


def op_flip(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Flip a few bits around one spot (bit rot, a bad mail gateway)."""
    if not data:
        return data
    pos = a % len(data)
    step = 1 + (c % 64)
    for k in range(1 + b % 8):
        i = (pos + k * step) % len(data)
        data[i] ^= 1 << ((c + k) % 8)
    return data


def op_set_bytes(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Overwrite bytes with PDF delimiters, NULs and digits: the characters a tokenizer cares about."""
    if not data:
        return data
    pos = a % len(data)
    for k in range(1 + b % 6):
        i = (pos + k) % len(data)
        data[i] = INTERESTING_BYTES[(c + 7 * k) % len(INTERESTING_BYTES)]
    return data


def op_truncate(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Cut the file short (an interrupted download); b picks 'anywhere' or 'near the end'."""
    if b % 2 and len(data) > 1:
        return data[: max(0, len(data) - 1 - a % min(len(data), 4096))]
    return data[: _pos(data, a)]


def op_delete_chunk(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    pos = _pos(data, a)
    del data[pos : pos + 1 + b % 4096]
    return data


def op_duplicate_chunk(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Copy a chunk elsewhere (a botched incremental save / concatenation)."""
    pos = _pos(data, a)
    chunk = bytes(data[pos : pos + 1 + b % 4096])
    at = _pos(data, c)
    data[at:at] = chunk
    return data


def op_xref(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Damage cross-reference data: entry offsets, the startxref number, the trailer or the xref keyword."""
    kind = b % 5
    if kind == 0:
        entries = list(XREF_ENTRY_RE.finditer(data))
        if entries:
            m = entries[a % len(entries)]
            data[m.start() : m.start() + 10] = b"%010d" % (c % 10**10)
            return data
    if kind in (0, 1):
        found = list(STARTXREF_RE.finditer(data))
        if found:
            m = found[a % len(found)]
            data[m.start(1) : m.end(1)] = NUMBERS[c % len(NUMBERS)]
            return data
    if kind == 2:
        i = data.rfind(b"trailer")
        if i >= 0:
            data[i : i + 7] = b"trai1er"
            return data
    if kind == 3:
        entries = list(XREF_ENTRY_RE.finditer(data))
        if entries:  # mark entries free / in use the wrong way round
            for m in entries[a % len(entries) :: 1 + c % 5]:
                data[m.end() - 1] = ord("f") if data[m.end() - 1] == ord("n") else ord("n")
            return data
    i = data.rfind(b"xref")
    if i >= 0:
        data[i : i + 4] = b"xrfe"
    return data


def _streams(data: bytearray | bytes) -> list[tuple[int, int]]:
    """(body start, body end) of every stream; end is the 'endstream' keyword or the end of the file."""
    spans = []
    for m in STREAM_RE.finditer(data):
        if data[max(0, m.start() - 3) : m.start()] == b"end":
            continue
        end = data.find(b"endstream", m.end())
        spans.append((m.end(), end if end >= 0 else len(data)))
    return spans


def _dict_before(data: bytearray, start: int) -> tuple[int, int]:
    """Rough span of the dictionary preceding a stream body (the object's header)."""
    lo = data.rfind(b" obj", 0, start)
    return (lo if lo >= 0 else max(0, start - 512)), start


def _replace_stream(data: bytearray, start: int, end: int, body: bytes) -> bytearray:
    """Put a new stream body in place and make the object's /Length say its true size (so the edit is read)."""
    data[start:end] = body + b"\n"
    lo, hi = _dict_before(data, start)
    m = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", data[lo:hi])
    if m:
        data[lo + m.start(1) : lo + m.end(1)] = b"%d" % len(body)
    return data


def op_stream(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Edit a stream: corrupt or truncate its body, lie about /Length, or swap its /Filter."""
    spans = _streams(data)
    if not spans:
        return op_flip(data, a, b, c, seeds)
    objstm = [s for s in spans if b"/ObjStm" in data[_dict_before(data, s[0])[0] : s[0]]]
    pool = objstm if objstm and (b // 5) % 2 else spans
    start, end = pool[a % len(pool)]
    kind = b % 5
    if kind == 0 and end > start:  # garble the compressed body
        for k in range(1 + c % 16):
            i = start + (c * 31 + k * 97) % (end - start)
            data[i] ^= 0x5A
    elif kind == 1:  # body cut short, endstream kept
        del data[start + (c % max(1, end - start)) : end]
    elif kind == 2:  # /Length lies
        lo, hi = _dict_before(data, start)
        m = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", data[lo:hi])
        if m:
            data[lo + m.start(1) : lo + m.end(1)] = NUMBERS[c % len(NUMBERS)]
    elif kind == 3:  # wrong filter
        lo, hi = _dict_before(data, start)
        m = re.search(rb"/Filter\s*(/\w+)", data[lo:hi])
        name = NAMES[c % len(NAMES)]
        if m:
            data[lo + m.start(1) : lo + m.end(1)] = name
        else:
            data[hi:hi] = b""
    else:  # object stream header: /N and /First
        lo, hi = _dict_before(data, start)
        m = re.search(rb"/(N|First)\s+(\d+)", data[lo:hi])
        if m:
            data[lo + m.start(2) : lo + m.end(2)] = NUMBERS[c % len(NUMBERS)]
        elif end > start:
            data[start] ^= 0xFF
    return data


def op_inflated(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Edit *inside* a Flate stream (content stream, object stream, font) and re-compress it with a right /Length.

    Byte flips on compressed data only reach the inflater; this reaches the content, font and object parsers.
    """
    spans = _streams(data)
    rng = random.Random(c)
    for k in range(len(spans)):
        start, end = spans[(a + k) % len(spans)]
        body = bytes(data[start:end]).rstrip(b"\r\n")
        try:
            plain = bytearray(zlib.decompress(body))
        except zlib.error:
            continue
        if not plain:
            continue
        for _ in range(1 + b % 4):
            i = rng.randrange(len(plain) + 1)
            choice = rng.randrange(4)
            if choice == 0:
                plain[i:i] = b" " + rng.choice(CONTENT_TOKENS) + b" "
            elif choice == 1:
                del plain[i : i + rng.randrange(1, 64)]
            elif choice == 2:
                plain[i:i] = NUMBERS[rng.randrange(len(NUMBERS))] + b" "
            else:
                plain[i:i] = bytes(plain[i : i + rng.randrange(1, 256)])
        return _replace_stream(data, start, end, zlib.compress(bytes(plain)))
    return op_stream(data, a, b, c, seeds)


TEXT_LEADS = (b"Support will respond within", b"Invoices are payable net", b"This Agreement renews for successive",
              b"Either party may terminate on", b"Availability of", b"Fees not to exceed", b"Severity 1 response in",
              b"Late payments bear interest of", b"Warranty period:", b"Maintenance windows of", b"5.2.1.1.1.1",
              b"Customer shall pay", b"as soon as possible, but no later than", b"Term:", b"")
TEXT_AMOUNTS = (b"0", b"-1", b"99999999999999999999", b"1e308", b"0.5", b"1,000,000.00", b"thirty \\(30\\)",
                b"ninety \\(90", b"1/2", b"99.99999999999%", b"$", b"$$1,,0.0.0", b"\\000\\377", b"twenty-four",
                b"1.5.5", b"2**64", b"\\(\\)", b"EUR 12.50", b"24/7/365", b"one hundred and one thousand",
                b"<b>30</b>", b"<para><font name=x>1</font>", b"&amp;&#0;&lt;", b"<img src=/etc/passwd/>",
                b"%s%s{0}", b"${HOME}")
TEXT_UNITS = (b"days", b"business days", b"calendar days", b"hours", b"minutes", b"months", b"years", b"%",
              b"percent", b"USD", b"per hour", b"year periods", b"days' notice", b"", b"days days days")


def _nasty_text(rng: random.Random) -> bytes:
    """A fact-shaped sentence with a hostile number or unit: aims at the fact parsers and the rules."""
    parts = [rng.choice(TEXT_LEADS), rng.choice(TEXT_AMOUNTS), rng.choice(TEXT_UNITS)]
    if rng.random() < 0.3:
        parts += [rng.choice(TEXT_AMOUNTS), rng.choice(TEXT_UNITS)]
    return b" ".join(p for p in parts if p)


FONT_RE = re.compile(rb"/[^\s/\[\]()<>{}%]+\s+[\d.]+\s+Tf")


def op_text(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Add a line of hostile, contract-shaped text to a page's content stream (re-compressed, /Length fixed)."""
    rng = random.Random(c)
    spans = _streams(data)
    for k in range(len(spans)):
        start, end = spans[(a + k) % len(spans)]
        raw = bytes(data[start:end]).rstrip(b"\r\n")
        compressed = True
        try:
            plain = zlib.decompress(raw)
        except zlib.error:
            plain, compressed = raw, False
            lo, hi = _dict_before(data, start)
            if b"/Filter" in data[lo:hi]:
                continue
        font = FONT_RE.search(plain)
        if not font:
            continue
        lines = b"".join(b"BT %s %d %d Td (%s) Tj ET\n" % (font.group(), 40 + rng.randrange(400),
                                                            40 + rng.randrange(700), _nasty_text(rng))
                         for _ in range(1 + b % 3))
        at = plain.rfind(b"ET") + 2 if b % 2 and b"ET" in plain else len(plain)
        edited = plain[:at] + b"\n" + lines + plain[at:]
        return _replace_stream(data, start, end, zlib.compress(edited) if compressed else edited)
    return op_inflated(data, a, b, c, seeds)


def op_number(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Replace a number outside streams (/Count, /MediaBox, /W, object numbers, /Size) with an extreme one."""
    window = data[: 1 << 20]
    nums = [m for m in NUMBER_RE.finditer(window)]
    if not nums:
        return data
    m = nums[a % len(nums)]
    data[m.start() : m.end()] = NUMBERS[(b + c) % len(NUMBERS)]
    return data


def op_name(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Swap a /Name for another (a /Page that claims to be /Pages, /Kids that become /Parent ...)."""
    names = list(NAME_RE.finditer(data[: 1 << 20]))
    if not names:
        return data
    m = names[a % len(names)]
    data[m.start() : m.end()] = NAMES[c % len(NAMES)]
    return data


def op_splice(data: bytearray, a: int, b: int, c: int, seeds: dict[str, bytes]) -> bytearray:
    """Head of this file + tail of another seed (two files glued together, or an update from another PDF)."""
    if not seeds:
        return data
    other = list(seeds.values())[b % len(seeds)]
    return data[: _pos(data, a)] + bytearray(other[_pos(other, c) :])


OPS: dict[str, Callable[[bytearray, int, int, int, dict[str, bytes]], bytearray]] = {
    "flip": op_flip,
    "set_bytes": op_set_bytes,
    "truncate": op_truncate,
    "delete_chunk": op_delete_chunk,
    "duplicate_chunk": op_duplicate_chunk,
    "xref": op_xref,
    "stream": op_stream,
    "inflated": op_inflated,
    "text": op_text,
    "number": op_number,
    "name": op_name,
    "splice": op_splice,
}


def apply(case: Case, seeds: dict[str, bytes]) -> bytes:
    """The mutated bytes of a case (deterministic)."""
    data = bytearray(seeds[case.seed])
    for name, a, b, c in case.ops:
        data = OPS[name](data, a, b, c, seeds)
    return bytes(data)


def random_cases(n: int, seeds: Sequence[str], rng_seed: int = 0) -> list[Case]:
    """Deterministic cases without hypothesis (the fast smoke test)."""
    rng = random.Random(rng_seed)
    names = sorted(OPS)
    out = []
    for _ in range(n):
        ops = tuple((rng.choice(names), rng.getrandbits(31), rng.getrandbits(31), rng.getrandbits(31))
                    for _ in range(rng.randint(1, 3)))
        out.append(Case(rng.choice(list(seeds)), ops))
    return out


# ---------------------------------------------------------------------------------------------------- worker


def _selftest_analyze(path: str, pack: object, password: str | None = None) -> object:
    """A stand-in for analyze that misbehaves on demand, so tests can prove each failure kind is caught."""
    import signal

    from checks.analyze import analyze

    head = Path(path).read_bytes()[:16]
    if head.startswith(b"crash"):
        raise RuntimeError("planted crash")
    if head.startswith(b"die"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if head.startswith(b"hang"):
        time.sleep(3600)
    if head.startswith(b"multiline"):
        from extractors.errors import DamagedPdfError

        raise DamagedPdfError("first line\nsecond line")
    return analyze(path, pack, password=password)


def worker_main(mem_mb: int, selftest: bool = False) -> None:
    """Loop: read a path per line on stdin, analyse it, answer one JSON line. Stray prints go to stderr."""
    import resource

    if mem_mb:
        limit = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything printed by the libraries must not corrupt the protocol
    from checks.analyze import analyze
    from checks.report import review_json
    from checks.rules import default_pack
    from extractors.errors import UpfrontError

    try:
        import resources
        from desktop.sheet import SheetOptions, write_sheet
    except ImportError:  # the sheet writer is optional for the fuzzer
        write_sheet = None  # type: ignore[assignment]
    pack = default_pack()
    if selftest:
        analyze = _selftest_analyze  # type: ignore[assignment]
    proto.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        flag, password, path = line.rstrip("\n").split("\t", 2)
        try:
            review = analyze(path, pack, password=password or None)
            json.dumps(review_json(review))
            answer = {"outcome": "review", "pages": len(review.document.pages)}
            if flag == "S" and write_sheet is not None:  # hostile text must come out as text, not markup
                out = write_sheet(review, path + ".sheet.pdf", SheetOptions(readers=resources.AUDIENCES))
                answer["sheet"] = Path(out).stat().st_size
        except UpfrontError as err:
            answer = {"outcome": "error", "type": type(err).__name__, "message": str(err)}
            if "\n" in str(err):
                answer = {"outcome": "crash", "traceback": f"multi-line UpfrontError message: {str(err)!r}"}
        except BaseException:
            answer = {"outcome": "crash", "traceback": traceback.format_exc()}
        proto.write(json.dumps(answer) + "\n")


@dataclasses.dataclass
class Outcome:
    kind: str  # review | error | crash | hang | died
    detail: str = ""


class Runner:
    """A worker subprocess fed one file at a time; a case past ``timeout`` seconds kills and restarts it."""

    def __init__(self, timeout: float = 10.0, mem_mb: int = 1536, selftest: bool = False) -> None:
        self.timeout = timeout
        self.mem_mb = mem_mb
        self.selftest = selftest
        self.proc: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.sheets = 0

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", "--mem-mb", str(self.mem_mb),
             *(["--selftest"] if self.selftest else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        line = self._readline(120.0)
        if not line or not json.loads(line).get("ready"):
            raise RuntimeError("fuzz worker did not start")

    def _readline(self, timeout: float) -> bytes | None:
        assert self.proc and self.proc.stdout
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        return self.proc.stdout.readline()

    def _kill(self) -> None:
        if self.proc:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            self.proc.wait()
            self.proc = None
            self.restarts += 1

    def run(self, path: str | os.PathLike[str], sheet: bool = False, password: str = "") -> Outcome:
        """Analyse one file (and write an all-readers sheet from its Review when ``sheet``)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc and self.proc.stdin
        try:
            request = (b"S" if sheet else b"-") + b"\t" + password.encode() + b"\t" + os.fsencode(path) + b"\n"
            self.proc.stdin.write(request)
            self.proc.stdin.flush()
        except BrokenPipeError:
            self._kill()
            return Outcome("died", "worker gone before the case")
        line = self._readline(self.timeout)
        if line is None:
            self._kill()
            return Outcome("hang", f"no answer within {self.timeout:g} s")
        if not line:
            rc = self.proc.wait()
            self._kill()
            return Outcome("died", f"worker exited with {rc} (signal {-rc})" if rc < 0 else f"worker exited {rc}")
        answer = json.loads(line)
        if answer["outcome"] == "review":
            self.sheets += "sheet" in answer
            return Outcome("review", str(answer.get("pages", "")))
        if answer["outcome"] == "error":
            return Outcome("error", answer["type"])
        return Outcome("crash", answer["traceback"])

    def close(self) -> None:
        if self.proc:
            with contextlib.suppress(OSError):
                assert self.proc.stdin
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------------- campaign


@dataclasses.dataclass
class Tally:
    cases: int = 0
    outcomes: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    errors: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    failures: list[dict[str, str]] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    sheets: int = 0

    @property
    def failed(self) -> int:
        return len(self.failures)


def save_failure(case: Case, data: bytes, outcome: Outcome, folder: Path = FAILURES) -> Path:
    from desktop.atomic import atomic_write_bytes, atomic_write_text

    digest = hashlib.sha256(data).hexdigest()[:16]
    pdf = atomic_write_bytes(folder / f"{outcome.kind}-{digest}.pdf", data)
    atomic_write_text(folder / f"{outcome.kind}-{digest}.txt",
                      f"case: {case.describe()}\noutcome: {outcome.kind}\n\n{outcome.detail}\n")
    return pdf


SHEET_EVERY = 10  # one case in ten also renders a sheet (all four readers) from its Review


def run_case(runner: Runner, case: Case, seeds: dict[str, bytes], tally: Tally, workdir: Path,
             save: bool = True) -> Outcome:
    data = apply(case, seeds)
    if data == seeds[case.seed]:
        tally.unchanged += 1
    target = workdir / "case.pdf"
    target.write_bytes(data)
    outcome = runner.run(target, sheet=tally.cases % SHEET_EVERY == 0, password=PASSWORDS.get(case.seed, ""))
    tally.cases += 1
    tally.sheets = runner.sheets
    tally.outcomes[outcome.kind] += 1
    if outcome.kind == "error":
        tally.errors[outcome.detail] += 1
    elif outcome.kind != "review":
        where = str(save_failure(case, data, outcome)) if save else ""
        tally.failures.append({"case": case.describe(), "kind": outcome.kind, "detail": outcome.detail,
                               "saved": where})
    return outcome


def run_cases(cases: Iterable[Case], seeds: dict[str, bytes], timeout: float = 10.0, save: bool = True,
              progress: bool = False) -> Tally:
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="upfront-fuzz-") as tmp, Runner(timeout) as runner:
        for case in cases:
            run_case(runner, case, seeds, tally, Path(tmp), save)
            if progress and tally.cases % 100 == 0:
                print(f"{tally.cases} cases: {dict(tally.outcomes)}", file=sys.stderr, flush=True)
    return tally


def hypothesis_campaign(n: int, seeds: dict[str, bytes], timeout: float = 10.0, rng_seed: int = 0,
                        progress: bool = False) -> Tally:
    """n cases drawn by hypothesis (generation only: a failure is recorded, not shrunk, so the run goes on)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    word = st.integers(min_value=0, max_value=2**31 - 1)
    op = st.tuples(st.sampled_from(sorted(OPS)), word, word, word)
    case_st = st.builds(Case, seed=st.sampled_from(sorted(seeds)), ops=st.lists(op, min_size=1, max_size=4).map(tuple))
    tally = Tally()

    with tempfile.TemporaryDirectory(prefix="upfront-fuzz-") as tmp, Runner(timeout) as runner:

        @hseed(rng_seed)
        @settings(max_examples=n, phases=[Phase.generate], database=None, deadline=None,
                  suppress_health_check=list(HealthCheck))
        @given(case_st)
        def one(case: Case) -> None:
            run_case(runner, case, seeds, tally, Path(tmp))
            if progress and tally.cases % 250 == 0:
                print(f"{tally.cases} cases: {dict(tally.outcomes)}", file=sys.stderr, flush=True)

        one()
    return tally


def summary(tally: Tally, seconds: float, seeds: dict[str, bytes]) -> str:
    lines = [
        f"cases: {tally.cases} ({tally.unchanged} left the seed unchanged), seeds: {len(seeds)}, "
        f"time: {seconds:.0f} s ({seconds / max(1, tally.cases):.3f} s/case)",
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items()))
        + f" (of the reviews, {tally.sheets} also rendered an all-readers sheet)",
        "UpfrontError types: " + ", ".join(f"{k} {v}" for k, v in tally.errors.most_common()),
        f"failures (uncaught exception, hang or dead worker): {tally.failed}",
    ]
    for f in tally.failures[:20]:
        first = f["detail"].strip().splitlines()[-1] if f["detail"].strip() else ""
        lines.append(f"  - {f['kind']}: {first} :: {f['saved']}")
    return "\n".join(lines)


def append_readme(text: str) -> None:
    from desktop.atomic import atomic_write_text

    old = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    atomic_write_text(README, old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed")
    parser.add_argument("--timeout", type=float, default=10.0, help="per-case hang guard, seconds")
    parser.add_argument("--readme", action="store_true", help="append the summary to bench/README.md")
    parser.add_argument("--replay", type=Path, nargs="*", help="run saved inputs again")
    parser.add_argument("--password", default="", help="user password for --replay of an encrypted seed's mutant")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mem-mb", type=int, default=1536, help=argparse.SUPPRESS)
    parser.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.mem_mb, args.selftest)
        return 0
    if args.replay:
        with Runner(args.timeout) as runner:
            for p in args.replay:
                out = runner.run(p, password=args.password)
                print(f"{p}: {out.kind} {out.detail}")
        return 0
    seeds = available_seeds()
    if not seeds:
        print("no seed PDFs found", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    tally = hypothesis_campaign(args.cases, seeds, args.timeout, args.seed, progress=True)
    text = summary(tally, time.monotonic() - t0, seeds)
    print(text)
    if args.readme:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        append_readme(f"## Fuzzing (`uv run python bench/fuzz.py --cases {args.cases} --seed {args.seed}`), "
                      f"{stamp}\n\n```\n{text}\n```")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
