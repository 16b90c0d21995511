"""Rule packs: folders of TOML files (and plain phrase lists), loaded and validated into Rule objects.

A pack folder holds `pack.toml` (name, version), any number of `*.toml` files with `[[rule]]`, `[[override]]`
and `[[context]]` tables, and optional `*.txt` phrase lists (one banned phrase per line, each file becoming an
existence rule). Every mistake is reported as `file:line: what is wrong` through RulePackError.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import resources
from checks.kinds import KINDS
from checks.model import FINDING_KINDS, SEVERITIES
from checks.regex_guard import risky_regex
from checks.user_dirs import rule_packs_dir
from checks.user_regex import compile_pattern
from extractors.errors import UpfrontError

RULE_KINDS = tuple(KINDS)
SCOPES = ("sentence", "clause", "document")
COMMON = ("id", "kind", "finding", "level", "message", "suggestion", "why", "audiences", "topic", "scope", "skip",
          "unless", "when", "anchors", "enabled", "examples", "applies_to", "skip_families")
OVERRIDABLE = ("level", "enabled", "message", "suggestion", "why", "audiences", "applies_to", "skip_families")
TABLES = ("rule", "override", "context")  # each must be an array of tables: [[rule]], never [rule]


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
    scope: str = "sentence"
    skip: tuple[str, ...] = ()  # names of contexts in which the rule stays silent
    unless: str = ""  # regex: stay silent when the sentence (or clause, by scope) matches
    when: str = ""  # regex: speak only when the sentence (or clause, by scope) matches
    anchors: tuple[str, ...] = ()  # words ('effort*' = any word beginning so) every match contains: a speed-up
    enabled: bool = True
    # the statement frame a finding's sentence must have (extractors.statements): empty = any
    actors: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    skip_families: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        """The rule has a judgement to lift: a frame, contexts, or an unless / when pattern."""
        return bool(self.actors or self.stances or self.skip_families or self.skip or self.unless or self.when)


@dataclass(frozen=True)
class Context:
    """A named situation in which wording rules stay silent (force majeure, customer duties, …)."""

    name: str
    pattern: str = ""  # searched in the sentence
    heading: str = ""  # searched in the heading of the clause the sentence sits in
    source: str = ""


@dataclass(frozen=True)
class RulePack:
    name: str
    version: str
    rules: tuple[Rule, ...]
    contexts: tuple[Context, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def active(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


# -- locating lines in TOML (tomllib gives values, not positions) -------------------------------------------


class _Lines:
    """Line numbers of `[[table]]` headers and keys in one TOML file, for error messages."""

    def __init__(self, file: Path, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {}
        for n, line in enumerate(self.lines, 1):
            m = re.match(r"\s*\[\[\s*([\w.-]+)\s*\]\]", line)
            if m:
                self.headers.setdefault(m.group(1), []).append(n)

    def at(self, table: str, index: int, key: str = "") -> str:
        starts = self.headers.get(table, [])
        start = starts[index] if index < len(starts) else 1
        if key:
            root = key.split(".")[0]
            for n in range(start, len(self.lines) + 1):
                line = self.lines[n - 1]
                if n > start and re.match(r"\s*\[", line):
                    break
                if re.match(r"\s*" + re.escape(root) + r"\s*[.=]", line):
                    return f"{self.file}:{n}"
        return f"{self.file}:{start}"

    def top(self, name: str) -> str:
        """Where a top-level name first appears: `[name]`, `[name.x]`, `[[name]]` or `name = …`."""
        pattern = r"\s*(?:\[\[?\s*" + re.escape(name) + r"\s*[\].]|" + re.escape(name) + r"\s*[.=])"
        for n, line in enumerate(self.lines, 1):
            if re.match(pattern, line):
                return f"{self.file}:{n}"
        return f"{self.file}:1"


# -- validation ---------------------------------------------------------------------------------------------


def _str_list(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulePackError(f"{where}: {what} must be a list of strings")
    return tuple(value)


def _audiences(value: Any, where: str, what: str) -> tuple[str, ...]:
    """Readers a rule speaks to: a list of known audience names (a lone name is taken as a list of one)."""
    audiences = _str_list(value, where, f"{what} 'audiences'")
    for a in audiences:
        if a not in resources.AUDIENCES:
            raise RulePackError(f"{where}: {what}: unknown audience {a!r} (one of {', '.join(resources.AUDIENCES)})")
    return audiences


def _tables(data: dict[str, Any], lines: _Lines, name: str) -> list[dict[str, Any]]:
    """The `[[name]]` tables of one file; `[name]` (one table) or `name = …` is refused with its line."""
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RulePackError(f"{lines.top(name)}: {name!r} must be written [[{name}]] (double brackets, one per "
                            f"{name}), not [{name}] or {name} = …")
    return value


def check_regex(pattern: Any, where: str, what: str) -> str:
    """Compile-check a pack regex and refuse shapes that can hang the app."""
    if not isinstance(pattern, str) or not pattern:
        raise RulePackError(f"{where}: {what} must be a non-empty string (a regular expression)")
    try:
        re.compile(pattern)
        compile_pattern(pattern)  # valid for the regex package too (checks.user_regex: searches with a timeout)
    except re.error as err:
        raise RulePackError(f"{where}: bad regular expression in {what}: {err}") from None
    why = risky_regex(pattern)
    if why:
        raise RulePackError(f"{where}: regular expression in {what} is unsafe: {why}")
    return pattern


def _parse_rule(raw: dict[str, Any], lines: _Lines, index: int, known_contexts: set[str]) -> Rule:
    rid = raw.get("id")
    head = lines.at("rule", index)
    if not isinstance(rid, str) or not re.fullmatch(r"[A-Za-z][\w.-]*", rid):
        raise RulePackError(f"{head}: every rule needs an id such as \"Company.Banned\" (letters, digits, dots)")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RulePackError(f"{lines.at('rule', index, 'kind')}: rule {rid!r}: unknown kind {kind!r} "
                            f"(one of {', '.join(RULE_KINDS)})")
    module = KINDS[kind]
    finding = raw.get("finding", module.FINDING)
    if finding is None:
        raise RulePackError(f"{head}: rule {rid!r} of kind {kind!r} needs 'finding' (one of "
                            f"{', '.join(FINDING_KINDS)})")
    if finding not in FINDING_KINDS:
        raise RulePackError(f"{lines.at('rule', index, 'finding')}: rule {rid!r}: finding must be one of "
                            f"{', '.join(FINDING_KINDS)}, not {finding!r}")
    level = raw.get("level", "warning")
    if level not in SEVERITIES:
        raise RulePackError(f"{lines.at('rule', index, 'level')}: rule {rid!r}: level must be one of "
                            f"{', '.join(SEVERITIES)}, not {level!r}")
    if not isinstance(raw.get("message"), str) or not raw["message"].strip():
        raise RulePackError(f"{head}: rule {rid!r} has no 'message'")
    scope = raw.get("scope", module.SCOPE)
    if scope not in SCOPES:
        raise RulePackError(f"{lines.at('rule', index, 'scope')}: rule {rid!r}: scope must be one of "
                            f"{', '.join(SCOPES)}")
    for key in raw:
        if key not in COMMON and key not in module.REQUIRED and key not in module.OPTIONAL:
            allowed = ", ".join((*module.REQUIRED, *module.OPTIONAL))
            raise RulePackError(f"{lines.at('rule', index, key)}: rule {rid!r}: unknown key {key!r} for kind "
                                f"{kind!r} (its own keys: {allowed})")
    for key in module.REQUIRED:
        if key not in raw:
            raise RulePackError(f"{head}: rule {rid!r} of kind {kind!r} needs {key!r}")
    params = {k: v for k, v in raw.items() if k not in COMMON}
    for key in module.REGEXES:
        if key in params:
            check_regex(params[key], lines.at("rule", index, key), f"rule {rid!r} {key!r}")
    unless, when = raw.get("unless", ""), raw.get("when", "")
    if unless:
        check_regex(unless, lines.at("rule", index, "unless"), f"rule {rid!r} 'unless'")
    if when:
        check_regex(when, lines.at("rule", index, "when"), f"rule {rid!r} 'when'")
    try:
        params = module.validate(params)
    except ValueError as err:
        raise RulePackError(f"{head}: rule {rid!r}: {err}") from None
    anchors = tuple(a.lower() for a in _str_list(raw.get("anchors", []), lines.at("rule", index, "anchors"),
                                                  f"rule {rid!r} 'anchors'"))
    for a in anchors:
        if not re.fullmatch(r"\w+\*?", a):
            raise RulePackError(f"{lines.at('rule', index, 'anchors')}: rule {rid!r}: anchor {a!r} must be one word "
                                "(letters or digits, no spaces), with a final * to match any word it begins")
    skip = _str_list(raw.get("skip", []), lines.at("rule", index, "skip"), f"rule {rid!r} 'skip'")
    for name in skip:
        if name not in known_contexts:
            raise RulePackError(f"{lines.at('rule', index, 'skip')}: rule {rid!r}: unknown context {name!r} "
                                f"(known: {', '.join(sorted(known_contexts))})")
    examples = raw.get("examples", {})
    if not isinstance(examples, dict):
        raise RulePackError(f"{lines.at('rule', index, 'examples')}: rule {rid!r}: examples must be a table "
                            "with 'fire' and 'pass' lists")
    audiences = _audiences(raw.get("audiences", []), lines.at("rule", index, "audiences"), f"rule {rid!r}")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RulePackError(f"{lines.at('rule', index, 'enabled')}: rule {rid!r}: enabled must be true or false")
    frame = _frame(raw, lines.at("rule", index, "applies_to"), lines.at("rule", index, "skip_families"),
                   f"rule {rid!r}", finding)
    return Rule(
        id=rid, kind=kind, finding=finding, level=level, message=raw["message"].strip(),
        suggestion=str(raw.get("suggestion", "")).strip(), why=str(raw.get("why", "")).strip(),
        audiences=audiences, topic=str(raw.get("topic", "")), params=params,
        examples_fire=_str_list(examples.get("fire", []), lines.at("rule", index, "examples"), "examples.fire"),
        examples_pass=_str_list(examples.get("pass", []), lines.at("rule", index, "examples"), "examples.pass"),
        source=str(lines.file), scope=scope, skip=skip, unless=unless, when=when, anchors=anchors,
        enabled=enabled, **frame,
    )


NEVER = r"(?!)"  # a regex that matches nothing: what a lifted requirement becomes


def lifted(rule: Rule) -> Rule:
    """The rule with its judgement lifted: no statement frame, no contexts, no unless / when, and its kind's own
    test switched off (``lift`` of checks/kinds/<kind>.py): what it would flag on its trigger alone. Every pass
    example of a rule must fire lifted (tests/test_rules_examples.py), so each one tests the judgement."""
    module = KINDS[rule.kind]
    lift = getattr(module, "lift", None)
    params = lift(rule.params) if lift is not None else rule.params
    return replace(rule, actors=(), stances=(), skip_families=(), skip=(), unless="", when="", params=params)


def frame_defaults() -> dict[str, Any]:
    """The statement frame of a wording rule that names none (resources/rules/frame.toml)."""
    return resources.load_toml("rules", "frame.toml")


def _families(value: Any, where: str, what: str) -> tuple[str, ...]:
    """Family names, with "boilerplate" standing for every boilerplate family of resources/extract/families.toml."""
    from extractors.families import boilerplate, names

    out: list[str] = []
    for name in _str_list(value, where, what):
        if name == "boilerplate":
            out.extend(sorted(boilerplate()))
        elif name in names():
            out.append(name)
        else:
            raise RulePackError(f"{where}: {what}: unknown family {name!r} (one of boilerplate, {', '.join(names())})")
    return tuple(dict.fromkeys(out))


def _frame(raw: dict[str, Any], where_applies: str, where_skip: str, what: str, finding: str) -> dict[str, Any]:
    """actors / stances / skip_families of a rule: its own `applies_to` and `skip_families`, else for a wording
    rule the defaults of resources/rules/frame.toml, so that one judgement decides for every rule."""
    from checks.model import WORDING_KINDS
    from extractors.model import ACTORS, STANCES

    defaults = frame_defaults().get("wording", {}) if finding in WORDING_KINDS else {}
    applies = raw.get("applies_to", defaults.get("applies_to", {}))
    if not isinstance(applies, dict) or set(applies) - {"actor", "stance"}:
        raise RulePackError(f"{where_applies}: {what}: applies_to must be a table with 'actor' and/or 'stance' "
                            "lists, e.g. applies_to = {actor = [\"provider\"], stance = [\"commitment\"]}")
    actors = _str_list(applies.get("actor", []), where_applies, f"{what} applies_to.actor")
    stances = _str_list(applies.get("stance", []), where_applies, f"{what} applies_to.stance")
    for value, known, label in ((actors, ACTORS, "actor"), (stances, STANCES, "stance")):
        bad = [v for v in value if v not in known]
        if bad:
            raise RulePackError(f"{where_applies}: {what}: unknown {label} {bad[0]!r} (one of {', '.join(known)})")
    skip = _families(raw.get("skip_families", defaults.get("skip_families", [])), where_skip,
                     f"{what} skip_families")
    return {"actors": actors, "stances": stances, "skip_families": skip}


def _parse_context(raw: dict[str, Any], lines: _Lines, index: int) -> Context:
    where = lines.at("context", index)
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise RulePackError(f"{where}: every [[context]] needs a name")
    unknown = set(raw) - {"name", "pattern", "heading", "description"}
    if unknown:
        raise RulePackError(f"{where}: context {name!r}: unknown key {sorted(unknown)[0]!r}")
    pattern = raw.get("pattern", "")
    heading = raw.get("heading", "")
    if not pattern and not heading:
        raise RulePackError(f"{where}: context {name!r} needs a 'pattern' or a 'heading'")
    if pattern:
        check_regex(pattern, lines.at("context", index, "pattern"), f"context {name!r} 'pattern'")
    if heading:
        check_regex(heading, lines.at("context", index, "heading"), f"context {name!r} 'heading'")
    return Context(name, pattern, heading, str(lines.file))


def _phrase_list_rule(file: Path, pack_name: str) -> Rule:
    """A plain phrase list (one phrase per line, '#' comments) becomes an existence rule of overpromise kind."""
    phrases: list[str] = []
    level = "error"
    for n, line in enumerate(_read_text(file).splitlines(), 1):
        text = line.strip()
        m = re.match(r"#\s*level\s*[:=]\s*(\w+)", text)
        if m:
            level = m.group(1)
            if level not in SEVERITIES:
                raise RulePackError(f"{file}:{n}: level must be one of {', '.join(SEVERITIES)}")
            continue
        if not text or text.startswith("#"):
            continue
        if not re.search(r"\w", text):
            raise RulePackError(f"{file}:{n}: a phrase needs at least one letter or digit")
        phrases.append(text)
    if not phrases:
        raise RulePackError(f"{file}:1: the phrase list is empty")
    stem = re.sub(r"\W+", "", file.stem.title()) or "Phrases"
    rid = f"{re.sub(r'[^A-Za-z0-9]+', '', pack_name.title()) or 'User'}.{stem}"
    return Rule(
        id=rid, kind="existence", finding="overpromise", level=level,
        message=f"'%s' is on the list of promises {pack_name} does not make.",
        why="Your company has decided not to make this promise; a customer would hold you to it.",
        suggestion="Remove it, or replace it with what you can commit to, with its limits.",
        params=KINDS["existence"].validate({"phrases": phrases, "fuzzy": False}),
        examples_fire=(phrases[0],), source=str(file),
    )


def _read_text(file: Path) -> str:
    """A pack file's text; a file that is not UTF-8 is named with the line of its first bad byte."""
    try:
        data = file.read_bytes()
    except OSError as err:
        raise RulePackError(f"{file}:1: cannot read ({err.strerror or err})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise RulePackError(f"{file}:{line}: not UTF-8 text (byte {data[err.start]:#04x}); save the file as UTF-8"
                            ) from None


def _read_toml(file: Path) -> tuple[dict[str, Any], _Lines]:
    text = _read_text(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+), column \d+\)", str(err))
        line = m.group(1) if m else "1"
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err)) or "invalid TOML"
        raise RulePackError(f"{file}:{line}: {msg}") from None
    return data, _Lines(file, text)


def load_pack(folder: str | Path, base: RulePack | None = None) -> RulePack:
    """Load one pack folder on top of `base` (earlier packs): its rules are added, its overrides applied.

    `load_pack(folder)` alone validates a pack by itself (overrides of unknown ids are then errors)."""
    folder = Path(folder)
    if folder.is_file():
        raise RulePackError(f"{folder}: a rule pack is a folder holding *.toml files, not a file")
    if not folder.is_dir():
        raise RulePackError(f"{folder}: rule pack folder not found")
    name, version = folder.name, "1"
    meta = folder / "pack.toml"
    if meta.is_file():
        data, _ = _read_toml(meta)
        name, version = str(data.get("name", name)), str(data.get("version", version))
    rules: list[Rule] = list(base.rules) if base else []
    contexts: dict[str, Context] = {c.name: c for c in base.contexts} if base else {}
    files = sorted(p for p in folder.glob("*.toml") if p.name != "pack.toml")
    parsed = [(f, *_read_toml(f)) for f in files]
    for _file, data, lines in parsed:
        for table in TABLES:
            _tables(data, lines, table)  # shape first, so every loop below sees lists of tables
    for _file, data, lines in parsed:  # contexts first, so any file's rules may name them
        for i, raw in enumerate(data.get("context", [])):
            ctx = _parse_context(raw, lines, i)
            contexts[ctx.name] = ctx
    ids = {r.id: i for i, r in enumerate(rules)}
    for _file, data, lines in parsed:
        unknown = set(data) - {"rule", "override", "context"}
        if unknown:
            key = sorted(unknown)[0]
            raise RulePackError(f"{lines.at('', 0, key)}: unknown table {key!r} (use [[rule]], [[override]] or "
                                "[[context]])")
        for i, raw in enumerate(data.get("rule", [])):
            rule = _parse_rule(raw, lines, i, set(contexts))
            if rule.id in ids:
                raise RulePackError(f"{lines.at('rule', i, 'id')}: rule {rule.id!r} is already defined in "
                                    f"{rules[ids[rule.id]].source}; use [[override]] to change it")
            ids[rule.id] = len(rules)
            rules.append(rule)
    for file in sorted(folder.glob("*.txt")):
        rule = _phrase_list_rule(file, name)
        if rule.id in ids:
            raise RulePackError(f"{file}:1: rule {rule.id!r} is already defined in {rules[ids[rule.id]].source}")
        ids[rule.id] = len(rules)
        rules.append(rule)
    for _file, data, lines in parsed:
        for i, raw in enumerate(data.get("override", [])):
            _apply_override(raw, lines, i, rules, ids)
    sources = (*(base.sources if base else ()), str(folder))
    if base:
        name, version = base.name, base.version
    return RulePack(name, version, tuple(rules), tuple(contexts.values()), sources)


def _apply_override(raw: dict[str, Any], lines: _Lines, index: int, rules: list[Rule], ids: dict[str, int]) -> None:
    rid = raw.get("id")
    where = lines.at("override", index)
    if not isinstance(rid, str):
        raise RulePackError(f"{lines.at('override', index, 'id')}: [[override]] needs an id: the rule's id as a "
                            "string, such as \"Vague.Timing\"")
    if rid not in ids:
        raise RulePackError(f"{where}: [[override]] names unknown rule {rid!r}")
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "id":
            continue
        if key not in OVERRIDABLE:
            raise RulePackError(f"{lines.at('override', index, key)}: [[override]] of {rid!r} cannot change {key!r} "
                                f"(only {', '.join(OVERRIDABLE)})")
        if key == "level" and value not in SEVERITIES:
            raise RulePackError(f"{lines.at('override', index, key)}: level must be one of {', '.join(SEVERITIES)}")
        if key == "enabled" and not isinstance(value, bool):
            raise RulePackError(f"{lines.at('override', index, key)}: enabled must be true or false")
        if key in ("message", "suggestion", "why") and not isinstance(value, str):
            raise RulePackError(f"{lines.at('override', index, key)}: {key} must be a string")
        if key == "message" and not value.strip():
            raise RulePackError(f"{lines.at('override', index, key)}: message must not be empty")
        if key in ("applies_to", "skip_families"):
            frame = _frame({key: value}, lines.at("override", index, key), lines.at("override", index, key),
                           f"[[override]] of {rid!r}", "")
            changes.update({k: v for k, v in frame.items() if k in (
                ("actors", "stances") if key == "applies_to" else ("skip_families",))})
            continue
        if key == "audiences":
            value = _audiences(value, lines.at("override", index, key), f"[[override]] of {rid!r}")
        elif isinstance(value, str):
            value = value.strip()
        changes[key] = value
    i = ids[rid]
    rules[i] = replace(rules[i], **changes, source=f"{rules[i].source} (changed by {lines.file})")


def disable_rules(pack: RulePack, rule_ids: list[str] | tuple[str, ...]) -> RulePack:
    """The pack with these rules switched off (--disable); an unknown id is an error, not silently ignored."""
    known = {r.id for r in pack.rules}
    for rid in rule_ids:
        if rid not in known:
            close = [k for k in sorted(known) if k.lower().startswith(rid.lower().split(".")[0])][:5]
            hint = f" (did you mean {', '.join(close)}?)" if close else " (see `upfront rules`)"
            raise RulePackError(f"--disable: no rule {rid!r}{hint}")
    off = set(rule_ids)
    return replace(pack, rules=tuple(replace(r, enabled=False) if r.id in off else r for r in pack.rules))


def default_pack() -> RulePack:
    return _default_cached()


_DEFAULT: list[RulePack] = []


def _default_cached() -> RulePack:
    if not _DEFAULT:
        _DEFAULT.append(load_pack(resources.path("rules", "default")))
    return _DEFAULT[0]


def user_pack_folders() -> list[Path]:
    """Pack folders in the user's config folder (UPFRONT_CONFIG_DIR honoured): <config>/rules/*/, by name."""
    root = rule_packs_dir()
    return sorted(p for p in root.glob("*") if p.is_dir()) if root.is_dir() else []


def load_pack_chain(user_packs: list[str | Path] | None = None, include_config: bool = True) -> RulePack:
    """The default pack, then the packs in the user's config folder, then `user_packs` (e.g. --rules PATH)."""
    pack = default_pack()
    for p in user_packs or []:
        if Path(p).is_file():
            raise RulePackError(f"{p}: --rules takes a folder holding *.toml files")
    folders = [*(user_pack_folders() if include_config else []), *(Path(p) for p in user_packs or [])]
    for folder in folders:
        pack = load_pack(folder, base=pack)
    return pack
