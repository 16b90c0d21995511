"""A blind audit of what Upfront prints: draw fresh findings and sheet lines at random, score a reviewer's labels.

usage:
  uv run python bench/audit.py draw OUT_DIR [--seed N] [--findings 100] [--lines 100]
  uv run python bench/audit.py score OUT_DIR

``draw`` writes OUT_DIR/wording.tsv (wording findings: id, doc, page, rule, kind, phrase, sentence) and
OUT_DIR/sheet.tsv (stated sheet lines: id, doc, topic, label, status, line_text, quote, citation), drawn at random
from the whole CUAD dev set (or, with ``--set proposals``, the 12 proposals), leaving out every sentence and quote
that a label file of ../shared already holds, and OUT_DIR/key.json (which row came from where). A reviewer labels
them from VAGUE_GUIDELINES.md and LABEL_SPEC.md alone (sections A and B), writing OUT_DIR/wording_labels.tsv and
OUT_DIR/sheet_labels.tsv with the spec's headers. ``score`` prints the share of findings flagged right and of lines
judged right, with the reasons of the wrong ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.devsplit import half_of  # noqa: E402
from bench.excache import cached_extraction  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
CUAD, PROPOSALS = SHARED / "cuad-dev", SHARED / "proposals-dev"
WORDING = {"vague_timing", "vague_effort", "vague_scope", "overpromise"}


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", s.lower()).split())


def _known() -> set[str]:
    """The first 60 normalised characters of every sentence or quote the label files already hold."""
    out = set()
    for folder, files in ((CUAD, ("vague_sentences.jsonl", "wording_v2.jsonl", "evidence_v2.jsonl")),
                          (PROPOSALS, ("vague_sentences.jsonl",))):
        for file in files:
            for line in (folder / file).read_text().splitlines():
                row = json.loads(line)
                text = row.get("sentence") or row.get("quote") or ""
                out.add(_norm(text)[:60])
    return out


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def draw(out: Path, seed: int, n_findings: int, n_lines: int, which: str) -> None:
    from checks.analyze import review_extraction
    from desktop.sheet import SheetOptions, build_sheet

    rng = random.Random(seed)
    known = _known()
    pdfs = sorted(((CUAD if which == "cuad" else PROPOSALS) / "pdf").iterdir())
    findings, lines = [], []
    for pdf in pdfs:
        ex = cached_extraction(pdf)
        if isinstance(ex, str):
            continue
        review = review_extraction(ex)
        for f in review.findings:
            if f.kind in WORDING and _norm(f.sentence)[:60] not in known:
                findings.append((pdf.name, f))
        sheet = build_sheet(review, SheetOptions(readers=("finance", "it", "executive", "users")))
        for ln in sheet.lines:
            if ln.topic and ln.status in ("stated", "vague") and ln.quote and _norm(ln.quote)[:60] not in known:
                lines.append((pdf.name, ln))
    out.mkdir(parents=True, exist_ok=True)
    picked_f = rng.sample(findings, min(n_findings, len(findings)))
    picked_l = rng.sample(lines, min(n_lines, len(lines)))
    key = {"findings": {}, "lines": {}, "pool": {"findings": len(findings), "lines": len(lines)}}
    with (out / "wording.tsv").open("w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["id", "doc", "page", "rule", "kind", "phrase", "sentence"])
        for i, (doc, f) in enumerate(picked_f):
            rid = f"w{i:03d}"
            w.writerow([rid, doc, f.page, f.rule_id, f.kind, _one_line(f.text), _one_line(f.sentence)])
            key["findings"][rid] = {"doc": doc, "set": "proposals" if doc.startswith("p") and len(doc) == 7
                                    else "cuad", "actor": f.actor, "stance": f.stance, "family": f.family}
    with (out / "sheet.tsv").open("w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["id", "doc", "topic", "label", "status", "line_text", "quote", "citation"])
        for i, (doc, ln) in enumerate(picked_l):
            rid = f"e{i:03d}"
            w.writerow([rid, doc, ln.topic, ln.label, ln.status, _one_line(ln.text), _one_line(ln.quote), ln.citation])
            key["lines"][rid] = {"doc": doc, "topic": ln.topic}
    (out / "key.json").write_text(json.dumps(key, indent=1))
    print(f"drew {len(picked_f)} of {len(findings)} fresh findings and {len(picked_l)} of {len(lines)} fresh lines")


def _labels(file: Path) -> dict[str, dict[str, str]]:
    with file.open() as fh:
        return {row["id"]: row for row in csv.DictReader(fh, delimiter="\t")}


def score(out: Path) -> None:
    key = json.loads((out / "key.json").read_text())
    for name, field, part in (("wording_labels.tsv", "flag", "findings"), ("sheet_labels.tsv", "ok", "lines")):
        file = out / name
        if not file.exists():
            print(f"{name}: not there yet")
            continue
        labels = _labels(file)
        rows = [labels[i] for i in key[part] if i in labels]
        right = sum(r.get(field, "0").strip() == "1" for r in rows)
        reasons = Counter(r.get("reason", "").strip() or "?" for r in rows if r.get(field, "0").strip() != "1")
        print(f"{part}: {right}/{len(rows)} right = {right / max(1, len(rows)):.2f}; wrong by reason: "
              f"{dict(reasons.most_common())}")
        # by set (findings only) and by half of the dev documents: tune is where rules were decided
        groups = Counter((half_of(key[part][r["id"]]["doc"]), r.get(field, "0").strip() == "1") for r in rows)
        if part == "findings":
            groups += Counter((key[part][r["id"]]["set"], r.get(field, "0").strip() == "1") for r in rows)
        for g in ("tune", "held", "cuad", "proposals"):
            n = groups[(g, True)] + groups[(g, False)]
            if n:
                print(f"  {g}: {groups[(g, True)]}/{n} = {groups[(g, True)] / n:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("out", type=Path)
    d.add_argument("--seed", type=int, default=20261207)
    d.add_argument("--findings", type=int, default=100)
    d.add_argument("--lines", type=int, default=100)
    d.add_argument("--set", dest="which", choices=("cuad", "proposals"), default="cuad",
                   help="the 404 CUAD dev contracts, or the 12 proposals")
    s = sub.add_parser("score")
    s.add_argument("out", type=Path)
    a = ap.parse_args()
    if a.cmd == "draw":
        draw(a.out, a.seed, a.findings, a.lines, a.which)
    else:
        score(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
