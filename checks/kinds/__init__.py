"""Rule kinds: one small module per kind, each deciding where its rule is broken.

Every kind module exposes FINDING (default finding kind or None), SCOPE (default scope), REQUIRED, OPTIONAL and
REGEXES (parameter names), `validate(params) -> params` (raises ValueError with a plain message) and
`run(rule, scan) -> list[Finding]`.
"""

from __future__ import annotations

from types import ModuleType

from checks.kinds import (
    conditional,
    consistency,
    disclosure,
    existence,
    pattern,
    qualifier,
    substitution,
    undefined_term,
)

KINDS: dict[str, ModuleType] = {
    "existence": existence,
    "substitution": substitution,
    "pattern": pattern,
    "conditional": conditional,
    "consistency": consistency,
    "disclosure": disclosure,
    "qualifier": qualifier,
    "undefined_term": undefined_term,
}
