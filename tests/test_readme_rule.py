"""The rule shown in the README's "Rule packs" section is a working rule: users copy it first."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from checks.analyze import analyze_text
from checks.rules import RulePack, lifted, load_pack

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_rule_pack(tmp_path: Path) -> RulePack:
    section = README.read_text().split("## Rule packs", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block, "the README's Rule packs section lost its TOML example"
    text = block.group(1).replace('id = "Vague.Timing"', 'id = "Readme.Timing"')
    text = re.sub(r"\[\[override\]\][^\[]*", "", text)  # the override names a built-in rule: not for a lone pack
    folder = tmp_path / "readme"
    folder.mkdir()
    (folder / "rules.toml").write_text(text)
    return load_pack(folder)


def test_readme_rule_loads_and_its_examples_hold(tmp_path: Path) -> None:
    pack = _readme_rule_pack(tmp_path)
    rule = pack.rule("Readme.Timing")
    assert rule.actors == ("provider", "both") and "law" in rule.skip_families  # boilerplate: every such family
    for text in rule.examples_fire:
        assert any(f.rule_id == rule.id for f in analyze_text(text, pack).findings), text
    for text in rule.examples_pass:
        assert not any(f.rule_id == rule.id for f in analyze_text(text, pack).findings), text


@pytest.mark.parametrize("which", [0, 1])
def test_readme_rule_pass_examples_fire_when_lifted(tmp_path: Path, which: int) -> None:
    pack = _readme_rule_pack(tmp_path)
    rule = pack.rule("Readme.Timing")
    text = rule.examples_pass[which]
    review = analyze_text(text, replace(pack, rules=(lifted(rule),)))
    assert any(f.rule_id == rule.id for f in review.findings), text
