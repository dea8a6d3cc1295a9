"""A values repo opened for work: the model as read plus every finding about it.

The CLI verbs and the TUI both start here, so `ztui validate` and the TUI's Problems tab can never
disagree. Reading and schema validation are spread over both cores (see `_read_chunks`): the
measured budget for 10,000 services is 1.5x a bare `yaml.load` of the same files.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ztui.analysis.lint import lint_repo, lint_service
from ztui.analysis.rule_lint import lint_rule
from ztui.fanout import read_files, validate_split
from ztui.model import Finding, RepoModel, Rule, Service, Severity
from ztui.repo.loader import assemble, plan
from ztui.repo.yamlread import gc_paused
from ztui.schema.checks import check_repo, check_service
from ztui.schema.rule_checks import check_rule
from ztui.schema.validate import validate_rule, validate_service


@dataclass(slots=True)
class Workspace:
    """The repo model and its findings, sorted by file, line and column."""

    model: RepoModel
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def findings_of(
        self, team: str, service: str | None = None, *, rule: str | None = None
    ) -> list[Finding]:
        """Findings about one team (all of them), one of its services or one of its rules."""
        return [
            f for f in self.findings
            if f.team == team and (service is None or f.service == service)
            and (rule is None or f.rule == rule)
        ]


def _sort_key(f: Finding) -> tuple[str, int, int, str]:
    loc = f.location
    return (loc.file, loc.line, loc.column, f.code) if loc else ("", 0, 0, f.code)


def service_findings(model: RepoModel, service: Service) -> list[Finding]:
    """Everything `ztui validate` would say about `service` as it now stands in `model`.

    The TUI calls this on every keystroke and `ztui edit` before writing, so both refuse the
    same things with the same words.
    """
    return (
        validate_service(service, model.dialect)
        + check_service(service, model)
        + lint_service(service, model)
    )


def rule_findings(model: RepoModel, rule: Rule) -> list[Finding]:
    """Everything `ztui validate` would say about a later-layout `rule` as it now stands.

    The counterpart of `service_findings` for the rule forms and `ztui edit`: schema, checks and
    lint, notices excluded. A rule not yet in its team's list (one being created) is checked
    as if it were the team's last, so a name already taken is refused before it is written.
    """
    return validate_rule(rule) + check_rule(rule, model) + lint_rule(rule, model)


def validate_model(model: RepoModel, *, notices: bool = False) -> list[Finding]:
    """Schema, semantic and lint findings for every team and service of `model`.

    `notices` adds the info-level lint (AllowAll, wildcard egress): true of a repo by design
    more often than not, so only shown on request.
    """
    return validate_split(model, 0, lambda m: _semantic(m, notices))


def _semantic(model: RepoModel, notices: bool) -> list[Finding]:
    return check_repo(model) + lint_repo(model, notices=notices)


def open_workspace(
    root: str | Path, *, teams: Collection[str] | None = None, notices: bool = False
) -> Workspace:
    """Read and validate the repo at `root` (only `teams`' files when given).

    Raises `ztui.repo.layout.UnusableRepo` when `root` holds no recognisable values repo.
    """
    repo_plan = plan(root, teams=teams)
    with gc_paused():  # one walk of what was read and built, not one per file (see loader)
        reads = read_files(repo_plan.root, list(repo_plan.files))
        model = assemble(repo_plan, reads)
    size = sum(len(read.text) for read in reads)
    findings = list(model.findings) + validate_split(
        model, size, lambda m: _semantic(m, notices)
    )
    findings.sort(key=_sort_key)
    return Workspace(model, findings)
