"""Damaged PDFs give a Review or an UpfrontError, never a traceback or a hang (a fast slice of bench/fuzz.py).

The default suite runs ~50 fixed mutated cases; the 5,000-case hypothesis campaign is behind ``-m slow``.
The harness itself is tested too: a planted crash, a dead worker and a hang must each count as a failure.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("upfront_bench_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
REPO_SEEDS = ("repo:proposal-with-problems.pdf", "repo:proposal-clean.pdf")
CORPUS_SEEDS = (
    "cuad-dev/pdf/GALACTICOMMTECHNOLOGIESINC_11_07_1997-EX-10.46-WEB HOSTING AGREEMENT.PDF",
    "robustness/pdfminer/samples__encryption__rc4-40.pdf",
    "robustness/qpdf/qpdf__qtest__qpdf__recover-xref-stream.pdf",
    "robustness/pdfjs/test__pdfs__rotated.pdf",
)


def _no_failures(tally) -> None:
    assert tally.failures == [], "\n\n".join(f"{f['kind']} {f['case']}\n{f['detail']}" for f in tally.failures)


@pytest.fixture(scope="module")
def repo_seeds() -> dict[str, bytes]:
    seeds = fuzz.available_seeds(REPO_SEEDS)
    assert set(seeds) == set(REPO_SEEDS)
    return seeds


def test_mutations_are_deterministic_and_each_one_changes_bytes(repo_seeds: dict[str, bytes]) -> None:
    seed = "repo:proposal-with-problems.pdf"
    for name in fuzz.OPS:
        changed = False
        for a in (0, 17, 4099, 123457):
            case = fuzz.Case(seed, ((name, a, 3 + a, 11 * a + 5),))
            first = fuzz.apply(case, repo_seeds)
            assert first == fuzz.apply(case, repo_seeds), f"{name} is not deterministic"
            changed = changed or first != repo_seeds[seed]
        assert changed, f"mutation {name} never changes the file"


def test_random_cases_are_reproducible() -> None:
    assert fuzz.random_cases(5, REPO_SEEDS, 3) == fuzz.random_cases(5, REPO_SEEDS, 3)


def test_smoke_repo_samples(repo_seeds: dict[str, bytes]) -> None:
    tally = fuzz.run_cases(fuzz.random_cases(26, sorted(repo_seeds), rng_seed=20261126), repo_seeds, save=False)
    assert tally.cases == 26
    _no_failures(tally)
    assert tally.outcomes["review"] > 0, "no mutated file was read: the cases are too destructive to test much"
    assert tally.outcomes["error"] > 0, "no mutated file was rejected: the mutations are too timid"


def test_smoke_corpus_seeds(corpus: Path) -> None:
    seeds = fuzz.available_seeds(CORPUS_SEEDS)
    if len(seeds) < 2:
        pytest.skip("the corpus seeds are missing")
    tally = fuzz.run_cases(fuzz.random_cases(24, sorted(seeds), rng_seed=7), seeds, save=False)
    assert tally.cases == 24
    _no_failures(tally)
    assert tally.outcomes["review"] > 0


def test_harness_counts_crash_death_hang_and_multiline_messages(tmp_path: Path) -> None:
    """The harness can fail: each way a case can go wrong is reported as a failure, and the worker recovers."""
    planted = {}
    for kind in ("crash", "die", "hang", "multiline"):
        planted[kind] = tmp_path / f"{kind}.pdf"
        planted[kind].write_bytes(kind.encode() + b"\n")
    good = tmp_path / "proposal-clean.pdf"  # a copy: the sheet is written beside the case
    good.write_bytes((ROOT / "resources" / "samples" / "proposal-clean.pdf").read_bytes())
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("just text")
    with fuzz.Runner(timeout=30.0, selftest=True) as runner:
        assert runner.run(good).kind == "review"
        assert runner.run(good, sheet=True).kind == "review"
        assert runner.sheets == 1
        crash = runner.run(planted["crash"])
        assert (crash.kind, "planted crash" in crash.detail) == ("crash", True)
        assert runner.run(planted["die"]).kind == "died"
        assert runner.run(planted["multiline"]).kind == "crash"
        runner.timeout = 1.0
        assert runner.run(planted["hang"]).kind == "hang"
        runner.timeout = 30.0
        assert (runner.run(not_pdf).kind, runner.run(good).kind) == ("error", "review")
        assert runner.restarts == 2


def test_failures_are_saved_for_replay(tmp_path: Path) -> None:
    case = fuzz.Case("repo:proposal-clean.pdf", (("truncate", 10, 0, 0),))
    saved = fuzz.save_failure(case, b"%PDF-1.4 broken", fuzz.Outcome("crash", "Traceback ..."), folder=tmp_path)
    assert saved.read_bytes() == b"%PDF-1.4 broken"
    note = saved.with_suffix(".txt").read_text()
    assert case.describe() in note and "Traceback" in note


def _far_text_pdf(path: Path, x: float, size: float) -> Path:
    """A normal page of text plus words drawn absurdly far off or absurdly big (what a damaged text matrix does)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(612, 792))
    for i in range(14):
        c.drawString(72, 720 - 14 * i, f"Clause {i + 1}. Support responds within {i + 2} business days.")
        c.drawString(330, 720 - 14 * i, f"Fees are due net {30 + i} days from invoice.")
    c.setFont("Helvetica", size)
    c.drawString(x, 100, "far away")
    c.save()
    return path


def test_regression_words_far_off_the_page(tmp_path: Path) -> None:
    """Found by bench/fuzz.py: layout sized its column search by word coordinates and ran out of memory."""
    with fuzz.Runner(timeout=60.0) as runner:  # the worker's address-space cap turns a regression into a failure
        for i, (x, size) in enumerate([(5e8, 12), (-5e8, 12), (72, 1e8)]):
            outcome = runner.run(_far_text_pdf(tmp_path / f"far{i}.pdf", x, size))
            assert outcome.kind == "review", f"x={x} size={size}: {outcome.detail}"


@pytest.mark.slow
@pytest.mark.timeout(0)
def test_fuzz_campaign_long(corpus: Path) -> None:
    """The full campaign (default 5,000 cases; FUZZ_CASES to change). Failing inputs go to /tmp/fuzz-failures/."""
    seeds = fuzz.available_seeds()
    tally = fuzz.hypothesis_campaign(int(os.environ.get("FUZZ_CASES", "5000")), seeds)
    _no_failures(tally)
