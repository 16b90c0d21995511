"""Rule packs: folders of TOML files, loaded and validated into Rule objects."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import resources
from checks.model import FINDING_KINDS, SEVERITIES
from extractors.errors import UpfrontError

RULE_KINDS = ("existence", "pattern", "disclosure", "conditional")
REQUIRED = ("id", "kind", "finding", "level", "message")


class RulePackError(UpfrontError):
    """A pack file is wrong; the message reads 'file:line: what is wrong'."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    finding: str
    level: str
    message: str
    suggestion: str = ""
    why: str = ""
    audiences: tuple[str, ...] = ()
    topic: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    examples_fire: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class RulePack:
    name: str
    version: str
    rules: tuple[Rule, ...]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


def _line_of(text: str, rule_id: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if re.search(r"\bid\s*=\s*[\"']" + re.escape(rule_id) + r"[\"']", line):
            return n
    return 1


def _parse_rule(raw: dict[str, Any], file: Path, text: str) -> Rule:
    rid = str(raw.get("id", "?"))
    where = f"{file}:{_line_of(text, rid)}"
    for key in REQUIRED:
        if key not in raw:
            raise RulePackError(f"{where}: rule {rid!r} has no {key!r}")
    if raw["kind"] not in RULE_KINDS:
        raise RulePackError(f"{where}: rule {rid!r}: unknown kind {raw['kind']!r} (one of {', '.join(RULE_KINDS)})")
    if raw["finding"] not in FINDING_KINDS:
        raise RulePackError(f"{where}: rule {rid!r}: unknown finding {raw['finding']!r}")
    if raw["level"] not in SEVERITIES:
        raise RulePackError(f"{where}: rule {rid!r}: level must be one of {', '.join(SEVERITIES)}")
    examples = raw.get("examples", {})
    params = {k: v for k, v in raw.items() if k not in (*REQUIRED, "suggestion", "why", "audiences", "topic",
                                                         "examples")}
    for key in ("pattern", "if", "then"):
        if isinstance(params.get(key), str):
            try:
                re.compile(params[key])
            except re.error as err:
                raise RulePackError(f"{where}: rule {rid!r}: bad regular expression in {key!r}: {err}") from None
    return Rule(
        id=rid,
        kind=raw["kind"],
        finding=raw["finding"],
        level=raw["level"],
        message=raw["message"],
        suggestion=raw.get("suggestion", ""),
        why=raw.get("why", ""),
        audiences=tuple(raw.get("audiences", ())),
        topic=raw.get("topic", ""),
        params=params,
        examples_fire=tuple(examples.get("fire", ())),
        examples_pass=tuple(examples.get("pass", ())),
        source=str(file),
    )


def load_pack(folder: str | Path) -> RulePack:
    """Load every *.toml in a pack folder (sorted), with pack.toml giving name and version."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RulePackError(f"{folder}: rule pack folder not found")
    name, version = folder.name, "1"
    rules: list[Rule] = []
    seen: set[str] = set()
    for file in sorted(folder.glob("*.toml")):
        text = file.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise RulePackError(f"{file}: {err}") from None
        if file.name == "pack.toml":
            name, version = str(data.get("name", name)), str(data.get("version", version))
            continue
        for raw in data.get("rule", []):
            rule = _parse_rule(raw, file, text)
            if rule.id in seen:
                raise RulePackError(f"{file}:{_line_of(text, rule.id)}: rule {rule.id!r} is defined twice")
            seen.add(rule.id)
            rules.append(rule)
    return RulePack(name, version, tuple(rules))


def default_pack() -> RulePack:
    return load_pack(resources.path("rules", "default"))


def load_pack_chain(user_packs: list[str | Path]) -> RulePack:
    """The default pack plus user packs in order (simple version: later packs add rules)."""
    pack = default_pack()
    rules = list(pack.rules)
    for folder in user_packs:
        extra = load_pack(folder)
        rules.extend(extra.rules)
    return RulePack(pack.name, pack.version, tuple(rules))
