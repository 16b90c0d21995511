"""What the PyInstaller app needs from the code, checked without building it (tests/test_bundle.py builds it):
resources are found under ``sys._MEIPASS``; desktop/frozen.py is the CLI, runs only its listed ``-m`` modules, and
hands the user's library path to the programs it starts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import resources
from desktop import frozen


def test_resources_beside_the_module_when_not_frozen() -> None:
    assert not getattr(sys, "frozen", False)
    assert Path(resources.__file__).resolve().parent == resources.ROOT
    assert resources._root() == resources.ROOT
    assert resources.path("rules", "default").is_dir()


def test_resources_under_meipass_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources._root() == resources.ROOT  # no resources folder there: the module's own
    (tmp_path / "resources").mkdir()
    assert resources._root() == tmp_path / "resources"


def test_frozen_entry_is_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert frozen.main(["rules"]) == 0
    assert capsys.readouterr().out.startswith("rule pack default@1:")


def test_frozen_entry_runs_listed_modules_only(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", list(sys.argv))  # the module runs with its own argv
    assert frozen.main(["-m", "desktop.gui.screenshot", "--help"]) == 0
    assert "Take a picture of the window" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:  # any other module is an unknown option of the CLI
        frozen.main(["-m", "http.server"])
    assert stop.value.code == 2


def test_programs_started_from_the_bundle_get_the_users_library_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/Upfront/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/home/me/lib")
    frozen._child_environment()
    assert frozen.os.environ["LD_LIBRARY_PATH"] == "/home/me/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in frozen.os.environ
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/Upfront/_internal")
    frozen._child_environment()  # the user had none
    assert "LD_LIBRARY_PATH" not in frozen.os.environ
