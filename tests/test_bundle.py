"""The Upfront app (issue 16): `.ci/build-app` builds `dist/Upfront/upfront`, which runs with nothing of the
development machine: an empty environment (no Python, no uv, no tesseract on PATH: PATH is an empty folder) and a
fresh HOME. Opt-in (`uv run pytest -m bundle`, about 3 minutes with the build); `.ci/run` runs it after the default
suite. ``UPFRONT_BUNDLE=dist/Upfront`` tests a bundle already built instead of building one.

The screenshot of the bundled window under Xvfb is left in ``build/bundle-test/`` to be looked at.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

import pytest

from checks.rules import default_pack

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
SHOTS = ROOT / "build" / "bundle-test"
CERES = "cuad-dev/pdf/CERES,INC_01_25_2012-EX-10.20-Collaboration Agreement.PDF"
TDRS = "real-pdfs/TDRS Fully Executed Base Award.pdf"  # pages 1-2 are scans
_PACK = default_pack()
ACTIVE = f"{len(_PACK.active)} of {len(_PACK.rules)} rules active"  # what the source tree's pack says

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.timeout(900),  # the first test builds the bundle (about 1-2 minutes)
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle test runs the Linux build"),
]


@pytest.fixture(scope="module")
def app() -> Path:
    """dist/Upfront, built once for this module by .ci/build-app (or UPFRONT_BUNDLE, already built)."""
    prebuilt = os.environ.get("UPFRONT_BUNDLE")
    if prebuilt:
        return Path(prebuilt).resolve()
    started = time.monotonic()
    result = subprocess.run(["bash", str(ROOT / ".ci" / "build-app")], cwd=ROOT, capture_output=True, text=True,
                            timeout=840)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s: {result.stdout.strip().splitlines()[-1]}")
    return ROOT / "dist" / "Upfront"


@pytest.fixture
def bare(tmp_path: Path) -> dict[str, str]:
    """An empty environment: HOME a fresh folder, PATH an empty one (no python, uv or tesseract to be found)."""
    (tmp_path / "home").mkdir()
    (tmp_path / "empty-bin").mkdir()
    return {"HOME": str(tmp_path / "home"), "PATH": str(tmp_path / "empty-bin")}


def run(app: Path, args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(app / "upfront"), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def bundled(app: Path, *parts: str) -> Path:
    return app / "_internal" / "resources" / Path(*parts)


def test_bundle_holds_the_app_and_only_the_qt_it_uses(app: Path) -> None:
    assert os.access(app / "upfront", os.X_OK)
    files = [p for p in app.rglob("*") if p.is_file()]
    names = " ".join(p.name for p in files)
    for unused in ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt6Network", "Qt6OpenGL", "Qt6Pdf", "libqgtk3"):
        assert unused not in names, f"{unused} is in the bundle"
    for used in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libqxcb.so", "libqoffscreen.so",
                 "libqsvg.so", "libpdfium.so"):
        assert used in names, f"{used} is missing"
    # all of resources/ (every data file: rule packs, topics, extraction tables, fonts, icons, samples)
    wanted = {p.relative_to(ROOT / "resources") for p in (ROOT / "resources").rglob("*")
              if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    shipped = {p.relative_to(bundled(app)) for p in bundled(app).rglob("*") if p.is_file()}
    assert wanted <= shipped, sorted(map(str, wanted - shipped))
    size_mb = sum(p.stat().st_size for p in files if not p.is_symlink()) / 1e6
    assert size_mb <= 450, f"{size_mb:.0f} MB unpacked"


def test_tarball_carries_the_desktop_entry_the_icons_and_an_installer(app: Path, tmp_path: Path) -> None:
    tarball = app.parent / f"Upfront-{VERSION}-linux-{os.uname().machine}.tar.gz"
    if not tarball.is_file():
        pytest.skip(f"{tarball.name} is built by .ci/build-app (UPFRONT_BUNDLE names only the folder)")
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        assert {"Upfront/upfront", "Upfront/upfront.desktop", "Upfront/icons/upfront.svg",
                "Upfront/icons/upfront-256.png", "Upfront/install.sh"} <= names
        tar.extractall(tmp_path / "opt", filter="tar")
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}  # install.sh is a shell script: sh, ln, sed, cp
    result = subprocess.run(["sh", str(tmp_path / "opt" / "Upfront" / "install.sh")], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = (home / ".local/share/applications/upfront.desktop").read_text()
    assert f'Exec="{tmp_path / "opt" / "Upfront" / "upfront"}" %f' in entry
    assert (home / ".local/share/icons/hicolor/scalable/apps/upfront.svg").is_file()
    link = home / ".local/bin/upfront"
    listed = subprocess.run([str(link), "rules"], env={"HOME": str(home), "PATH": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and ACTIVE in listed.stdout, listed.stderr


def test_check_prints_the_json_of_a_sample(app: Path, bare: dict[str, str]) -> None:
    from checks.analyze import analyze

    sample = bundled(app, "samples", "proposal-with-problems.pdf")
    result = run(app, ["check", str(sample), "--format", "json", "--fail-on", "none"], bare)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tool"] == {"name": "upfront", "version": VERSION, "rules": "default@1"}
    assert report["document"]["pages"] == 5
    expected = analyze(ROOT / "resources" / "samples" / "proposal-with-problems.pdf")
    assert [f["rule"] for f in report["findings"]] == [f.rule_id for f in expected.findings]
    assert len(report["disclosures"]) == len(expected.disclosures)


def test_the_other_commands_work_as_from_uv(app: Path, bare: dict[str, str], tmp_path: Path) -> None:
    problems = bundled(app, "samples", "proposal-with-problems.pdf")
    clean = bundled(app, "samples", "proposal-clean.pdf")
    rules = run(app, ["rules"], bare)
    assert rules.returncode == 0 and rules.stdout.startswith(f"rule pack default@1: {ACTIVE}")
    assert str(bundled(app, "rules", "default")) in rules.stdout
    sheet = run(app, ["sheet", str(problems), "--for", "finance", "-o", str(tmp_path / "sheet.pdf")], bare)
    assert sheet.returncode == 0, sheet.stderr
    assert (tmp_path / "sheet.pdf").read_bytes()[:5] == b"%PDF-"
    # --jobs 2: worker processes of the frozen program
    both = run(app, ["check", str(problems), str(clean), "--format", "json", "--jobs", "2", "--fail-on", "none"],
               bare)
    assert both.returncode == 0, both.stderr
    assert [json.loads(line)["document"]["path"] for line in both.stdout.splitlines()] == [str(problems), str(clean)]
    broken = tmp_path / "not.pdf"
    broken.write_text("hello")
    bad = run(app, ["check", str(broken)], bare)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_ocr_says_how_to_enable_it_when_tesseract_is_missing(app: Path, bare: dict[str, str]) -> None:
    sample = bundled(app, "samples", "proposal-with-problems.pdf")
    result = run(app, ["check", "--ocr", str(sample)], bare)
    assert result.returncode == 2 and result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "tesseract" in line and "apt-get install tesseract-ocr" in line
    assert "uv sync" not in line  # the app carries ocrmypdf: only tesseract is the user's to install


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract to OCR with the bundle")
def test_ocr_runs_inside_the_bundle_when_tesseract_is_there(app: Path, bare: dict[str, str], corpus: Path) -> None:
    """`upfront check --ocr` starts the bundle again as `upfront -m ocrmypdf`, which starts the system's tesseract
    (with the user's library path, not the bundle's). Only tesseract is put on PATH."""
    Path(bare["PATH"], "tesseract").symlink_to(shutil.which("tesseract"))
    result = run(app, ["check", "--ocr", "--format", "json", "--fail-on", "none", str(corpus / TDRS)], bare,
                 timeout=300)
    assert result.returncode == 0, result.stderr[-1500:]
    document = json.loads(result.stdout)["document"]
    assert document["pages_without_text"] == []
    assert any("read by OCR" in w for w in document["warnings"])


def test_window_stays_up_on_the_sample_offscreen(app: Path, bare: dict[str, str]) -> None:
    proc = subprocess.Popen([str(app / "upfront")], env={**bare, "QT_QPA_PLATFORM": "offscreen"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        time.sleep(6)
        alive = proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert alive, f"the window exited with {proc.returncode}: {err[-1500:]}"
    assert "Traceback" not in err
    logs = list(Path(bare["HOME"]).rglob("upfront-gui.log"))
    assert logs, "the window writes its log in the user's folder"
    assert "ERROR" not in logs[0].read_text()


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run for a real X11 window")
def test_screenshot_of_the_bundled_window_under_xvfb(app: Path, bare: dict[str, str]) -> None:
    """The bundled window on the bundled sample under a real X server: pages drawn, findings listed and
    highlighted on the page (the page side of the picture carries the over-promise highlight colour)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    out, screen = SHOTS / "window.png", SHOTS / "screen.png"
    for old in (out, screen):
        old.unlink(missing_ok=True)
    env = " ".join(f"{k}={v}" for k, v in bare.items())  # the tmp paths hold no spaces or quotes
    command = (f'env -i {env} DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" QT_QPA_PLATFORM=xcb "{app / "upfront"}" '
               f'-m desktop.gui.screenshot "{bundled(app, "samples", "proposal-with-problems.pdf")}" "{out}" '
               f'--select 3 --size 1280x800 --screen "{screen}"')
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1440x900x24", "sh", "-c", command],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-1500:]
    assert f"{out}: analysed" in result.stdout
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 23) for y in range(0, image.height(), 19)}
    assert len(colours) > 20  # text, highlights, widgets: not a blank or black frame

    def reddish(x0: int, x1: int) -> int:
        n = 0
        for x in range(x0, x1, 3):
            for y in range(0, image.height(), 3):
                c = image.pixelColor(x, y)
                n += c.red() > 200 and c.red() - c.green() > 30 and c.red() - c.blue() > 30
        return n

    assert reddish(0, int(image.width() * 0.45)) > 100, "no over-promise highlight on the page"
    assert reddish(int(image.width() * 0.45), image.width()) > 100, "no error in the findings list"


@pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv")
def test_uv_tool_install_gives_the_upfront_command(tmp_path: Path) -> None:
    """The README's other install: `uv tool install .` puts `upfront` in the tool bin folder (a temporary one)."""
    tools, bin_dir, home = tmp_path / "tools", tmp_path / "bin", tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, UV_TOOL_DIR=str(tools), UV_TOOL_BIN_DIR=str(bin_dir))
    result = subprocess.run(["uv", "tool", "install", str(ROOT)], env=env, capture_output=True, text=True,
                            timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-1500:]
    bare = {"HOME": str(home), "PATH": str(bin_dir)}
    listed = subprocess.run(["upfront", "rules"], env=bare, capture_output=True, text=True, timeout=120,
                            executable=str(bin_dir / "upfront"))
    assert listed.returncode == 0 and ACTIVE in listed.stdout, listed.stderr
    assert str(tools) in listed.stdout  # the rules come from the installed copy, not from this checkout
    sample = ROOT / "resources" / "samples" / "proposal-with-problems.pdf"
    checked = subprocess.run([str(bin_dir / "upfront"), "check", str(sample), "--format", "json", "--fail-on", "none"],
                             env=bare, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and json.loads(checked.stdout)["document"]["pages"] == 5, checked.stderr
