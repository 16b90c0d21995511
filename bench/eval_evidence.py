"""The sheet's evidence against hand-labelled sheet lines and CUAD's expert clauses, per half of the dev set.

usage: uv run python bench/eval_evidence.py [--out /tmp/upfront-eval/cuad-dev.jsonl] [--show wrong|lost]

1. ../shared/corpus/cuad-dev/evidence_v2.jsonl: 200 lines of sheets made at b0d4bd9, each labelled right or
   wrong (LABEL_SPEC.md section B). The sheets of those documents are made again (every reader) and a wrong line
   must not come back: the same quote printed as stated for the same topic (for a line wrong only in its value
   or its party, the same quote with the same words). A right line should still print, with its quote.
2. score.py --only evidence on the tune half, the held-apart half and the whole: each present disclosure's
   quote must lie inside an expert clause of its topic (9 CUAD categories).
The JSON Lines come from ``bench/eval_cuad.py`` (its default output) unless ``--out`` names another file.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.devsplit import HALVES, half_of, split_labels  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cuad-dev"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def norm(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%$ ]", " ", s.lower()).split())


def same_quote(a: str, b: str) -> bool:
    """Two quotes of the same sentence (one may be cut with an ellipsis): containment or 40 shared characters."""
    a, b = norm(a.replace("…", "")), norm(b.replace("…", ""))
    if min(len(a), len(b)) < 12:
        return False
    if a in b or b in a:
        return True
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(40, len(a), len(b))


def stated_lines(doc: dict, topic: str) -> list[dict]:
    d = next((x for x in doc.get("disclosures", []) if x["topic"] == topic), {})
    return [c for c in d.get("citations", []) if c.get("status") == "stated"] if d.get("present") else []


def printed(pdf: str, cache: dict[str, list]) -> list:
    """Every line the sheet prints for the document, for all four readers (built as the CLI builds it)."""
    if pdf not in cache:
        from bench.excache import cached_extraction
        from checks.analyze import review_extraction
        from desktop.sheet import SheetOptions, build_sheet

        ex = cached_extraction(CORPUS / pdf)
        cache[pdf] = [] if isinstance(ex, str) else list(build_sheet(
            review_extraction(ex), SheetOptions(readers=("finance", "it", "executive", "users"))).lines)
    return cache[pdf]


def sheet_lines(docs: dict[str, dict], show: str | None) -> None:
    rows = [json.loads(x) for x in (CORPUS / "evidence_v2.jsonl").read_text().splitlines() if x.strip()]
    tally: dict[str, Counter] = {h: Counter() for h in (*HALVES, "whole")}
    cache: dict[str, list] = {}
    for r in rows:
        lines = [ln for ln in printed(r["pdf"], cache) if ln.topic == r["topic"] and ln.status in ("stated", "vague")]
        same = [ln for ln in lines if same_quote(ln.quote, r["quote"])]
        if not r["ok"] and r.get("reason") in ("wrong_value", "wrong_party"):
            same = [ln for ln in same if norm(ln.text) == norm(r["line"])]  # the same words: still wrong
        again = bool(same)
        if r["ok"]:
            outcome = "right, still printed" if again else "right, no longer printed"
        else:
            outcome = "wrong, came back" if again else "wrong, fixed or dropped"
        for h in (half_of(r["pdf"]), "whole"):
            tally[h][outcome] += 1
        if (show == "wrong" and outcome == "wrong, came back") or (show == "lost" and not again and r["ok"]):
            now = f"{lines[0].text[:100]} | {lines[0].quote[:100]}" if lines else "(no stated line)"
            print(f"- {r['id']} {r['topic']} [{r.get('reason') or 'ok'}] {r.get('note', '')}\n    was: "
                  f"{r['quote'][:140]}\n    now: {now}")
    for h, c in tally.items():
        wrong, right = c["wrong, came back"] + c["wrong, fixed or dropped"], c["right, still printed"] + c[
            "right, no longer printed"]
        print(f"evidence_v2 [{h:5s}] wrong lines back {c['wrong, came back']}/{wrong}; right lines still printed "
              f"{c['right, still printed']}/{right}")


def expert_clauses(out: Path) -> None:
    folders = split_labels(CORPUS, out.parent / "split")
    for half, labels in (*folders.items(), ("whole", CORPUS)):
        res = subprocess.run([sys.executable, str(SCORE), str(out), str(labels), "--only", "evidence"],
                             capture_output=True, text=True)
        for line in res.stdout.splitlines():
            if line.startswith("evidence:") and ("quotes" in line or half == "tune"):
                print(f"[{half:5s}] {line}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("/tmp/upfront-eval/cuad-dev.jsonl"))
    ap.add_argument("--show", choices=("wrong", "lost"), default=None)
    a = ap.parse_args()
    docs = {}
    for line in a.out.read_text().splitlines():
        d = json.loads(line)
        docs[os.path.basename(d["document"]["path"])] = d
    sheet_lines(docs, a.show)
    expert_clauses(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
