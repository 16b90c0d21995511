"""Wording findings against the hand labels, per half of the dev documents (tune / held apart / whole).

usage: uv run python bench/eval_wording.py [--set cuad|proposals|both] [--show FP|FN|all] [--half tune]

cuad: ../shared/corpus/cuad-dev/vague_sentences.jsonl + wording_v2.jsonl (900 sentences of real contracts);
proposals: ../shared/corpus/proposals-dev/vague_sentences.jsonl (582 sentences of 12 proposals). Runs the
checker on every labelled document, writes the CLI's JSON Lines and scores them with the shared score.py
(``--only vague``) on each half. Read documents and their understanding are cached (bench/excache.py), so
a rule change re-scores in seconds. ``--show`` lists, for one half, the labelled sentences a finding hit
wrongly (FP), missed (FN) or all, with the finding's statement frame and the label's reason.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.devsplit import HALVES, half_of, split_labels  # noqa: E402
from bench.excache import cached_extraction  # noqa: E402
from checks.analyze import review_extraction  # noqa: E402
from checks.model import WORDING_KINDS  # noqa: E402
from checks.report import review_json  # noqa: E402
from checks.rules import load_pack_chain  # noqa: E402

SHARED = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared"))
SCORE = SHARED / "eval" / "score.py"
SETS = {"cuad": SHARED / "corpus" / "cuad-dev", "proposals": SHARED / "corpus" / "proposals-dev"}


def norm(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%$ ]", " ", s.lower()).split())


def labelled(labels: Path) -> list[dict]:
    rows = []
    for file in ("vague_sentences.jsonl", "wording_v2.jsonl"):
        if (labels / file).exists():
            rows += [json.loads(x) for x in (labels / file).read_text().splitlines() if x.strip()]
    return rows


def hits(review, sentence: str) -> list:
    """Wording findings inside a labelled sentence, matched as score.py matches them."""
    sent = norm(sentence)
    out = []
    for f in review.findings if review else ():
        if f.kind not in WORDING_KINDS:
            continue
        text, fs = norm(f.text), norm(f.sentence)
        if text and text in sent and (not fs or fs[:60] in sent or sent[:60] in fs or fs in sent or sent in fs):
            out.append(f)
    return out


def score(out: Path, labels: Path) -> str:
    res = subprocess.run([sys.executable, str(SCORE), str(out), str(labels), "--only", "vague"], text=True,
                         capture_output=True)
    return next((line for line in res.stdout.splitlines() if line.startswith("vague: TP")), res.stdout.strip())


def evaluate(name: str, pack, show: str | None, half: str) -> None:
    labels = SETS[name]
    rows = labelled(labels)
    reviews, lines = {}, []
    for rel in sorted({r["pdf"] for r in rows}):
        ex = cached_extraction(labels / rel)
        if isinstance(ex, str):
            print(f"skip {rel}: {ex}", file=sys.stderr)
            continue
        review = review_extraction(ex, pack)
        reviews[os.path.basename(rel)] = review
        lines.append(json.dumps(review_json(review), ensure_ascii=False))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.jsonl"
        out.write_text("\n".join(lines) + "\n")
        folders = split_labels(labels, Path(tmp))
        for h in HALVES:
            print(f"{name} [{h:5s}] {score(out, folders[h])}")
        print(f"{name} [whole] {score(out, labels)}")
    if not show:
        return
    for r in rows:
        if half != "whole" and half_of(r["pdf"]) != half:
            continue
        found = hits(reviews.get(os.path.basename(r["pdf"])), r["sentence"])
        mark = "TP" if found and r["flag"] else "FP" if found else "FN" if r["flag"] else "TN"
        if show != "all" and mark != show:
            continue
        if show == "all" and mark == "TN":
            continue
        f = found[0] if found else None
        frame = f"{f.rule_id}:{f.text!r} {f.actor}/{f.stance}/{f.family}" if f else ""
        print(f"{mark} {r.get('id', r.get('doc', ''))} [{r.get('category')}|{r.get('reason', '')}] "
              f"gold {r.get('actor', '?')}/"
              f"{r.get('stance', '?')} cue={r.get('cue', '')!r} {frame}\n    {' '.join(r['sentence'].split())[:230]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("cuad", "proposals", "both"), default="both")
    ap.add_argument("--show", choices=("FP", "FN", "TP", "all"), default=None)
    ap.add_argument("--half", choices=(*HALVES, "whole"), default="tune")
    ap.add_argument("--rules", action="append", default=[], help="extra rule pack folders")
    a = ap.parse_args()
    pack = load_pack_chain(a.rules, include_config=False)
    for name in (("cuad", "proposals") if a.set == "both" else (a.set,)):
        evaluate(name, pack, a.show, a.half)
    return 0


if __name__ == "__main__":
    sys.exit(main())
