"""Pack regexes under the regex package: a runaway pattern is stopped by its timeout with a one-line error, and
every pattern of the built-in pack finds with ``regex`` what it finds with ``re`` on its own examples."""

from __future__ import annotations

import re
import time

import pytest

from checks.rules import RulePackError, check_regex, default_pack
from checks.user_regex import PatternTimeoutError, compile_pattern


def test_a_runaway_pattern_is_stopped_by_its_timeout() -> None:
    rx = compile_pattern(r"(a|aa)+$", re.IGNORECASE, timeout=0.2)
    start = time.monotonic()
    with pytest.raises(PatternTimeoutError, match=r"longer than 0.2 s .*\(a\|aa\)\+\$"):
        list(rx.finditer("a" * 40 + "!"))
    assert time.monotonic() - start < 2.0
    with pytest.raises(PatternTimeoutError):
        rx.search("a" * 40 + "!")


def test_the_interface_the_rule_kinds_use() -> None:
    rx = compile_pattern(r"net\s+(?P<value>\d+)", re.IGNORECASE)
    assert rx.groupindex == {"value": 1} and rx.pattern == r"net\s+(?P<value>\d+)"
    assert rx.search("Payment NET 30 days").group("value") == "30"
    assert [m.span() for m in rx.finditer("net 30, net 45", 3)] == [(8, 14)]
    assert rx.match("net 5") and not rx.match("x net 5") and rx.fullmatch("net 5")


def test_a_pattern_regex_cannot_compile_is_refused_at_load() -> None:
    with pytest.raises(re.error):
        compile_pattern(r"(unclosed")
    with pytest.raises(RulePackError, match="bad regular expression"):
        check_regex(r"a(?P<x>b", "pack.toml:3", "rule 'X' 'pattern'")


def _pack_patterns() -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for rule in default_pack().rules:
        texts = (*rule.examples_fire, *rule.examples_pass)
        for key in ("pattern", "then", "requires", "defined", "also", "value", "a", "b", "if"):
            value = rule.params.get(key)
            if isinstance(value, str) and value:
                out.append((rule.id, value, texts))
        out += [(rule.id, p, texts) for p in (rule.unless, rule.when) if p]
    for ctx in default_pack().contexts:
        out += [(ctx.name, p, ()) for p in (ctx.pattern, ctx.heading) if p]
    return out


def test_the_built_in_patterns_match_alike_under_re_and_regex() -> None:
    patterns = _pack_patterns()
    assert len(patterns) > 30
    sample = " ".join(t for _, _, texts in patterns for t in texts)
    for name, pattern, texts in patterns:
        ours, theirs = compile_pattern(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE)
        for text in (*texts, sample):
            assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)], name
