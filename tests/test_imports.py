"""Layering: the headless parts never pull in Qt, and extractors never reach up into checks or desktop.

Why: the CLI, the sheet writer and batch runs must work on a machine without a display, and the data flow is one
direction (extractors -> checks -> desktop). Checked twice: statically (every import statement, even inside a
function) and dynamically (import everything in a fresh interpreter, then look at sys.modules).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = ("extractors", "checks", "desktop/cli.py", "desktop/atomic.py", "desktop/sheet", "desktop/sheet.py")


def _files(entries: tuple[str, ...], root: Path = ROOT) -> list[Path]:
    out: list[Path] = []
    for entry in entries:
        p = root / entry
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.py") if "__pycache__" not in q.parts))
        elif p.is_file():
            out.append(p)
    return out


def _module(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file; relative imports are resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "__import__",
        ) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.append((node.lineno, node.args[0].value))
    return found


def _violations(entries: tuple[str, ...], banned: tuple[str, ...], root: Path = ROOT) -> list[str]:
    bad = []
    for path in _files(entries, root):
        for line, name in _imported(path, root):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(root)}:{line} imports {name}")
    return bad


def _fresh_import(modules: list[str]) -> list[str]:
    """Import modules in a clean interpreter and return the names in its sys.modules."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_scan_sees_the_headless_modules() -> None:
    names = {_module(p) for p in _files(HEADLESS)}
    assert {"extractors.pdf", "checks.analyze", "desktop.cli", "desktop.atomic"} <= names


def test_the_static_scan_catches_an_import(tmp_path: Path) -> None:
    """Guard against a scan that can never fail: a planted import inside a function is found."""
    pkg = tmp_path / "extractors" / "sub"
    pkg.mkdir(parents=True)
    (pkg / "probe.py").write_text("def f():\n    from PySide6 import QtCore\n    from ...checks import engine\n")
    (tmp_path / "extractors" / "ok.py").write_text("from . import sub\nimport json\n")
    bad = _violations(("extractors",), ("PySide6", "checks"), root=tmp_path)
    assert "extractors/sub/probe.py:2 imports PySide6" in bad
    assert "extractors/sub/probe.py:3 imports checks" in bad
    assert not any("ok.py" in b for b in bad)


def test_headless_modules_do_not_import_qt_statically() -> None:
    assert _violations(HEADLESS, ("PySide6", "shiboken6")) == []


def test_extractors_do_not_import_checks_or_desktop_statically() -> None:
    assert _violations(("extractors",), ("checks", "desktop")) == []


def test_headless_modules_do_not_load_qt_when_imported() -> None:
    modules = sorted(_module(p) for p in _files(HEADLESS))
    loaded = _fresh_import(modules)
    assert set(modules) <= set(loaded)
    assert [m for m in loaded if m.split(".")[0] in ("PySide6", "shiboken6")] == []


def test_extractors_do_not_load_checks_or_desktop_when_imported() -> None:
    modules = sorted(_module(p) for p in _files(("extractors",)))
    loaded = _fresh_import(modules)
    assert [m for m in loaded if m.split(".")[0] in ("checks", "desktop")] == []


@pytest.mark.parametrize("probe", ["PySide6.QtCore"])
def test_the_dynamic_check_would_notice_qt(probe: str) -> None:
    """The dynamic check can fail: importing Qt in the probe interpreter shows up in sys.modules."""
    assert "PySide6" in _fresh_import([probe])


def test_import_contracts_hold() -> None:
    """The import-linter contracts of pyproject.toml (layers desktop > checks > extractors > resources, no Qt
    outside desktop/gui): ``lint-imports`` run as a developer runs it."""
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.is_file(), "import-linter is a dev dependency: uv sync"
    done = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and " 0 broken" in done.stdout


def test_no_import_cycles_among_our_modules() -> None:
    """No module reaches itself again through its imports (the reader and tables.py once imported each other);
    imports made only for type checking do not count."""
    import grimp  # import-linter's import graph

    graph = grimp.build_graph("extractors", "checks", "desktop", "resources", exclude_type_checking_imports=True)
    cycles = sorted(f"{m} -> {n}" for m in graph.modules
                    for n in graph.find_modules_directly_imported_by(m) if graph.chain_exists(n, m))
    assert cycles == []
