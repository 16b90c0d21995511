"""Speed and memory of reading + full analysis, as ratios against references measured in the same run.

    uv run python bench/bench_speed.py            # 20 largest CUAD dev PDFs, ratios + peak RSS
    uv run python bench/bench_speed.py --corpus   # also: the whole dev corpus through `upfront check --jobs 2`

Targets: full analysis / pdfplumber extract_words() <= 0.15; / pdftotext -bbox <= 8; peak RSS on the
154-page contract < 250 MB; whole corpus with --jobs 2 < 120 s. Timings are medians of --repeat runs per file,
summed over the files, so a busy shared machine moves the numerator and the denominator alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared")) / "corpus" / "cuad-dev" / "pdf"

RSS_SCRIPT = """
import resource, sys
sys.path.insert(0, {root!r})
from checks.analyze import analyze
analyze({path!r})
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def largest(n: int) -> list[tuple[int, Path]]:
    import pypdfium2 as pdfium

    sized = []
    for f in sorted(CORPUS.iterdir()):
        if f.suffix.lower() != ".pdf":
            continue
        pdf = pdfium.PdfDocument(str(f))
        sized.append((len(pdf), f))
        pdf.close()
    sized.sort(key=lambda t: (-t[0], t[1].name))
    return sized[:n]


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def plumber_words(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def pdftotext_bbox(path: Path) -> None:
    with tempfile.NamedTemporaryFile(suffix=".html") as out:
        subprocess.run(["pdftotext", "-bbox", str(path), out.name], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def peak_rss_mb(path: Path) -> float:
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT.format(root=str(ROOT), path=str(path))],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def whole_corpus(jobs: int) -> tuple[float, int, int]:
    files = sorted(str(f) for f in CORPUS.iterdir() if f.suffix.lower() == ".pdf")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "desktop.cli", "check", "--jobs", str(jobs), "--format", "json",
                          "--fail-on", "none", *files], capture_output=True, text=True, cwd=ROOT, check=False)
    return time.perf_counter() - t, len(out.stdout.splitlines()), len(out.stderr.splitlines())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", action="store_true", help="also time the whole dev corpus with --jobs 2")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"needs the CUAD dev PDFs at {CORPUS}")
        return 2
    from checks.analyze import analyze
    from extractors.pdf import read_document

    files = largest(args.files)
    pages = sum(n for n, _ in files)
    analyze(files[-1][1])  # warm imports and rule packs
    t_read = t_full = t_plumber = t_poppler = 0.0
    have_poppler = shutil.which("pdftotext") is not None
    print(f"{'pages':>5} {'read':>7} {'full':>7} {'plumber':>8} {'pdftotext':>9}  file")
    for n, f in files:
        r = timed(lambda f=f: read_document(f), args.repeat)
        a = timed(lambda f=f: analyze(f), args.repeat)
        p = timed(lambda f=f: plumber_words(f), 1)
        q = timed(lambda f=f: pdftotext_bbox(f), args.repeat) if have_poppler else float("nan")
        t_read, t_full, t_plumber, t_poppler = t_read + r, t_full + a, t_plumber + p, t_poppler + q
        print(f"{n:5d} {r:7.2f} {a:7.2f} {p:8.2f} {q:9.2f}  {f.name[:60]}", flush=True)
    figures = {
        "files": len(files), "pages": pages,
        "read_s_per_page": t_read / pages, "full_s_per_page": t_full / pages,
        "plumber_s_per_page": t_plumber / pages, "pdftotext_s_per_page": t_poppler / pages,
        "full_vs_plumber": t_full / t_plumber, "full_vs_pdftotext": t_full / t_poppler,
        "read_vs_plumber": t_read / t_plumber,
    }
    biggest = largest(1)[0]
    figures["peak_rss_mb"] = peak_rss_mb(biggest[1])
    figures["peak_rss_file"] = f"{biggest[1].name} ({biggest[0]} pages)"
    print(f"\n{len(files)} files, {pages} pages")
    print(f"read only      {figures['read_s_per_page']:.4f} s/page")
    print(f"full analysis  {figures['full_s_per_page']:.4f} s/page")
    print(f"pdfplumber     {figures['plumber_s_per_page']:.4f} s/page (extract_words)")
    print(f"pdftotext      {figures['pdftotext_s_per_page']:.4f} s/page (-bbox)")
    print(f"ratio full / pdfplumber: {figures['full_vs_plumber']:.3f}  (target <= 0.15)")
    print(f"ratio full / pdftotext:  {figures['full_vs_pdftotext']:.2f}  (target <= 8)")
    print(f"peak RSS, full analysis of {figures['peak_rss_file']}: {figures['peak_rss_mb']:.0f} MB (target < 250)")
    if args.corpus:
        secs, ok, failed = whole_corpus(2)
        figures.update(corpus_s=secs, corpus_ok=ok, corpus_failed=failed)
        print(f"whole dev corpus, upfront check --jobs 2: {secs:.1f} s ({ok} results, {failed} errors; target < 120 s)")
    if args.json:
        from desktop.atomic import atomic_write_text

        atomic_write_text(args.json, json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
