"""The rule engine: pack loading and validation, kinds, contexts, fuzzy matching, sentences, CLI options."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checks.analyze import analyze_text
from checks.regex_guard import risky_regex
from checks.rules import RulePackError, default_pack, disable_rules, load_pack, load_pack_chain
from desktop.cli import main
from extractors.sentences import sentence_bounds


def _ids(text: str, pack=None) -> list[str]:
    return [f.rule_id for f in analyze_text(text, pack).findings]


def _pack(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir(exist_ok=True)
    for name, body in files.items():
        (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


# -- sentences ----------------------------------------------------------------------------------------------


def test_numbered_item_is_not_split_after_its_number() -> None:
    text = "Fees are due monthly. 2. Next item follows here.\n3. Third item."
    assert [text[s:e] for s, e in sentence_bounds(text)] == [
        "Fees are due monthly.", "2. Next item follows here.", "3. Third item."]


def test_sentence_still_ends_after_a_number() -> None:
    text = "The fee is EUR 5. Next we discuss support."
    assert [text[s:e] for s, e in sentence_bounds(text)] == ["The fee is EUR 5.", "Next we discuss support."]


# -- existence: exact and fuzzy ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "We fix it ASAP.", "We fix it a.s.a.p. for you.", "We will reply as soon as posible.",
    "Issues are fixed prompty by the team.",
])
def test_vague_timing_catches_variants_and_typos(text: str) -> None:
    assert "Vague.Timing" in _ids(text)


@pytest.mark.parametrize("text", [
    "The immediate next step is the kick-off.", "The prompt was shown on screen.", "Timelines are agreed in week 1.",
])
def test_fuzzy_matching_makes_no_false_friends(text: str) -> None:
    assert "Vague.Timing" not in _ids(text)


# -- contexts: boilerplate and customer duties stay silent --------------------------------------------------


@pytest.mark.parametrize("text", [
    "Customer shall promptly notify Provider of any defect.",
    "Neither party is liable for delays caused by force majeure; the affected party will resume as soon as possible.",
    "Each party shall use reasonable efforts to protect the other party's Confidential Information.",
    "The prevailing party may recover its reasonable attorneys' fees and costs.",
])
def test_boilerplate_raises_no_wording_finding(text: str) -> None:
    review = analyze_text(text)
    assert not [f for f in review.findings if f.kind in ("vague_timing", "vague_effort", "vague_scope",
                                                           "overpromise")], review.findings


def test_finding_carries_everything_the_ui_needs() -> None:
    review = analyze_text("1. Support\nIssues are fixed promptly by our team.")
    f = next(f for f in review.findings if f.rule_id == "Vague.Timing")
    assert f.text == "promptly" and f.sentence == "Issues are fixed promptly by our team."
    assert f.page == 1 and f.span is not None and f.spans and f.why and f.suggestion and f.audiences
    assert f.kind == "vague_timing" and f.severity == "warning" and "promptly" in f.message


# -- conditional, consistency, qualifier, undefined terms ---------------------------------------------------


def test_consistency_payment_terms_two_ways() -> None:
    text = "Invoices are due within 30 days of the invoice date.\n\nLater: payment is due within 45 days of receipt."
    assert "Inconsistent.PaymentDays" in _ids(text)
    assert "Inconsistent.PaymentDays" not in _ids("Invoices are due within 30 days. Net 30 applies to all fees.")


def test_consistency_24_7_against_business_hours() -> None:
    text = "You get 24/7 support from our specialists.\n\nSupport is provided during business hours."
    assert "Inconsistent.SupportHours" in _ids(text)


def test_time_range_needs_a_time_zone() -> None:
    assert "Unqualified.TimeRange" in _ids("Support is available 9:00-17:00 on weekdays.")
    assert "Unqualified.TimeRange" not in _ids("Support is available 9:00-17:00 CET on weekdays.")


def test_business_hours_defined_elsewhere_is_fine() -> None:
    text = "Replies come within 4 business hours.\n\nBusiness hours are 08:00-18:00 CET, Monday to Friday."
    assert "Undefined.BusinessHours" not in _ids(text)
    assert "Undefined.BusinessHours" in _ids("Replies come within 4 business hours.")


# -- document kinds ------------------------------------------------------------------------------------------


def test_licence_agreement_is_not_flooded_with_support_disclosures() -> None:
    review = analyze_text("SOFTWARE LICENSE AGREEMENT\n1. Grant\nLicensor grants Licensee a licence to the Software.")
    assert review.kind == "contract"
    assert not [f for f in review.findings if f.kind == "missing_disclosure"]


def test_proposal_gets_missing_disclosures() -> None:
    review = analyze_text("Proposal for Northwind\n1. Our offer\nWe configure the platform for EUR 9,000.")
    assert review.kind == "proposal"
    ids = {f.rule_id for f in review.findings}
    assert {"Missing.PaymentTerms", "Missing.Exclusions", "Missing.SupportHours"} <= ids


# -- packs -----------------------------------------------------------------------------------------------------


def test_default_pack_loads_and_every_rule_is_complete() -> None:
    pack = default_pack()
    assert len(pack.rules) >= 25
    for r in pack.rules:
        assert r.message and r.why and r.suggestion, r.id


def test_user_pack_overrides_disables_adds_and_bans(tmp_path: Path) -> None:
    folder = _pack(tmp_path, {
        "rules.toml": """
            [[override]]
            id = "Vague.Timing"
            level = "suggestion"

            [[override]]
            id = "Vague.Effort"
            enabled = false

            [[rule]]
            id = "Acme.Discount"
            kind = "pattern"
            finding = "overpromise"
            level = "error"
            message = "Discount needs approval: '%s'."
            pattern = '''\\b\\d{1,2}\\s?%\\s+discount\\b'''
            """,
        "banned.txt": "# level: warning\nlifetime warranty\n",
    })
    pack = load_pack_chain([folder], include_config=False)
    text = "Issues are fixed promptly. We use reasonable efforts. You get a 20% discount and a lifetime warranty."
    review = analyze_text(text, pack)
    by_id = {f.rule_id: f for f in review.findings}
    assert by_id["Vague.Timing"].severity == "suggestion"
    assert "Vague.Effort" not in by_id
    assert by_id["Acme.Discount"].text == "20% discount"
    assert by_id["Acme.Banned"].severity == "warning" and by_id["Acme.Banned"].text == "lifetime warranty"
    assert "changed by" in pack.rule("Vague.Timing").source


def test_packs_in_the_config_folder_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UPFRONT_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "upfront" / "rules" / "company"
    folder.mkdir(parents=True)
    (folder / "banned.txt").write_text("money-back guarantee\n", encoding="utf-8")
    pack = load_pack_chain([])
    assert pack.rule("Company.Banned") is not None


def test_config_folder_override_is_honoured_like_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checks import user_dirs
    from desktop.gui import paths

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", str(tmp_path / "portable"))
    monkeypatch.setenv("UPFRONT_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "portable" / "rules" / "company"
    folder.mkdir(parents=True)
    (folder / "banned.txt").write_text("money-back guarantee\n", encoding="utf-8")
    assert load_pack_chain([]).rule("Company.Banned") is not None
    assert (user_dirs.config_dir(), user_dirs.data_dir(), user_dirs.log_dir()) == (
        paths.config_dir(), paths.data_dir(), paths.log_dir())
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", "")  # empty means unset, as in the window
    monkeypatch.delenv("UPFRONT_DATA_DIR")
    assert (user_dirs.config_dir(), user_dirs.data_dir(), user_dirs.log_dir()) == (
        paths.config_dir(), paths.data_dir(), paths.log_dir())


def test_bad_pack_in_the_config_folder_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("UPFRONT_CONFIG_DIR", str(tmp_path / "config"))
    folder = tmp_path / "config" / "rules" / "company"
    folder.mkdir(parents=True)
    (folder / "rules.toml").write_text('[rule]\nid = "X.Y"\n', encoding="utf-8")
    assert main(["rules"]) == 2
    assert f"{folder / 'rules.toml'}:1: " in capsys.readouterr().err


RULE = '[[rule]]\nid = "X.Y"\nkind = "pattern"\nfinding = "vague_scope"\nmessage = "m"\n'  # lines 1-5


@pytest.mark.parametrize(("body", "line", "words"), [
    ('[[rule]]\nid = "X.Y"\nkind = "patern"\nmessage = "m"\n', 3, "unknown kind"),
    (RULE + 'pattern = "(a+)+$"\n', 6, "unsafe"),
    (RULE + 'pattern = "(.*)*x"\n', 6, "unsafe"),
    (RULE + 'pattern = "([a-z"\n', 6, "bad regular expression"),
    (RULE + 'pattern = "a"\nlevel = "fatal"\n', 7, "level"),
    ("\n\n" + RULE + 'patern = "a"\n', 8, "unknown key"),
    ('[[rule]]\nid = "X.Y"\nkind = "pattern"\nmessage = "m"\npattern = "a"\n', 1, "needs 'finding'"),
    ('[[override]]\nid = "No.Such"\nlevel = "error"\n', 1, "unknown rule"),
    (RULE + 'pattern = "a" "b"\n', 6, ""),
    (RULE.replace("X.Y", "Vague.Timing") + 'pattern = "a"\n', 2, "already defined"),
    ('[rule]\nid = "X.Y"\nkind = "pattern"\nmessage = "m"\n', 1, "[[rule]]"),
    ('\n[override]\nid = "Vague.Timing"\nlevel = "error"\n', 2, "[[override]]"),
    (RULE + 'pattern = "a"\n[context]\nname = "x"\npattern = "a"\n', 7, "[[context]]"),
    ('rule = "X.Y"\n', 1, "[[rule]]"),
    ('[[override]]\nid = ["Vague.Timing"]\nlevel = "error"\n', 2, "string"),
    ('[[override]]\nid = "Vague.Timing"\naudiences = ["nobody"]\n', 3, "unknown audience 'nobody'"),
    ('[[override]]\nid = "Vague.Timing"\naudiences = 3\n', 3, "list of strings"),
    ('[[override]]\nid = "Vague.Timing"\nmessage = 3\n', 3, "message must be a string"),
])
def test_bad_pack_says_file_line_and_what(tmp_path: Path, body: str, line: int, words: str) -> None:
    folder = _pack(tmp_path, {"rules.toml": body})
    with pytest.raises(RulePackError) as err:
        load_pack(folder, base=default_pack())
    assert str(err.value).startswith(f"{folder / 'rules.toml'}:{line}: "), str(err.value)
    assert words in str(err.value)


def test_override_audiences_are_readers_not_letters(tmp_path: Path) -> None:
    folder = _pack(tmp_path, {"rules.toml": '[[override]]\nid = "Vague.Timing"\naudiences = "finance"\n'})
    assert load_pack(folder, base=default_pack()).rule("Vague.Timing").audiences == ("finance",)


def test_phrase_list_that_is_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    folder = _pack(tmp_path, {})
    (folder / "banned.txt").write_bytes(b"money-back guarantee\nlifetime \xff warranty\n")
    with pytest.raises(RulePackError) as err:
        load_pack(folder, base=default_pack())
    assert str(err.value).startswith(f"{folder / 'banned.txt'}:2: ") and "UTF-8" in str(err.value)


@pytest.mark.parametrize("pattern", ["(a+)+$", "(.*)*", "(\\w+\\s?)+$", "(?:\\w+|x)*y", "(x+x+)+y", "(a)\\1",
                                     "(.*){1,12}x", "(?:\\w+\\s?){1,16}!", "(?:a{1,16}){1,16}b"])
def test_catastrophic_regex_shapes_are_refused(pattern: str) -> None:
    assert risky_regex(pattern)


@pytest.mark.parametrize("pattern", ["\\bfoo\\b", "(?:\\w+\\s+){0,5}bar", "[^.]{0,120}notice", "\\d+(?:\\.\\d{1,3})*",
                                     "(?:[a-z]+,\\s*)*[a-z]+", "(?:,\\s*\\w+){0,3}"])
def test_ordinary_regexes_are_accepted(pattern: str) -> None:
    assert not risky_regex(pattern)


@pytest.mark.timeout(60)
def test_default_pack_survives_hostile_text() -> None:
    hostile = ("a" * 5000 + " ") * 4 + "reasonable " * 2000 + "24/7 " * 500 + ("9:00-" * 500) + "x" * 20000
    analyze_text(hostile)  # must finish (pytest-timeout fails it otherwise); findings do not matter here


def test_disable_unknown_rule_is_an_error() -> None:
    with pytest.raises(RulePackError, match=r"no rule 'Vague\.Timeing'"):
        disable_rules(default_pack(), ["Vague.Timeing"])
    assert not disable_rules(default_pack(), ["Vague.Timing"]).rule("Vague.Timing").enabled


# -- CLI -------------------------------------------------------------------------------------------------------


def test_cli_rules_lists_sources_and_checks_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--disable", "Scope.Standard"]) == 0
    out = capsys.readouterr().out
    assert "Vague.Timing" in out and "wording.toml" in out
    assert any(line.startswith("Scope.Standard") and " off " in line for line in out.splitlines())
    good = _pack(tmp_path, {"banned.txt": "lifetime warranty\n"})
    assert main(["rules", "--check", str(good)]) == 0
    (good / "bad.toml").write_text(RULE + 'pattern = "(a+)+"\n')
    assert main(["rules", "--check", str(good)]) == 2
    assert f"{good / 'bad.toml'}:6:" in capsys.readouterr().err


def test_cli_fail_on_and_disable(problem_sample: Path, clean_sample: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    if not problem_sample.exists() or not clean_sample.exists():
        pytest.skip("samples not generated yet")
    assert main(["check", str(problem_sample), "--format", "json"]) == 1
    assert main(["check", str(clean_sample), "--format", "json"]) == 0
    assert main(["check", str(clean_sample), "--fail-on", "suggestion"]) in (0, 1)
    assert main(["check", str(problem_sample), "--fail-on", "none"]) == 0
    assert main(["check", str(problem_sample), "--disable", "No.Such"]) == 2
    capsys.readouterr()


def test_phrase_can_carry_its_own_rewrite() -> None:
    review = analyze_text("Each release is error-free. Our app offers unlimited storage forever.")
    by_text = {f.text: f.suggestion for f in review.findings if f.rule_id == "Promise.Absolute"}
    assert "automated test" in by_text["error-free"]
    assert by_text["error-free"] != by_text.get("unlimited storage")


def test_signed_agreement_mentioning_a_proposal_is_not_a_proposal() -> None:
    text = ("OUTSOURCING AGREEMENT\nThis Agreement is made by and between NICE Ltd and Contractor.\n"
            "WHEREAS NICE requested proposals and selected Contractor's proposal for the services.\n")
    assert analyze_text(text).kind == "services"


def test_cli_rules_check_counts_only_the_packs_own_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()  # a folder whose name is part of every built-in rule's path
    assert main(["rules", "--check", "rules"]) == 0
    assert "rules: OK (0 rules added, 0 built-in rules changed)" in capsys.readouterr().out
    (tmp_path / "rules" / "more.toml").write_text(
        '[[override]]\nid = "Vague.Timing"\nlevel = "suggestion"\n\n' + RULE + 'pattern = "a"\n', encoding="utf-8")
    assert main(["rules", "--check", "rules"]) == 0
    assert "(1 rules added, 1 built-in rules changed)" in capsys.readouterr().out


def test_cli_rules_option_given_a_file_says_it_wants_a_folder(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "some.toml"
    file.write_text(RULE + 'pattern = "a"\n', encoding="utf-8")
    assert main(["rules", "--rules", str(file)]) == 2
    assert f"{file}: --rules takes a folder holding *.toml files" in capsys.readouterr().err
