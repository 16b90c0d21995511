"""A 1,000-page contract: peak memory (target < 500 MB) and time of a full analysis, each in a fresh process.

Why: proposals with every annex attached run to hundreds of pages, and the window must not eat the machine.
The big file is built once by joining CUAD PDFs (pypdfium2 ``import_pages``) and cached under /tmp. Each
measurement runs in its own subprocess and peak RSS is the kernel's ``ru_maxrss`` for that process (wait4), so
imports and the rule pack count too. Reference figures come from the same run: a bare interpreter that only
imports the app, and the first 50 pages of the same join, so the big file's cost per page reads as a ratio.

    uv run python bench/bench_big.py                 # build (or reuse) the file, measure, print
    uv run python bench/bench_big.py --readme        # ... and append the figures to bench/README.md
    uv run python bench/bench_big.py --tracemalloc   # where the Python-level memory goes, by stage and line
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared")) / "corpus"
CUAD = CORPUS / "cuad-dev" / "pdf"
TARGET_MB = 500
REFERENCE_PAGES = 50

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from checks.analyze import review_extraction
from checks.rules import default_pack
from extractors.pdf import read_document
from extractors.pipeline import understand
pack = default_pack()
t1 = time.perf_counter()
out = {"import_s": t1 - t0}
if sys.argv[1] != "-":
    trace = sys.argv[2] == "1"
    if trace:
        import tracemalloc
        tracemalloc.start(1)
    stages = {}
    def mark(name, t, snap=None):
        stages[name] = round(time.perf_counter() - t, 3)
        if trace:
            cur, peak = tracemalloc.get_traced_memory()
            stages[name + "_traced_peak_mb"] = round(peak / 2**20, 1)
            stages[name + "_traced_now_mb"] = round(cur / 2**20, 1)
            tracemalloc.reset_peak()
    import inspect
    limits = {}  # the user's defaults, except that tracing is too slow for the time limit
    if trace and "time_limit" in inspect.signature(read_document).parameters:
        limits["time_limit"] = None
    t = time.perf_counter(); doc = read_document(sys.argv[1], **limits); mark("read_s", t)
    t = time.perf_counter(); ex = understand(doc); mark("understand_s", t)
    t = time.perf_counter(); review = review_extraction(ex, pack); mark("check_s", t)
    out.update(stages)
    out.update(pages=len(doc.pages), words=len(doc.words), chars=len(doc.text), clauses=len(review.clauses),
               facts=len(review.facts), findings=len(review.findings), total_s=time.perf_counter() - t1)
    if trace:
        snap = tracemalloc.take_snapshot()
        out["top"] = [f"{s.size / 2**20:.1f} MB {s.count} blocks {s.traceback[0]}"
                      for s in snap.statistics("lineno")[:12]]
print(json.dumps(out))
"""


def build_big(pages: int, out: Path) -> Path:
    """Join CUAD PDFs (sorted by name, so the file is the same every time) until ``pages`` pages; cached."""
    import pypdfium2 as pdfium

    if out.is_file():
        with pdfium.PdfDocument(str(out)) as existing:
            if len(existing) == pages:
                return out
    sources = sorted(CUAD.glob("*.[pP][dD][fF]"))
    if not sources:
        raise SystemExit(f"no CUAD PDFs under {CUAD}")
    big = pdfium.PdfDocument.new()
    used = 0
    try:
        for src in sources:
            if len(big) >= pages:
                break
            try:
                part = pdfium.PdfDocument(str(src))
            except pdfium.PdfiumError:
                continue
            with part:
                take = min(len(part), pages - len(big))
                big.import_pages(part, list(range(take)))
                used += 1
        buf = io.BytesIO()
        big.save(buf)
    finally:
        big.close()
    sys.path.insert(0, str(ROOT))
    from desktop.atomic import atomic_write_bytes

    atomic_write_bytes(out, buf.getvalue())
    print(f"built {out} from {used} CUAD PDFs ({out.stat().st_size / 2**20:.1f} MB)", file=sys.stderr)
    return out


def measure(pdf: str, trace: bool = False) -> dict:
    """Run the probe in a fresh interpreter; add its peak RSS (MB) and wall time as the kernel saw them."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PROBE, pdf, "1" if trace else "0"], stdout=subprocess.PIPE,
                            cwd=ROOT, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    assert proc.stdout
    raw = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"probe failed on {pdf} (exit {proc.returncode})")
    out = json.loads(raw.decode().strip().splitlines()[-1])
    out["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux reports KiB
    out["wall_s"] = round(time.perf_counter() - t0, 2)
    return out


def report(big: dict, ref: dict, bare: dict, pages: int, path: Path) -> str:
    per_page_big = big["total_s"] / max(1, big["pages"])
    per_page_ref = ref["total_s"] / max(1, ref["pages"])
    verdict = "OK" if big["peak_rss_mb"] < TARGET_MB else "OVER TARGET"
    lines = [
        f"file: {path.name}, {big['pages']} pages, {path.stat().st_size / 2**20:.1f} MB, "
        f"{big['words']} words, {big['clauses']} clauses, {big['facts']} facts, {big['findings']} findings",
        f"peak RSS: {big['peak_rss_mb']:.0f} MB (target < {TARGET_MB} MB: {verdict}); "
        f"bare interpreter with the app imported: {bare['peak_rss_mb']:.0f} MB; "
        f"its first {ref['pages']} pages alone: {ref['peak_rss_mb']:.0f} MB",
        f"time: {big['total_s']:.1f} s analysis (read {big['read_s']:.1f} s, understand {big['understand_s']:.1f} s, "
        f"check {big['check_s']:.1f} s) + {big['import_s']:.1f} s imports; wall {big['wall_s']:.1f} s",
        f"per page: {per_page_big * 1000:.1f} ms vs {per_page_ref * 1000:.1f} ms on its first {ref['pages']} pages "
        f"(ratio {per_page_big / max(per_page_ref, 1e-9):.2f}; ~1.0 means the cost grows linearly with pages)",
    ]
    if big.get("top"):
        lines.append("tracemalloc (separate traced run; Python-level allocations alive at the end, by line):")
    for line in big.get("top", []):
        lines.append(f"  {line}")
    for key in ("read_s", "understand_s", "check_s"):
        name = key[:-2]
        if f"{name}_s_traced_peak_mb" in big:
            lines.append(f"  tracemalloc {name}: peak {big[f'{name}_s_traced_peak_mb']} MB, "
                         f"kept {big[f'{name}_s_traced_now_mb']} MB")
    return "\n".join(lines)


def append_readme(text: str) -> None:
    sys.path.insert(0, str(ROOT))
    from desktop.atomic import atomic_write_text

    readme = ROOT / "bench" / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    atomic_write_text(readme, old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/upfront-bench-big-1000.pdf"))
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations (slower)")
    parser.add_argument("--readme", action="store_true", help="append the figures to bench/README.md")
    args = parser.parse_args()
    path = build_big(args.pages, args.out)
    bare = measure("-")
    ref_path = build_big(REFERENCE_PAGES, args.out.with_name(f"upfront-bench-big-{REFERENCE_PAGES}.pdf"))
    ref = measure(str(ref_path))
    big = measure(str(path))
    if args.tracemalloc:  # a separate run: tracing slows reading ~20x and inflates RSS, so it measures nothing else
        traced = measure(str(path), trace=True)
        big.update({k: v for k, v in traced.items() if k == "top" or "_traced_" in k})
    text = report(big, ref, bare, args.pages, path)
    print(text)
    if args.readme:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        flag = " --tracemalloc" if args.tracemalloc else ""
        append_readme(f"## Big file (`uv run python bench/bench_big.py{flag}`), {stamp}\n\n```\n{text}\n```")
    return 0 if big["peak_rss_mb"] < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
