"""The app never touches the network: contracts are confidential and Upfront promises to work fully offline.

Checked at run time (every way to open a connection raises while a real PDF is analysed and a sheet is written,
in-process and in a fresh CLI process watched by an audit hook) and statically (no app module imports a network
library).
"""

from __future__ import annotations

import ast
import json
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checks.analyze import analyze

ROOT = Path(__file__).resolve().parents[1]
APP_PACKAGES = ("extractors", "checks", "desktop", "resources")
NETWORK_MODULES = ("socket", "ssl", "urllib", "urllib3", "requests", "httpx", "aiohttp", "http.client",
                   "http.server", "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "xmlrpc", "socketserver",
                   "asyncio.streams", "websocket", "websockets", "PySide6.QtNetwork", "PySide6.QtWebEngineCore",
                   "PySide6.QtWebEngineWidgets")


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to reach another machine raises and is recorded."""
    attempts: list[str] = []

    def refuse(name: str):
        def _refused(*args, **kwargs):
            attempts.append(f"{name}{args[1:2] if name.startswith('socket.socket') else args[:1]}")
            raise NetworkUsed(f"network use: {name}")
        return _refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    return attempts


def _sheet_writer():
    try:
        from desktop.sheet import SheetOptions, write_sheet
    except ImportError as err:
        pytest.skip(f"desktop.sheet is not there yet ({err})")
    return SheetOptions, write_sheet


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    """The guard is real: a connection attempt fails and is recorded."""
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80), timeout=1)
    assert no_network


def test_analyze_is_offline(no_network: list[str], problem_sample: Path) -> None:
    review = analyze(problem_sample)
    assert review.findings, "the sample has problems: the check must have run"
    assert no_network == []


def test_sheet_is_offline(no_network: list[str], problem_sample: Path, tmp_path: Path) -> None:
    sheet_options, write_sheet = _sheet_writer()
    review = analyze(problem_sample)
    out = write_sheet(review, tmp_path / "sheet.pdf", sheet_options(readers=("finance",)))
    assert Path(out).read_bytes()[:5] == b"%PDF-"
    assert no_network == []


AUDIT_PROBE = textwrap.dedent(
    """
    import json, sys
    seen = []
    WATCH = ("socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
             "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
             "ftplib.connect", "smtplib.connect", "webbrowser.open")
    def hook(event, args):
        if event == "socket.__new__" and args[1] != 1:  # AF_UNIX (process pipes) is local
            seen.append(f"{event} family={args[1]}")
        elif event in WATCH:
            seen.append(event)
    sys.addaudithook(hook)
    from desktop.cli import main
    rc = main(sys.argv[1:])
    print(json.dumps({"rc": rc, "seen": seen}), file=sys.stderr)
    """
)


def _cli_offline(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", AUDIT_PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=180)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_cli_check_opens_no_socket(problem_sample: Path) -> None:
    result = _cli_offline(["check", str(problem_sample), "--format", "json"])
    assert result["rc"] in (0, 1)
    assert result["seen"] == []


def test_cli_sheet_opens_no_socket(problem_sample: Path, tmp_path: Path) -> None:
    _sheet_writer()
    out = tmp_path / "sheet.pdf"
    result = _cli_offline(["sheet", str(problem_sample), "--for", "it", "-o", str(out)])
    assert result["rc"] == 0
    assert out.is_file()
    assert result["seen"] == []


def test_the_audit_probe_would_see_a_socket() -> None:
    """The probe can fail: a fresh interpreter that looks a host up is reported."""
    code = AUDIT_PROBE.replace("from desktop.cli import main", "import socket\ndef main(a):\n"
                               "    try: socket.getaddrinfo('localhost', 80)\n    except OSError: pass\n    return 0")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "socket.getaddrinfo" in json.loads(done.stderr.strip().splitlines()[-1])["seen"]


def _network_imports(folder: Path) -> list[str]:
    bad = []
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                    bad.append(f"{path.relative_to(folder.parent)}:{node.lineno} imports {name}")
    return bad


@pytest.mark.parametrize("package", APP_PACKAGES)
def test_no_app_module_imports_a_network_library(package: str) -> None:
    assert _network_imports(ROOT / package) == []


def test_the_static_scan_would_see_a_network_import(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text("def f():\n    from urllib.request import urlopen\n    import socket\n")
    assert _network_imports(tmp_path / "pkg") == ["pkg/m.py:2 imports urllib.request",
                                                   "pkg/m.py:2 imports urllib.request.urlopen",
                                                   "pkg/m.py:3 imports socket"]
