"""The bundled samples: every planted problem is found in one, and the clean one raises no false alarm."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.analyze import analyze
from checks.model import WORDING_KINDS, Review


@pytest.fixture(scope="module")
def problems(problem_sample: Path) -> Review:
    if not problem_sample.exists():
        pytest.skip("sample not generated yet")
    return analyze(problem_sample)


@pytest.fixture(scope="module")
def clean(clean_sample: Path) -> Review:
    if not clean_sample.exists():
        pytest.skip("sample not generated yet")
    return analyze(clean_sample)


def _found(review: Review, rule_id: str, text: str = "") -> bool:
    return any(f.rule_id == rule_id and text.lower() in f.text.lower() for f in review.findings)


@pytest.mark.parametrize(("rule_id", "text"), [
    ("Vague.Timing", "as soon as possible"),
    ("Vague.Timing", "won't take long"),
    ("Vague.Timing", "in a timely manner"),
    ("Vague.Timing", "promptly"),
    ("Vague.Effort", "reasonable efforts"),
    ("Promise.Absolute", "unlimited"),
    ("Promise.AroundTheClock", "24/7"),
    ("Promise.Absolute", "guaranteed 100% uptime"),
    ("Promise.Absolute", "error-free"),
    ("Promise.Absolute", "seamless"),
    ("Promise.Absolute", "free upgrades forever"),
    ("Promise.Easy", "easy"),
    ("ThirdParty.Certainty", "Google Maps"),
    ("ThirdParty.Certainty", "instantly through Twilio"),
    ("ThirdParty.Certainty", "App Store"),
    ("Scope.Open", "other services as needed"),
    ("Renewal.NeedsNotice", "renews automatically"),
    ("Undefined.Severity", "Severity 1"),
    ("Undefined.BusinessHours", "business hours"),
    ("Missing.PaymentTerms", ""),
    ("Missing.Exclusions", ""),
])
def test_planted_problem_is_found(problems: Review, rule_id: str, text: str) -> None:
    assert _found(problems, rule_id, text), f"{rule_id} {text!r} not found: " + "; ".join(
        f"{f.rule_id}:{f.text}" for f in problems.findings)


def test_problem_findings_point_at_the_page_and_box(problems: Review) -> None:
    for f in problems.findings:
        if f.kind in WORDING_KINDS:
            assert f.page >= 1 and f.span is not None and f.spans, f
            assert f.sentence and f.text.lower() in " ".join(f.sentence.split()).lower()
            assert f.why and f.suggestion and f.message


def test_problem_sample_is_a_proposal(problems: Review) -> None:
    assert problems.kind == "proposal"


def test_clean_sample_raises_no_wording_or_missing_disclosure(clean: Review) -> None:
    bad = [f for f in clean.findings if f.kind in WORDING_KINDS | {"missing_disclosure"}]
    assert not bad, "; ".join(f"{f.rule_id}:{f.text}:{f.sentence[:80]}" for f in bad)
    assert not [f for f in clean.findings if f.severity == "error"]
