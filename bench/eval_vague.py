"""Score the wording checks on the hand-labelled CUAD sentences (and any held-out set laid out the same way).

usage: uv run python bench/eval_vague.py [LABEL_DIR] [--out OUT.jsonl] [--show]
Runs the checker on every PDF named in LABEL_DIR/vague_sentences.jsonl, writes the CLI's JSON Lines
(checks.report.review_json), then runs /work/shared/eval/score.py OUT --only vague. Read Documents are cached
as pickles under /tmp/upfront-cache-c (keyed by the PDF's size and mtime) so rule changes re-score in seconds.
--show prints, per labelled sentence, what was expected and which wording findings hit it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.analyze import review_extraction  # noqa: E402
from checks.model import WORDING_KINDS  # noqa: E402
from checks.report import review_json  # noqa: E402
from checks.rules import load_pack_chain  # noqa: E402
from desktop.atomic import atomic_write_text  # noqa: E402
from extractors.model import Document  # noqa: E402
from extractors.pdf import read_document  # noqa: E402
from extractors.pipeline import understand  # noqa: E402

SHARED = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared"))
CACHE = Path(os.environ.get("UPFRONT_CACHE", "/tmp/upfront-cache-c"))
SCORE = SHARED / "eval" / "score.py"


def cached_document(pdf: Path) -> Document:
    st = pdf.stat()
    key = hashlib.sha1(f"{pdf.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:20]
    file = CACHE / f"{key}.pickle"
    if file.exists():
        try:
            with file.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # stale pickle from an older Document layout: read again
            pass
    doc = read_document(pdf)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(doc, fh)
    tmp.replace(file)
    return doc


def norm(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%$ ]", " ", s.lower()).split())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("labels", nargs="?", default=str(SHARED / "corpus" / "cuad-dev"))
    ap.add_argument("--out", default="/tmp/upfront-cache-c/vague.jsonl")
    ap.add_argument("--show", action="store_true", help="print every labelled sentence with its hits")
    ap.add_argument("--rules", action="append", default=[], help="extra rule pack folders")
    a = ap.parse_args()
    labels = Path(a.labels)
    rows = [json.loads(x) for x in (labels / "vague_sentences.jsonl").read_text().splitlines() if x.strip()]
    pdfs = sorted({r["pdf"] for r in rows})
    pack = load_pack_chain(a.rules, include_config=False)
    lines, reviews = [], {}
    t_check = 0.0
    for rel in pdfs:
        pdf = labels / rel
        try:
            doc = cached_document(pdf)
        except Exception as err:  # report and go on: one unreadable PDF must not stop the evaluation
            print(f"skip {rel}: {err}", file=sys.stderr)
            continue
        ex = understand(doc)
        t0 = time.perf_counter()
        review = review_extraction(ex, pack)
        t_check += time.perf_counter() - t0
        reviews[os.path.basename(rel)] = review
        lines.append(json.dumps(review_json(review), ensure_ascii=False))
    atomic_write_text(Path(a.out), "\n".join(lines) + "\n")
    print(f"{len(reviews)} documents checked; checks alone took {t_check:.2f} s")
    if a.show:
        for r in rows:
            review = reviews.get(os.path.basename(r["pdf"]))
            sent = norm(r["sentence"])
            hits = []
            for f in review.findings if review else ():
                if f.kind not in WORDING_KINDS:
                    continue
                text, fs = norm(f.text), norm(f.sentence)
                if text and text in sent and (fs[:60] in sent or sent[:60] in fs or fs in sent or sent in fs):
                    hits.append(f"{f.rule_id}:{f.text}")
            if hits or r["flag"]:
                mark = "TP" if hits and r["flag"] else "FP" if hits else "FN"
                print(f"{mark} {r['id']} [{r['category']}] cue={r['cue']!r} hits={hits}\n    {r['sentence'][:220]}")
    res = subprocess.run([sys.executable, str(SCORE), a.out, str(labels), "--only", "vague"], text=True,
                         capture_output=True)
    print(res.stdout, end="")
    print(res.stderr, end="", file=sys.stderr)
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
