"""How long fact finding takes on the 154-page CUAD contract, next to reading it, in the same run.

usage: uv run python bench/bench_facts.py [PDF] [--repeat 7]
Prints the median wall and CPU time of reading the PDF (extractors.pdf.read_document), splitting and tagging
clauses, and finding facts (extractors.facts.extract_facts), plus facts/read as a ratio so the figure means the
same on a busy machine. Target: facts well under 0.1 s on the 154-page contract.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from benchlib import BIG, median_time

from extractors.clauses import split_clauses
from extractors.facts import extract_facts
from extractors.pdf import read_document
from extractors.topics import classify_all


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", default=str(BIG))
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    t_read, doc = median_time(lambda: read_document(a.pdf), 3)
    clauses = classify_all(split_clauses(doc))
    extract_facts(doc, clauses)  # warm the compiled patterns
    t_facts, facts = median_time(lambda: extract_facts(doc, clauses), a.repeat)
    cpu_facts, _ = median_time(lambda: extract_facts(doc, clauses), a.repeat, time.process_time)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    kinds = Counter(f.kind for f in facts)
    roles = Counter(f.value.get("role") for f in facts if f.value.get("role"))
    print(f"bench_facts: {Path(a.pdf).name}: {doc.page_count} pages, {len(doc.text):,} characters, "
          f"{len(clauses)} clauses")
    print(f"  read   {t_read:7.3f} s")
    print(f"  facts  {t_facts:7.3f} s wall, {cpu_facts:.3f} s CPU  target < 0.1 s: "
          f"{'OK' if cpu_facts < 0.1 else 'MISSED'}")
    print(f"  facts / read = {t_facts / t_read:.3f} (load average {load:.1f} on {os.cpu_count()} cores)")
    print(f"  {len(facts)} facts: {dict(kinds)}; roles: {dict(roles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
