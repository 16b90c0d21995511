"""Accuracy of the parties extractor on the CUAD dev contracts, scored by the shared score.py.

Documents come from bench/eval_cuad.py's cache (the first run reads the PDFs, about a minute on two cores). Each
contract is split into clauses and given to ``find_parties``; the output is JSON Lines with the CLI's top-level
``parties`` and scored on three sets: the tune half (PDF names whose sha1 is even), the held-apart half (odd) and
the whole. score.py's parties measure counts every labelled contract, found in the output or not, so each set is
scored against a labels folder holding that set's contracts only.

Decide and tune on the tune half only; report the held-apart half beside the whole.

usage:
  uv run python bench/eval_parties.py                 # the three scores, role checks
  uv run python bench/eval_parties.py --errors        # plus the tune half's misses and wrong outputs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_cuad import CORPUS, SCORE, cached_document, reader_version  # noqa: E402

OUT = Path("/tmp/upfront-eval/parties")
SETS = ("tune", "held", "whole")


def half(name: str) -> str:
    """The tune half (sha1 of the file name even) or the held-apart half (odd)."""
    return "tune" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 0 else "held"


def one(job: tuple[str, str, bool]) -> str:
    """One contract's JSON line: its path and the parties found."""
    from extractors.clauses import split_clauses
    from extractors.parties import find_parties

    path, version, any_reader = job
    doc = cached_document(Path(path), version, any_reader)
    if isinstance(doc, str):
        return json.dumps({"document": {"path": path}, "error": doc})
    parties, warnings = find_parties(doc, split_clauses(doc))
    rows = [{"name": p.name, "alias": list(p.aliases), "role": p.role, "source": p.source,
             "page": p.span.page if p.span else 0, "bbox": list(p.span.bbox) if p.span else []} for p in parties]
    return json.dumps({"document": {"path": path}, "parties": rows, "warnings": list(warnings)})


def labels_for(which: str, folder: Path) -> Path:
    """A labels folder holding the parties of one set's contracts, for score.py."""
    target = folder / f"labels-{which}"
    target.mkdir(parents=True, exist_ok=True)
    rows = [line for line in (CORPUS / "parties.jsonl").read_text().splitlines()
            if which == "whole" or half(os.path.basename(json.loads(line)["pdf"])) == which]
    (target / "parties.jsonl").write_text("\n".join(rows) + "\n")
    return target


def role_checks(lines: list[str]) -> None:
    """How often a party whose CUAD alias is a role word got that role, how many contracts name both sides, and the
    recall on contracts with at most ten named parties (a few list dozens of consortium members in a schedule)."""
    sys.path.insert(0, str(SCORE.parent))
    from score import same_party

    from extractors.party_names import cues

    roles = cues()["roles"]
    gold = {os.path.basename(json.loads(x)["pdf"]): json.loads(x) for x in (CORPUS / "parties.jsonl").open()}
    confusion: Counter = Counter()
    both = total = small_gold = small_hit = 0
    for line in lines:
        d = json.loads(line)
        g = gold.get(os.path.basename(d["document"]["path"]))
        named = [p for p in (g or {}).get("parties", []) if p["name"]]
        if len(named) < 2:
            continue
        total += 1
        found = d.get("parties", [])
        both += {"provider", "customer"} <= {p["role"] for p in found}
        if len(named) <= 10:
            outs = [x for p in found for x in [p["name"], *p["alias"]] if x]
            small_gold += len(named)
            small_hit += sum(any(same_party(k, o) for k in [p["name"], *p["alias"]] for o in outs) for p in named)
        for gp in g["parties"]:
            expect = next((roles[a.lower()] for a in gp["alias"] if a.lower() in roles), None)
            if not expect:
                continue
            keys = {k.lower() for k in [gp["name"], *gp["alias"]]}
            got = next((p["role"] for p in found if keys & {k.lower() for k in [p["name"], *p["alias"]]}), "missing")
            confusion[(expect, got)] += 1
    print(f"  roles: contracts with a provider and a customer named {both}/{total}; recall on contracts with at most "
          f"10 named parties {small_hit}/{small_gold} (R={small_hit / max(1, small_gold):.2f})")
    for expect in ("provider", "customer", "other"):
        row = {got: n for (e, got), n in confusion.items() if e == expect}
        if row:
            print(f"  gold alias is a {expect} word: " + ", ".join(f"{k} {v}" for k, v in sorted(row.items())))


def errors(lines: list[str]) -> None:
    """The tune half's contracts where a gold party is missed or an output party matches no gold one."""
    sys.path.insert(0, str(SCORE.parent))
    from score import same_party

    gold = {os.path.basename(json.loads(x)["pdf"]): json.loads(x) for x in (CORPUS / "parties.jsonl").open()}
    for line in lines:
        d = json.loads(line)
        name = os.path.basename(d["document"]["path"])
        g = gold.get(name)
        if half(name) != "tune" or not g or len([p for p in g["parties"] if p["name"]]) < 2:
            continue
        found = d.get("parties", [])
        keys = [[gp["name"], *gp["alias"]] for gp in g["parties"] if gp["name"]]
        outs = [[p["name"], *p["alias"]] for p in found]
        missed = [k for k in keys if not any(same_party(a, b) for a in k for o in outs for b in o if b)]
        wrong = [o for o in outs if not any(same_party(b, a) for b in o if b for k in keys for a in k)]
        roles = {p["role"] for p in found}
        if missed or wrong or not {"provider", "customer"} <= roles:
            print(f"== {name[:100]}")
            for k in missed:
                print(f"   MISSED {k}")
            for o in wrong:
                print(f"   WRONG  {o}")
            for p in found:
                print(f"   found  {p['role']:9s} {p['source']:9s} {p['name']!r} {p['alias']}")
            for w in d.get("warnings", []):
                print(f"   warn   {w}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--any-reader", action="store_true", help="reuse cached Documents read by any pdf.py")
    ap.add_argument("--errors", action="store_true", help="print the tune half's errors")
    a = ap.parse_args()
    pdfs = sorted((CORPUS / "pdf").iterdir())
    version = reader_version()
    work = [(str(p), version, a.any_reader) for p in pdfs]
    with ProcessPoolExecutor(max_workers=max(1, min(a.jobs, 2))) as pool:
        lines = list(pool.map(one, work, chunksize=8))
    OUT.mkdir(parents=True, exist_ok=True)
    status = 0
    for which in SETS:
        kept = [x for x in lines
                if which == "whole" or half(os.path.basename(json.loads(x)["document"]["path"])) == which]
        out = OUT / f"{which}.jsonl"
        out.write_text("\n".join(kept) + "\n")
        labels = labels_for(which, OUT)
        result = subprocess.run([sys.executable, str(SCORE), str(out), str(labels), "--only", "parties"],
                                capture_output=True, text=True)
        print(f"----- {which} ({len(kept)} contracts)")
        print("  " + "\n  ".join(x for x in result.stdout.splitlines() if x.startswith("parties:")))
        role_checks(kept)
        status = status or result.returncode
    if a.errors:
        errors(lines)
    return status


if __name__ == "__main__":
    sys.exit(main())
