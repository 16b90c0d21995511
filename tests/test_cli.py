"""The CLI contract (README, checks/report.py): JSON shape, JSON Lines, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import resources
from desktop.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_topic_and_locates_findings(capsys, problem_sample: Path) -> None:
    code, out, _ = run(capsys, "check", str(problem_sample), "--format", "json")
    doc = json.loads(out)
    assert code == 1  # the planted problems include errors
    assert [d["topic"] for d in doc["disclosures"]] == list(resources.topics())
    assert doc["document"]["pages"] >= 4 and doc["document"]["text_layer"] == "full"
    assert len(doc["document"]["sha256"]) == 64
    located = [f for f in doc["findings"] if f["text"]]
    assert located, "wording findings expected in the problem sample"
    for f in located:
        assert f["page"] >= 1 and len(f["bbox"]) == 4 and f["bbox"][0] < f["bbox"][2]
        assert f["rule"] and f["kind"] and f["severity"] in ("error", "warning", "suggestion")


def test_clean_sample_passes_with_fail_on_error(capsys, clean_sample: Path) -> None:
    code, out, _ = run(capsys, "check", str(clean_sample), "--format", "json")
    doc = json.loads(out)
    assert code == 0, [f["rule"] + ": " + f["text"] for f in doc["findings"] if f["severity"] == "error"]


def test_several_files_give_json_lines(capsys, problem_sample: Path, clean_sample: Path) -> None:
    _, out, _ = run(capsys, "check", str(problem_sample), str(clean_sample), "--format", "json")
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [Path(d["document"]["path"]).name for d in lines] == [problem_sample.name, clean_sample.name]


def test_fail_on_levels(capsys, problem_sample: Path) -> None:
    assert run(capsys, "check", str(problem_sample), "--fail-on", "none")[0] == 0
    assert run(capsys, "check", str(problem_sample), "--fail-on", "warning")[0] == 1


def test_text_output_is_readable(capsys, problem_sample: Path) -> None:
    _, out, _ = run(capsys, "check", str(problem_sample))
    assert problem_sample.name in out.splitlines()[0]
    assert "as soon as possible" in out


def test_unreadable_file_exits_2_with_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.pdf"
    bogus.write_text("this is not a PDF")
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "check", str(bogus)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "notes.pdf" in lines[0] and "Traceback" not in proc.stderr


def test_missing_file_among_good_ones_still_reports_the_good_one(capsys, problem_sample: Path,
                                                                 tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", str(tmp_path / "gone.pdf"), str(problem_sample), "--format", "json")
    assert code == 2
    assert json.loads(out.strip())["document"]["path"].endswith(problem_sample.name)
    assert "gone.pdf" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["csv", "text", "json"])
def test_jobs_gives_same_output_as_serial(capsys, fmt: str, problem_sample: Path, clean_sample: Path) -> None:
    files = [str(problem_sample), str(clean_sample)]
    _, serial, _ = run(capsys, "check", *files, "--format", fmt)
    _, parallel, _ = run(capsys, "check", *files, "--format", fmt, "--jobs", "2")
    assert serial == parallel


def test_a_pipe_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "check", str(fifo)],
                          capture_output=True, text=True, timeout=60)  # the timeout is a hang guard only
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["upfront: pipe.pdf: not a regular file (a pipe or device?), not a PDF"]


def test_csv_for_several_files_has_one_header_and_names_each_file(capsys, problem_sample: Path,
                                                                   clean_sample: Path) -> None:
    import csv
    import io

    _, out, _ = run(capsys, "check", str(problem_sample), str(problem_sample), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:2] == ["file", "rule"]
    assert sum(r == rows[0] for r in rows) == 1
    assert all(r[0] == problem_sample.name for r in rows[1:]) and len(rows) > 3
    assert "" not in out.splitlines()  # no blank lines between documents


def test_sheet_needs_a_real_reader(capsys, problem_sample: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "sheet", str(problem_sample), "--for", ",,", "-o", str(tmp_path / "s.pdf"))
    assert code == 2 and "--for needs a reader" in err and not (tmp_path / "s.pdf").exists()
    code, _, _ = run(capsys, "sheet", str(problem_sample), "--for", "finance", "--for", "finance,it",
                       "-o", str(tmp_path / "s.pdf"))
    assert code == 0 and (tmp_path / "s.pdf").is_file()


def test_jobs_must_be_positive(capsys, problem_sample: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", str(problem_sample), "--jobs", "0"])
    assert exc.value.code == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--max-pages", "3", "pages is over the limit of 3 pages"),
    ("--max-memory", "1", "more memory than the limit of 1 MB"),
])
def test_limits_are_configurable_and_say_which_was_hit(option: str, value: str, expected: str,
                                                        problem_sample: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "desktop.cli", "check", str(problem_sample), option, value],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr


def test_no_limit_means_zero(capsys, problem_sample: Path, monkeypatch) -> None:
    monkeypatch.setenv("UPFRONT_MAX_PAGES", "3")
    assert run(capsys, "check", str(problem_sample), "--max-pages", "0", "--fail-on", "none")[0] == 0
