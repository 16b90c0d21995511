"""Entry of the PyInstaller app (``dist/Upfront/upfront``, built by ``.ci/build-app`` from ``.ci/upfront.spec``).

The same command as ``upfront`` (``desktop.cli:main``), plus the two things a frozen interpreter cannot do alone:

- ``multiprocessing.freeze_support()``, so ``check --jobs N`` workers start on Windows and macOS (spawn), where
  each worker is this executable started again;
- ``upfront -m MODULE ARGS`` for the few modules the app runs as ``sys.executable -m MODULE``: in the bundle
  ``sys.executable`` is this program, not a Python. ``ocrmypdf`` is what ``extractors.ocr`` starts for OCR;
  ``desktop.gui.screenshot`` takes a picture of the bundled window (the bundle test and ``bench/bench_bundle.py``);
- the programs it starts (tesseract, started by ocrmypdf) get the user's own library path back: PyInstaller's
  Linux bootloader points ``LD_LIBRARY_PATH`` at the bundle, whose libstdc++ may be older than the one the
  system's tesseract was built against. On macOS an app opened from the Finder gets a bare ``PATH``: Homebrew's
  folders are added so that a tesseract installed with ``brew`` is found.

Outside the bundle this module is a plain alias of ``desktop.cli:main``.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
import sys

# what `upfront -m MODULE` may run in the bundle (the spec collects each of them)
MODULES = ("ocrmypdf", "desktop.gui.screenshot")


def _child_environment() -> None:
    """What the programs this app starts should see (a no-op outside the bundle)."""
    if not getattr(sys, "frozen", False):
        return
    if sys.platform.startswith("linux"):
        original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is None:
            os.environ.pop("LD_LIBRARY_PATH", None)
        else:
            os.environ["LD_LIBRARY_PATH"] = original
    elif sys.platform == "darwin":
        folders = os.environ.get("PATH", "").split(os.pathsep)
        extra = [f for f in ("/opt/homebrew/bin", "/usr/local/bin") if f not in folders and os.path.isdir(f)]
        if extra:
            os.environ["PATH"] = os.pathsep.join([*filter(None, folders), *extra])


def main(argv: list[str] | None = None) -> int:
    _child_environment()
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and argv[0] == "-m" and argv[1] in MODULES:
        sys.argv = [argv[1], *argv[2:]]
        try:
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        except SystemExit as done:
            code = done.code
            if code is None or isinstance(code, int):
                return code or 0
            print(code, file=sys.stderr)
            return 1
        return 0
    from desktop.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
