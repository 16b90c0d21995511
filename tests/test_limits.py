"""Limits (pages, time, memory) are parameters: front ends decide them and pass them down; the reader and the
analysis never read the environment, and the CLI never writes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.analyze import analyze
from desktop.cli import main
from desktop.limits import limits_from
from extractors.errors import TooLargeError
from extractors.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, DEFAULT_TIME_LIMIT, Limits
from extractors.pdf import read_document


def test_defaults_and_none() -> None:
    assert Limits() == Limits(DEFAULT_MAX_PAGES, DEFAULT_TIME_LIMIT, DEFAULT_MAX_MEMORY_MB)
    assert Limits.none() == Limits(None, None, None)


def test_limits_from_the_environment_and_flags() -> None:
    assert limits_from({}) == Limits()
    env = {"UPFRONT_MAX_PAGES": "3", "UPFRONT_TIME_LIMIT": "0", "UPFRONT_MAX_MEMORY_MB": "junk"}
    assert limits_from(env) == Limits(3.0, None, DEFAULT_MAX_MEMORY_MB)  # 0: none; not a number: the default
    assert limits_from(env, max_pages=0, time_limit=5) == Limits(None, 5, DEFAULT_MAX_MEMORY_MB)  # flags win
    assert limits_from({"UPFRONT_MAX_PAGES": " -1 "}).max_pages is None


def test_analyze_takes_its_limits_as_a_parameter(problem_sample: Path) -> None:
    with pytest.raises(TooLargeError, match="over the limit of 1 pages"):
        analyze(problem_sample, limits=Limits(max_pages=1))
    assert analyze(problem_sample, limits=Limits.none()).document.page_count > 1


def test_the_reader_does_not_read_the_environment(problem_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPFRONT_MAX_PAGES", "1")
    assert read_document(problem_sample).page_count > 1
    assert analyze(problem_sample).document.page_count > 1


def test_the_cli_passes_its_flags_without_writing_the_environment(capsys, problem_sample: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("UPFRONT_MAX_PAGES", "UPFRONT_TIME_LIMIT", "UPFRONT_MAX_MEMORY_MB"):
        monkeypatch.delenv(name, raising=False)
    before = dict(os.environ)
    assert main(["check", str(problem_sample), "--max-pages", "1", "--time-limit", "50"]) == 2
    assert "over the limit of 1 pages" in capsys.readouterr().err
    assert dict(os.environ) == before
    monkeypatch.setenv("UPFRONT_MAX_PAGES", "1")  # a launcher's setting still counts, and a flag beats it
    assert main(["check", str(problem_sample), "--fail-on", "none"]) == 2
    capsys.readouterr()
    assert main(["check", str(problem_sample), "--fail-on", "none", "--max-pages", "100"]) == 0
