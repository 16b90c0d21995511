"""Accuracy of topics and disclosures on the CUAD dev contracts, scored by the shared score.py.

Reading the 404 PDFs is the slow part, so each read ``Document`` is pickled under /tmp/upfront-cache keyed by
the PDF's sha256 and a hash of the reader's modules (``READER``): iterating on clauses, topics and disclosures
then takes seconds. Output is JSON Lines in the CLI's format (``review_json(review_extraction(...))``).

usage:
  uv run python bench/eval_cuad.py                      # score everything, print score.py's lines
  uv run python bench/eval_cuad.py --errors term.notice  # plus false positives / negatives with evidence
  uv run python bench/eval_cuad.py --any-reader          # reuse cached Documents even if the reader changed
  uv run python bench/eval_cuad.py --no-run --split      # score each half of the corpus on its own
  uv run python bench/eval_cuad.py --cache /tmp/mine --out /tmp/mine/a.jsonl   # read every PDF again, own files

Rules tuned to single documents do not carry over to new contracts: ``--split`` scores the tune half and the
held-apart half (bench/devsplit.py) beside the whole, and ``--baseline OLD.jsonl`` prints an earlier run's
figures beside each: decide on the tune half, report the held-apart one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "cuad-dev"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
CACHE = Path("/tmp/upfront-cache")
OUT = Path("/tmp/upfront-eval/cuad-dev.jsonl")
# the modules that make a Document out of a PDF: a change to any of them invalidates the cached Documents
READER = ("pdf.py", "opening.py", "limits.py", "words.py", "geometry.py", "page_objects.py", "formatting.py",
          "layout.py", "tables.py")


def reader_version() -> str:
    """A change to the reader invalidates the cached Documents."""
    h = hashlib.sha256()
    for name in READER:
        if (ROOT / "extractors" / name).exists():
            h.update((ROOT / "extractors" / name).read_bytes())
    return h.hexdigest()[:12]


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cached_document(pdf: Path, version: str, any_reader: bool, cache: Path = CACHE):
    """The read Document for a PDF, from the cache when possible (a failure is returned as a string)."""
    sha = _file_sha(pdf)
    target = cache / f"{sha}-{version}.pkl"
    candidates = [target] + (sorted(cache.glob(f"{sha}-*.pkl"), key=os.path.getmtime, reverse=True)
                             if any_reader else [])
    for c in candidates:
        if c.exists():
            with c.open("rb") as fh:
                doc = pickle.load(fh)
            # two PDFs with identical bytes share one cache entry: report each under its own path
            return replace(doc, path=str(pdf)) if doc.path != str(pdf) else doc
    from extractors.errors import UpfrontError
    from extractors.pdf import read_document

    try:
        doc = read_document(pdf)
    except UpfrontError as err:
        return str(err)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, target)
    return doc


def one(job: tuple[str, str, bool, bool, str]) -> tuple[str, float, int]:
    """Read (or load) one PDF, understand and check it: its CLI JSON line, seconds understanding it, pages."""
    from checks.report import review_json
    from extractors.pipeline import understand

    path, version, any_reader, checks, cache = job
    doc = cached_document(Path(path), version, any_reader, Path(cache))
    if isinstance(doc, str):
        return json.dumps({"document": {"path": path}, "error": doc}), 0.0, 0
    t0 = time.perf_counter()
    ex = understand(doc)
    seconds = time.perf_counter() - t0
    if checks:
        from checks.analyze import review_extraction

        review = review_extraction(ex)
    else:  # topics only: skip the rule pack (faster, and immune to rule work in progress)
        from checks.model import Review

        review = Review.from_extraction(ex, (), "none")
    return json.dumps(review_json(review)), seconds, doc.page_count


def run(corpus: Path, out: Path, jobs: int, any_reader: bool, limit: int | None, checks: bool,
        cache: Path = CACHE) -> None:
    pdfs = sorted((corpus / "pdf").iterdir())[:limit]
    version = reader_version()
    work = [(str(p), version, any_reader, checks, str(cache)) for p in pdfs]
    out.parent.mkdir(parents=True, exist_ok=True)
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, work, chunksize=4))
    else:
        results = [one(w) for w in work]
    from desktop.atomic import atomic_write_text

    atomic_write_text(out, "\n".join(line for line, _, _ in results) + "\n")
    seconds = sum(s for _, s, _ in results)
    pages = sum(p for _, _, p in results)
    print(f"understand (clauses + topics + facts + disclosures): {seconds:.1f} s CPU for {pages} pages, "
          f"{1000 * seconds / max(1, pages):.1f} ms/page")


def _docs(out: Path) -> dict[str, dict]:
    docs = {}
    for line in out.read_text().splitlines():
        d = json.loads(line)
        docs[os.path.basename(d["document"]["path"])] = d
    return docs


def errors(out: Path, corpus: Path, topic: str, width: int) -> None:
    """Print every false positive (with its evidence clauses and cues) and false negative (with the gold quote)."""
    docs = _docs(out)
    for file in ("labels.jsonl", "disclosures.jsonl"):
        for line in (corpus / file).read_text().splitlines():
            row = json.loads(line)
            gold = row["topics"].get(topic)
            if gold is None:
                continue
            name = os.path.basename(row["pdf"])
            doc = docs.get(name, {})
            disc = next((d for d in doc.get("disclosures", []) if d["topic"] == topic), {})
            pred = bool(disc.get("present"))
            if topic == "warranty" and file == "labels.jsonl":
                pred = pred and any(u in disc.get("value", "") for u in ("day", "month", "year", "week"))
            gv = gold.get("value", "")
            if pred and not gold["present"]:
                print(f"FP [{file}] {name[:90]}  value={disc.get('value')!r}")
                clauses = {c["id"]: c for c in doc.get("clauses", [])}
                for cid in disc.get("evidence", [])[:3]:
                    c = clauses.get(cid, {})
                    cue = c.get("cues", {}).get(topic, "")
                    text = " ".join(c.get("text", "").split())
                    i = text.lower().find(cue.lower()) if cue else 0
                    lo = max(0, i - width // 2)
                    print(f"    {cid} §{c.get('number')} {c.get('heading', '')[:40]!r} cue={cue!r}: "
                          f"…{text[lo:lo + width]}…")
            elif gold["present"] and not pred:
                print(f"FN [{file}] {name[:90]}  gold={gv!r} pred_value={disc.get('value')!r}")
                if gold.get("quote"):
                    print(f"    quote: {' '.join(gold['quote'].split())[:width]}")
            elif pred and gold["present"] and gv and disc.get("value", "") != gv:
                print(f"VAL [{file}] {name[:90]}  gold={gv!r} pred={disc.get('value')!r}")


def score(out: Path, labels: Path, only: str = "topics") -> tuple[str, int]:
    """score.py's lines and exit status for one output against one labels folder."""
    result = subprocess.run([sys.executable, str(SCORE), str(out), str(labels), "--only", only],
                            capture_output=True, text=True)
    return result.stdout, result.returncode


def _f1s(text: str) -> dict[str, str]:
    """topic line key -> 'F1 / P / R' of score.py's topic lines."""
    out = {}
    for line in text.splitlines():
        if ":" in line and "F1=" in line:
            key = line.split()[0]
            fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
            out[key] = f"{fields.get('F1')} (P {fields.get('P')} R {fields.get('R')})" + (
                f" v{fields['value']}" if "value" in fields else "")
    return out


def compare(out: Path, baseline: Path, corpus: Path, only: str) -> None:
    """Per half (tune / held apart / whole): each measure now beside the baseline's."""
    from bench.devsplit import split_labels

    folders = split_labels(corpus, out.parent / "split")
    for half, labels in (*folders.items(), ("whole", corpus)):
        now, _ = score(out, labels, only)
        then, _ = score(baseline, labels, only)
        a, b = _f1s(now), _f1s(then)
        print(f"----- {half}  (now | baseline)")
        for key in a:
            print(f"{key:45s} {a[key]:30s} | {b.get(key, '')}")
        for text in (now, then):
            for line in text.splitlines():
                if line.startswith(("evidence: quotes", "vague: TP", "parties:")):
                    print("   ", "now" if text is now else "base", line)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--jobs", type=int, default=2, help="processes (at most 2 on the shared machine)")
    ap.add_argument("--any-reader", action="store_true", help="reuse cached Documents read by any reader")
    ap.add_argument("--cache", type=Path, default=CACHE,
                    help="folder of cached Documents (a new, empty folder reads every PDF again)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N PDFs (for a quick look)")
    ap.add_argument("--no-checks", action="store_true", help="skip the rule pack (topics are all that is scored)")
    ap.add_argument("--no-run", action="store_true", help="score the existing output only")
    ap.add_argument("--errors", action="append", default=[], metavar="TOPIC",
                    help="print false positives / negatives for TOPIC (repeatable)")
    ap.add_argument("--width", type=int, default=240, help="characters of evidence to print")
    ap.add_argument("--split", action="store_true",
                    help="score the tune half, the held-apart half (sha1 of the file name) and the whole")
    ap.add_argument("--baseline", type=Path, default=None, help="an earlier output to print beside (with --split)")
    ap.add_argument("--only", default="topics", choices=("topics", "evidence", "vague", "parties"))
    a = ap.parse_args()
    if not a.no_run:
        run(a.corpus, a.out, max(1, min(a.jobs, 2)), a.any_reader, a.limit, not a.no_checks, a.cache)
    for topic in a.errors:
        print(f"===== {topic}")
        errors(a.out, a.corpus, topic, a.width)
    if a.split:
        compare(a.out, a.baseline or a.out, a.corpus, a.only)
        return 0
    text, status = score(a.out, a.corpus, a.only)
    print(text, end="")
    return status


if __name__ == "__main__":
    sys.exit(main())
