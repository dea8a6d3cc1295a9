"""Validation: JSON Schemas per dialect (data files here) and the semantic checks, as findings.

Why a package of its own: the same checks run on a keystroke in the TUI, in `ztui validate`
and before `ztui edit` writes, so they take the domain model and give `Finding`s, and never
know about files or a terminal.

- `validate_service`, `validate_team`, `validate_repo`: the JSON Schema of the repo's dialect
  (errors ZT003, ZT101-ZT105, ZT107), each finding at the file position of its field.
- `validate_value`: one candidate field value, before the form applies it.
- `check_service`, `check_repo`: references, switches and duplicates across services
  (ZT106 and the ZT2xx warnings).
- `validate_rule`, `validate_rule_value`, `check_rules`, `check_rule`: the same for the named
  rules of the later layouts (spec 5; errors ZT003, ZT103-ZT105, ZT108-ZT111, warnings ZT203-
  ZT211), against their own schemas (`rule.json` and its wrappers).
- `domain_problem`, `is_domain`: the egress domain rule on its own (for the CLI's `--egress-add`).
"""

from ztui.schema.checks import check_repo, check_service
from ztui.schema.domain import domain_problem, entry_name, is_domain
from ztui.schema.rule_checks import check_rule, check_rules
from ztui.schema.validate import (
    validate_repo,
    validate_rule,
    validate_rule_value,
    validate_service,
    validate_team,
    validate_value,
)

__all__ = [
    "check_repo",
    "check_rule",
    "check_rules",
    "check_service",
    "domain_problem",
    "entry_name",
    "is_domain",
    "validate_repo",
    "validate_rule",
    "validate_rule_value",
    "validate_service",
    "validate_team",
    "validate_value",
]
