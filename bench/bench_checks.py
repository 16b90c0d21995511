"""How long the checks take on the 154-page CUAD contract, next to reading it, in the same run.

usage: uv run python bench/bench_checks.py [PDF] [--repeat 5] [--readme]
Prints the median time of: reading the PDF (extractors.pdf.read_document), understanding it (clauses, facts,
disclosures) and running the default rule pack alone (checks.engine.run_pack), plus checks/read as a ratio,
so the figure means the same on a slow or busy machine; the checks are also timed in CPU seconds, which a busy
machine (other jobs on the same cores) inflates far less than wall time. Target: checks < 0.3 s on the 154-page
contract.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from benchlib import BIG, ROOT, median_time

from checks.engine import run_pack
from checks.rules import default_pack
from extractors.pdf import read_document
from extractors.pipeline import understand


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", default=str(BIG))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--readme", action="store_true", help="append the figures to bench/README.md")
    a = ap.parse_args()
    pack = default_pack()
    t_read, doc = median_time(lambda: read_document(a.pdf), max(1, a.repeat // 2))
    t_und, ex = median_time(lambda: understand(doc), a.repeat)
    t_checks, findings = median_time(lambda: run_pack(pack, ex), a.repeat)
    cpu_checks, _ = median_time(lambda: run_pack(pack, ex), a.repeat, time.process_time)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    pages = doc.page_count
    lines = [
        f"bench_checks: {Path(a.pdf).name}: {pages} pages, {len(doc.text):,} characters, {len(pack.rules)} rules",
        f"  read      {t_read:7.3f} s   ({t_read / pages * 1000:.1f} ms/page)",
        f"  understand{t_und:7.3f} s",
        f"  checks    {t_checks:7.3f} s wall, {cpu_checks:.3f} s CPU ({cpu_checks / pages * 1000:.2f} ms/page CPU, "
        f"{len(findings)} findings)  target < 0.3 s: {'OK' if cpu_checks < 0.3 else 'MISSED'}",
        f"  checks / read = {t_checks / t_read:.2f} (wall clock; load average {load:.1f} on {os.cpu_count()} cores)",
    ]
    print("\n".join(lines))
    if a.readme:
        readme = ROOT / "bench" / "README.md"
        old = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        body = "\n".join(lines)
        block = f"\n## Checks speed ({stamp}, `uv run python bench/bench_checks.py`)\n\n```\n{body}\n```\n"
        from desktop.atomic import atomic_write_text

        atomic_write_text(readme, old.rstrip("\n") + "\n" + block)
    return 0 if cpu_checks < 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())
