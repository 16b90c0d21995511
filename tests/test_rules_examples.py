"""Every rule of the default pack carries examples; every fire example fires it and no pass example does."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checks.analyze import analyze_text
from checks.rules import default_pack, lifted

PACK = default_pack()
CASES = [(rule.id, "fire", text) for rule in PACK.rules for text in rule.examples_fire] + [
    (rule.id, "pass", text) for rule in PACK.rules for text in rule.examples_pass
]


def test_every_rule_has_examples() -> None:
    bare = [r.id for r in PACK.rules if not r.examples_fire or not r.examples_pass]
    assert not bare, f"rules without fire and pass examples: {bare}"


@pytest.mark.parametrize(("rule_id", "expect", "text"), CASES, ids=[f"{r}-{e}-{i}" for i, (r, e, _) in
                                                                     enumerate(CASES)])
def test_rule_example(rule_id: str, expect: str, text: str) -> None:
    review = analyze_text(text, PACK)
    fired = [f for f in review.findings if f.rule_id == rule_id]
    if expect == "fire":
        assert fired, f"{rule_id} should fire on: {text!r}"
    else:
        assert not fired, f"{rule_id} should not fire on: {text!r} (got {[f.text for f in fired]})"


PASS_CASES = [(rule.id, text) for rule in PACK.rules for text in rule.examples_pass]


@pytest.mark.parametrize(("rule_id", "text"), PASS_CASES,
                         ids=[f"{r}-lifted-{i}" for i, (r, _) in enumerate(PASS_CASES)])
def test_pass_example_fires_when_lifted(rule_id: str, text: str) -> None:
    """A pass example tests the rule's judgement (its statement frame, contexts, unless / when, its kind's own
    test), not the absence of its trigger: with the judgement lifted, the example must fire."""
    rule = lifted(PACK.rule(rule_id))
    review = analyze_text(text, replace(PACK, rules=(rule,)))
    assert any(f.rule_id == rule_id for f in review.findings), (
        f"{rule_id}: pass example {text!r} does not fire even with the rule's judgement lifted, so it tests only "
        "that the trigger is absent; give it the trigger")
