"""The edit state of an open repo: drafts with undo history, and findings kept up to date.

The main screen asks this object everything it shows about a service, rule or team (its
current raw mapping, the typed object built from it, its findings, whether it is unsaved) and
tells it every edit. It imports no textual, so the rules are the same whatever the screen looks
like.

Findings come from two places. The whole-repo validation (a worker, seconds on a big repo)
gives every finding once; an edit then re-validates just that service or rule and those live
findings replace its share of the whole-repo result. Read findings (syntax, duplicate keys)
stay until the file is saved and read again. This class holds the team switches, the findings
index and the verbs that span teams (saving, reading again); the services era's services have
their verbs in the `ServiceDrafts` mixin, the later layouts' named rules in `RuleDrafts`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ztui.edits import set_team_switch
from ztui.model import Finding, RepoModel, Team
from ztui.repo.ops import same_data
from ztui.repo.store import Edit, RuleEdit, TeamEdit
from ztui.ui.draft_book import DraftBook
from ztui.ui.drafts import (
    History,
    Raw,
    RuleDraft,
    ServiceDraft,
    TeamDraft,
    switch_value,
)
from ztui.ui.rule_session import FindingKey, RuleDrafts
from ztui.ui.service_session import ServiceDrafts


def _location_key(f: Finding) -> tuple[str, int, int, str]:
    loc = f.location
    return (loc.file, loc.line, loc.column, f.code) if loc else ("", 0, 0, f.code)


def _finding_key(f: Finding) -> FindingKey:
    return (f.team, f.service, f.rule)


class Session(ServiceDrafts, RuleDrafts):
    """The open repo as the UI sees it: the model as read, plus drafts and findings."""

    def __init__(self, model: RepoModel) -> None:
        self.model = model
        self._read: dict[FindingKey, list[Finding]] = defaultdict(list)
        self._repo: dict[FindingKey, list[Finding]] = defaultdict(list)
        self._services = DraftBook[ServiceDraft]()
        self._teams: dict[str, TeamDraft] = {}
        self._rules = DraftBook[RuleDraft]()
        self.validated = False
        self._index_read(model.findings)

    def _index_read(self, findings: list[Finding]) -> None:
        for f in findings:
            self._read[_finding_key(f)].append(f)

    @property
    def rule_based(self) -> bool:
        """Whether the repo keeps named rules (spec 5) instead of rules on services."""
        return self.model.layout.rule_based

    # -- what is shown -------------------------------------------------------------------

    def team(self, team_id: str) -> Team | None:
        """The team with its drafted switches (its service list is the model's)."""
        draft = self._teams.get(team_id)
        return draft.team if draft else self.model.teams.get(team_id)

    def team_ids(self) -> list[str]:
        return list(self.model.teams)

    def team_raw(self, team_id: str) -> Raw:
        draft = self._teams.get(team_id)
        if draft is not None:
            return draft.history.current
        team = self.model.teams.get(team_id)
        return team.raw if team else {}

    def team_view(self, team_id: str) -> Team | None:
        """The team as it would render now: drafted switches, services and rules."""
        team = self.team(team_id)
        if team is None:
            return None
        services = [s for name in self.service_names(team_id) if (s := self.service(team_id, name))]
        if not team.rule_based:
            return dataclasses.replace(team, services=services)
        return dataclasses.replace(team, services=services, rules=self.live_rules(team_id))

    def _findings_at(self, key: FindingKey) -> list[Finding]:
        team_id, service, rule = key
        if team_id is not None and rule is not None:
            return self.rule_findings_of(team_id, rule)
        return self.findings(team_id, service)

    def team_counts(self, team_id: str) -> tuple[int, int]:
        """(errors, warnings) of the team with all its services and rules."""
        errors, warnings = self.counts(team_id, None)
        for name in self.service_names(team_id):
            e, w = self.counts(team_id, name)
            errors, warnings = errors + e, warnings + w
        for name in self.rule_names(team_id):
            e, w = self.rule_counts(team_id, name)
            errors, warnings = errors + e, warnings + w
        return errors, warnings

    def all_findings(self) -> list[Finding]:
        """Every finding of the repo as it stands, sorted by file, line and column."""
        keys = set(self._read) | set(self._repo)
        keys |= {(t, s, None) for t, s in self._services.live}
        keys |= {(t, None, r) for t, r in self._rules.live}
        out = [f for key in keys for f in self._findings_at(key)]
        out.sort(key=_location_key)
        return out

    def is_dirty(self, team_id: str, name: str | None = None) -> bool:
        if name is None:
            draft = self._teams.get(team_id)
            return draft is not None and draft.dirty
        return self._services.is_dirty(team_id, name)

    @property
    def unsaved(self) -> int:
        """How many services, rules and teams differ from their files."""
        return (
            sum(1 for _ in self._services.dirty())
            + sum(d.dirty for d in self._teams.values())
            + sum(1 for _ in self._rules.dirty())
        )

    def unsaved_teams(self) -> set[str]:
        """Teams with any unsaved edit (their switches or any of their services or rules)."""
        teams = {d.team for d in self._services.dirty()}
        teams |= {d.team for d in self._rules.dirty()}
        return teams | {t for t, d in self._teams.items() if d.dirty}

    # -- edits ---------------------------------------------------------------------------

    def _model_for_checks(self, team_id: str) -> RepoModel:
        """The model with the edited team as drafted (switches and services) and the other
        teams' switches as drafted: microseconds, as only dicts and lists are copied."""
        teams = {**self.model.teams, **{t: d.team for t, d in self._teams.items()}}
        view = self.team_view(team_id)
        if view is not None:
            teams[team_id] = view
        return dataclasses.replace(self.model, teams=teams)

    def undo(self, team_id: str, name: str | None) -> bool:
        """Step the service (or, with `name` None, the team) back; False when at the start."""
        return self._step(team_id, name, forward=False)

    def redo(self, team_id: str, name: str | None) -> bool:
        return self._step(team_id, name, forward=True)

    def _step(self, team_id: str, name: str | None, *, forward: bool) -> bool:
        if name is not None:
            return self.step_service(team_id, name, forward=forward)
        team_draft = self._teams.get(team_id)
        if team_draft is None:
            return False
        raw = team_draft.history.redo() if forward else team_draft.history.undo()
        if raw is not None:
            self._apply_team(team_id, team_draft)
        return raw is not None

    def set_switch(self, team_id: str, switch: str, on: bool) -> Team:
        """Turn a team switch on or off; the team's services are re-checked against it."""
        draft = self._teams.get(team_id)
        if draft is None:
            team = self.model.teams[team_id]
            draft = TeamDraft(team.raw, History([team.raw]), team)
            self._teams[team_id] = draft
        raw = set_team_switch(draft.history.current, switch, on)
        if not same_data(raw, draft.history.current):
            draft.history.push(raw, None)
            self._apply_team(team_id, draft)
        return draft.team

    def _apply_team(self, team_id: str, draft: TeamDraft) -> None:
        raw = draft.history.current
        base = self.model.teams[team_id]
        draft.team = dataclasses.replace(
            base,
            raw=raw,
            ingress_private=switch_value(raw, "ingressPrivate", True),
            egress_public=switch_value(raw, "egressPublic", True),
        )
        self.recheck_services(team_id)
        if base.rule_based:
            self.recheck_rules(team_id)

    # -- saving --------------------------------------------------------------------------

    def blocking(self) -> list[str]:
        """Why saving must wait: one line per service or rule to be written that has errors,
        or whose form holds text that is not a value."""
        return self.service_blocking() + self.rule_blocking()

    def pending(self) -> list[Edit]:
        """Every unsaved edit, as the store takes them."""
        edits: list[Edit] = [
            TeamEdit(team_id, d.history.current) for team_id, d in self._teams.items() if d.dirty
        ]
        edits += self.service_edits()
        return edits + self.rule_edits()

    def saved(
        self, edits: list[Edit], hashes: dict[str, str | None]
    ) -> None:
        """The store wrote `edits`: what they hold is now what the files (`hashes`) hold (a
        file with the hash None was deleted)."""
        for rel, sha in hashes.items():
            if sha is None:
                self.model.hashes.pop(rel, None)
            else:
                self.model.hashes[rel] = sha
        for edit in edits:
            if isinstance(edit, TeamEdit):
                team_draft = self._teams.get(edit.team)
                if team_draft is not None:
                    team_draft.original = edit.raw
            elif isinstance(edit, RuleEdit):
                self.rule_saved(edit)
            else:
                self.service_saved(edit)

    def replace_teams(self, fresh: RepoModel, team_ids: list[str]) -> None:
        """Teams read again from disk (after a save or an external edit) replace the old ones.

        `fresh` is a model of just those teams and their files. A draft that matched its file
        (all of them after a save, unless the person typed on meanwhile) is dropped: the file is
        the truth now, even when an editor changed it. A draft with unsaved edits keeps its
        history and is rebuilt on the new marks, so findings point at the right lines.
        """
        teams = {t: fresh.teams[t] for t in team_ids if t in fresh.teams}
        self.model.teams = {**self.model.teams, **teams}
        self.model.hashes.update(fresh.hashes)
        for read_key in [k for k in self._read if k[0] in team_ids]:
            del self._read[read_key]
        self._index_read([f for f in fresh.findings if f.team in team_ids])
        for team_id, team in teams.items():
            team_draft = self._teams.get(team_id)
            if team_draft is not None and not team_draft.dirty:
                del self._teams[team_id]
            elif team_draft is not None:
                team_draft.original = team.raw
                self._apply_team(team_id, team_draft)
            self.replace_services(team)
            self.replace_rules(team)

    def set_repo_findings(self, findings: list[Finding]) -> None:
        """The whole-repo validation's result (without read findings, which are kept apart)."""
        self._repo = defaultdict(list)
        for f in findings:
            self._repo[_finding_key(f)].append(f)
        drafted = {t for t, d in self._teams.items() if d.dirty}
        self._services.keep_live(drafted)
        self._rules.keep_live(drafted)
        self.validated = True
