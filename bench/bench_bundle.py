"""The Upfront app (PyInstaller bundle, issue 16) against `uv run upfront` in the same run: size, start-up to the
first page painted, and `check` of the 154-page CERES contract.

    bash .ci/build-app && uv run python bench/bench_bundle.py [--runs 3] [--app dist/Upfront]
    xvfb-run -a uv run python bench/bench_bundle.py --xcb     # start-up under a real X server instead of offscreen

- size: the bundle folder unpacked (files, not the symlinks PyInstaller adds), its largest parts, and the tarball;
- start-up: a fresh process with a fresh HOME opens the bundled sample; the time runs from just before the process
  is started to the first page painted with its image (``desktop.gui.screenshot --timing``, the window's
  ``first_paint`` signal; ``upfront -m desktop.gui.screenshot`` in the bundle, ``uv run python -m
  desktop.gui.screenshot`` for the reference). "Cold": the bundle's own files (for the reference: the virtual
  environment and the Python installation) are first dropped from the page cache with
  ``posix_fadvise(DONTNEED)``, which touches no other file on this shared machine; "warm": run again at once;
- check: ``dist/Upfront/upfront check CERES --format json`` vs ``uv run upfront check CERES --format json``,
  alternated (each goes first in turn), wall time of the whole command, medians of ``--runs``.

Prints a Markdown block for bench/README.md, with the date, the machine and the load average.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("UPFRONT_SHARED", ROOT.parent / "shared"))
CERES = SHARED / "corpus" / "cuad-dev" / "pdf" / "CERES,INC_01_25_2012-EX-10.20-Collaboration Agreement.PDF"
SAMPLE = ROOT / "resources" / "samples" / "proposal-with-problems.pdf"
START_TARGET_S = 3.0
CHECK_TARGET = 1.2
SIZE_TARGET_MB, SIZE_AIM_MB = 450, 300
UV_CACHE = ""  # set in main(): `uv cache dir`


def load() -> float:
    return os.getloadavg()[0]


def files_of(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]


def evict(folders: list[Path]) -> int:
    """Drop these folders' files from the page cache (clean pages only; nothing else on the machine is touched)."""
    n = 0
    for folder in folders:
        for p in files_of(folder):
            try:
                fd = os.open(p, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                n += 1
            finally:
                os.close(fd)
    return n


def size_report(app: Path) -> tuple[float, list[tuple[str, float]], float | None]:
    files = files_of(app)
    total = sum(p.stat().st_size for p in files) / 1e6
    parts: dict[str, float] = {}
    internal = app / "_internal"
    for p in files:
        rel = p.relative_to(internal).parts if p.is_relative_to(internal) else ("(executable)",)
        key = "/".join(rel[:3]) if rel[0] == "PySide6" and len(rel) > 3 else rel[0]
        parts[key] = parts.get(key, 0.0) + p.stat().st_size / 1e6
    tarballs = sorted(app.parent.glob("Upfront-*.tar.gz"))
    return total, sorted(parts.items(), key=lambda kv: -kv[1])[:8], (
        tarballs[-1].stat().st_size / 1e6 if tarballs else None)


def startup(cmd: list[str], platform_name: str, bare: bool) -> float:
    """Seconds from just before starting ``cmd`` to its first painted page (it prints them with --timing)."""
    home = Path(tempfile.mkdtemp(prefix="upfront-bench-home-"))
    out = home / "shot.png"
    try:
        if bare:  # the bundle: an empty environment, as a user's fresh account
            env = {"HOME": str(home), "PATH": str(home)}
        else:  # uv run needs the developer's environment (uv, its cache); the app's user folders still fresh
            env = dict(os.environ, XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
                       XDG_CACHE_HOME=str(home / ".cache"), XDG_STATE_HOME=str(home / ".local/state"))
            for var in ("UPFRONT_CONFIG_DIR", "UPFRONT_DATA_DIR", "UPFRONT_OCR_CACHE"):
                env.pop(var, None)
            env["UV_CACHE_DIR"] = UV_CACHE  # not under the fresh XDG_CACHE_HOME
        env["QT_QPA_PLATFORM"] = platform_name
        for var in ("DISPLAY", "XAUTHORITY"):
            if platform_name == "xcb" and var in os.environ:
                env[var] = os.environ[var]
        env["UPFRONT_LAUNCH_T0"] = repr(time.time())
        result = subprocess.run([*cmd, str(SAMPLE), str(out), "--timing"], env=env, cwd=ROOT, capture_output=True,
                                text=True, timeout=300)
        line = next((ln for ln in result.stdout.splitlines() if ln.startswith("first page painted:")), "")
        if result.returncode != 0 or "after launch" not in line:
            raise RuntimeError(f"{cmd[0]}: {result.returncode}: {result.stdout[-500:]} {result.stderr[-800:]}")
        return float(line.split(":")[1].split()[0])
    finally:
        shutil.rmtree(home, ignore_errors=True)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1) or not result.stdout.startswith("{"):
        raise RuntimeError(f"{cmd[:2]}: {result.returncode}: {result.stderr[-800:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=ROOT / "dist" / "Upfront")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xcb", action="store_true", help="start-up under X (DISPLAY set, e.g. by xvfb-run -a)")
    args = parser.parse_args()
    app = args.app.resolve()
    exe = app / "upfront"
    if not exe.is_file():
        print(f"no bundle at {app}: run `bash .ci/build-app` first", file=sys.stderr)
        return 2
    uv = shutil.which("uv")
    if uv is None or not CERES.is_file():
        print("needs uv on PATH and the shared corpus (CERES)", file=sys.stderr)
        return 2
    platform_name = "xcb" if args.xcb else "offscreen"
    global UV_CACHE
    UV_CACHE = subprocess.run([uv, "cache", "dir"], capture_output=True, text=True, check=True).stdout.strip()
    load_start = load()
    started = datetime.now(UTC)

    size, parts, tarball = size_report(app)

    bundle_cmd = [str(exe), "-m", "desktop.gui.screenshot"]
    uv_cmd = [uv, "run", "python", "-m", "desktop.gui.screenshot"]
    python_trees = [ROOT / ".venv", Path(sysconfig.get_paths()["stdlib"])]
    cold_b, warm_b, cold_u, warm_u = [], [], [], []
    for _ in range(args.runs):
        evict([app])
        cold_b.append(startup(bundle_cmd, platform_name, bare=True))
        warm_b.append(startup(bundle_cmd, platform_name, bare=True))
        evict(python_trees)
        cold_u.append(startup(uv_cmd, platform_name, bare=False))
        warm_u.append(startup(uv_cmd, platform_name, bare=False))

    check_b, check_u = [], []
    for n in range(args.runs):  # alternated, and in turn first: neither always follows the other
        pair = [(check_u, [uv, "run", "upfront", "check", str(CERES), "--format", "json"]),
                (check_b, [str(exe), "check", str(CERES), "--format", "json"])]
        for times, cmd in pair if n % 2 == 0 else pair[::-1]:
            times.append(timed(cmd))
    load_end = load()

    med = statistics.median
    ratio = med(check_b) / med(check_u)
    worst_cold = max(cold_b)
    lines = [
        f"## bench_bundle.py — the app without Python ({started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"`uv run python bench/bench_bundle.py{' --xcb' if args.xcb else ''}` — {args.runs} runs, platform "
        f"{platform_name}; machine: {platform.machine()} Linux, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}; load average (1 min) {load_start:.1f} at start, {load_end:.1f} at end",
        "",
        "| what (target) | app (`dist/Upfront/upfront`) | `uv run` in the same run | ratio app / uv |",
        "|---|---|---|---|",
        f"| size unpacked (≤ {SIZE_TARGET_MB} MB, aim ≤ {SIZE_AIM_MB}) | **{size:.0f} MB**"
        f"{f' (tarball {tarball:.0f} MB)' if tarball else ''} | | |",
        f"| start to first page painted, cold (≤ {START_TARGET_S:g} s) | **{med(cold_b):.2f} s** median, "
        f"{worst_cold:.2f} s worst | {med(cold_u):.2f} s median | {med(cold_b) / med(cold_u):.2f} |",
        f"| start to first page painted, warm | {med(warm_b):.2f} s median, {max(warm_b):.2f} s worst | "
        f"{med(warm_u):.2f} s median | {med(warm_b) / med(warm_u):.2f} |",
        f"| `check` CERES, 154 pages, JSON (≤ {CHECK_TARGET:g} × uv) | {med(check_b):.2f} s median "
        f"({', '.join(f'{t:.2f}' for t in check_b)}) | {med(check_u):.2f} s median "
        f"({', '.join(f'{t:.2f}' for t in check_u)}) | **{ratio:.2f}** |",
        "",
        "Largest parts of the bundle: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in parts) + ".",
        "",
        "Targets: size " + ("OK" if size <= SIZE_TARGET_MB else "OVER")
        + (" (within the aim)" if size <= SIZE_AIM_MB else "")
        + f"; cold start {'OK' if worst_cold <= START_TARGET_S else 'OVER'}; check ratio "
        + ("OK" if ratio <= CHECK_TARGET else "OVER") + ".",
    ]
    print("\n".join(lines))
    return 0 if size <= SIZE_TARGET_MB and worst_cold <= START_TARGET_S and ratio <= CHECK_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
