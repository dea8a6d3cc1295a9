"""The edit state of the later layouts' named rules: drafts, deletions, live findings.

The services era's drafts are in `service_session.py`; a repo of the later layouts (spec 5)
has rules instead of services, and this mixin gives the session the same verbs for them: what a
rule is now, an edit (one rule rebuilt and re-validated with `ztui.workspace.rule_findings`),
undo and redo, a new rule, and a deletion that stays visible (struck in the tree) and is one
more undo step until the next save removes the file or the list item. The bookkeeping of
drafts and live findings by (team, name) is `DraftBook`, shared with the services.
"""

from __future__ import annotations

import dataclasses

from ztui.model import Finding, Location, RepoModel, Rule, RuleType, Team
from ztui.repo.build_rules import build_rule
from ztui.repo.ops import same_data
from ztui.repo.store import RuleEdit
from ztui.rule_edits import rule_base
from ztui.ui.draft_book import DraftBook, severity_counts
from ztui.ui.drafts import History, Raw, RuleDraft, RuleStep, blocking_line, name_problem
from ztui.workspace import rule_findings

#: Where a finding belongs: (team, service, rule); a team's own findings have neither.
FindingKey = tuple[str | None, str | None, str | None]


class RuleDrafts:
    """The rule half of `Session` (it supplies the model, the read and repo findings)."""

    model: RepoModel
    _read: dict[FindingKey, list[Finding]]
    _repo: dict[FindingKey, list[Finding]]
    _rules: DraftBook[RuleDraft]

    def _model_for_checks(self, team_id: str) -> RepoModel:
        """The model with the team as drafted (Session)."""
        raise NotImplementedError

    # -- what is shown -------------------------------------------------------------------

    def rule_names(self, team_id: str, kind: RuleType | None = None) -> list[str]:
        """The team's rules in file order, then those added in this session (deleted ones
        too: they stay listed until saved); only rules of `kind` when it is given."""
        team = self.model.teams.get(team_id)
        names = [r.name for r in team.rules] if team else []
        names += [d.name for d in self._rules if d.team == team_id and d.name not in names]
        if kind is None:
            return names
        return [n for n in names if (rule := self.rule(team_id, n)) and rule_kind(rule) is kind]

    def rule(self, team_id: str, name: str) -> Rule | None:
        """The rule as edited (or as read when it has no draft)."""
        draft = self._rules.get(team_id, name)
        if draft is not None:
            return draft.rule
        team = self.model.teams.get(team_id)
        return team.rule(name) if team else None

    def rule_raw(self, team_id: str, name: str) -> Raw:
        rule = self.rule(team_id, name)
        return rule.raw if rule else {}

    def live_rules(self, team_id: str) -> list[Rule]:
        """The team's rules as they would be saved now: drafted, without the deleted ones."""
        return [
            rule for name in self.rule_names(team_id)
            if not self.is_rule_deleted(team_id, name) and (rule := self.rule(team_id, name))
        ]

    def rule_findings_of(self, team_id: str, name: str) -> list[Finding]:
        """Every current finding about one rule (none while it is deleted)."""
        if self.is_rule_deleted(team_id, name):
            return []
        key: FindingKey = (team_id, None, name)
        return self._rules.findings(team_id, name, self._read.get(key, []),
                                    self._repo.get(key, []))

    def rule_counts(self, team_id: str, name: str) -> tuple[int, int]:
        """(errors, warnings) of one rule."""
        return severity_counts(self.rule_findings_of(team_id, name))

    def rule_form_errors(self, team_id: str, name: str) -> dict[str, str]:
        return self._rules.form_errors(team_id, name)

    def forget_rule_form_text(self, team_id: str, name: str) -> None:
        """The form was loaded from the raw data again: text that did not parse is gone."""
        self._rules.forget_form_text(team_id, name)

    def is_rule_dirty(self, team_id: str, name: str) -> bool:
        return self._rules.is_dirty(team_id, name)

    def is_rule_new(self, team_id: str, name: str) -> bool:
        return self._rules.is_new(team_id, name)

    def is_rule_deleted(self, team_id: str, name: str) -> bool:
        draft = self._rules.get(team_id, name)
        return draft is not None and draft.deleted

    # -- edits ---------------------------------------------------------------------------

    def _rule_draft(self, team_id: str, name: str) -> RuleDraft:
        draft = self._rules.get(team_id, name)
        if draft is None:
            rule = self.rule(team_id, name)
            if rule is None:
                raise KeyError(f"no rule {team_id}/{name}")
            draft = RuleDraft(team_id, name, rule.raw, History([RuleStep(rule.raw)]), rule)
            self._rules.add(draft)
        return draft

    def _rebuild_rule(self, draft: RuleDraft) -> Rule:
        base = draft.rule
        draft.rule = build_rule(
            draft.team, draft.raw, base=base.base, name=draft.name, marks=base.marks,
            location=base.location, file=base.file,
        )
        self.check_rule(draft)
        return draft.rule

    def check_rule(self, draft: RuleDraft) -> None:
        """Re-validate one drafted rule against its team as drafted."""
        if draft.deleted:
            draft.findings = []
        else:
            draft.findings = rule_findings(self._model_for_checks(draft.team), draft.rule)
        self._rules.live[(draft.team, draft.name)] = draft.findings

    def recheck_rules(self, team_id: str) -> None:
        """The team changed (a switch, a rule added or deleted): re-check all its rules."""
        for name in self.rule_names(team_id):
            draft = self._rules.get(team_id, name)
            rule = self.rule(team_id, name)
            if draft is not None:
                self.check_rule(draft)
            elif rule is not None:
                found = rule_findings(self._model_for_checks(team_id), rule)
                self._rules.live[(team_id, name)] = found

    def edit_rule(
        self,
        team_id: str,
        name: str,
        raw: Raw,
        field_key: str | None = None,
        form_errors: dict[str, str] | None = None,
    ) -> Rule:
        """Record an edit: the rule's new raw data, rebuilt and re-validated (it alone)."""
        draft = self._rule_draft(team_id, name)
        draft.form_errors = dict(form_errors or {})
        if draft.deleted or same_data(raw, draft.raw):
            return draft.rule
        draft.history.push(RuleStep(raw), field_key)
        return self._rebuild_rule(draft)

    def delete_rule(self, team_id: str, name: str) -> None:
        """Mark the rule deleted: it goes from its file on the next save, or undo brings it
        back. A rule added in this session and deleted again writes nothing."""
        draft = self._rule_draft(team_id, name)
        if draft.deleted:
            return
        draft.history.push(RuleStep(draft.raw, deleted=True), None)
        draft.form_errors = {}
        self.check_rule(draft)
        self.recheck_rules(team_id)

    def step_rule(self, team_id: str, name: str, *, forward: bool) -> bool:
        """Undo (or redo) the rule's last step, a deletion included; False at the end."""
        draft = self._rules.get(team_id, name)
        if draft is None:
            return False
        was_deleted = draft.deleted
        step = draft.history.redo() if forward else draft.history.undo()
        if step is None:
            return False
        draft.form_errors = {}
        self._rebuild_rule(draft)
        if draft.deleted != was_deleted:
            self.recheck_rules(team_id)
        return True

    def rule_name_problem(self, team_id: str, name: str) -> str | None:
        """Why `name` cannot be a new rule of the team, or None when it can."""
        return name_problem("rule", name, self.rule_names(team_id), team_id)

    def add_rule(self, team_id: str, name: str, raw: Raw) -> Rule:
        """A new rule of the team (`raw` as `ztui.rule_edits` makes it), unsaved until saved."""
        team = self.model.teams[team_id]
        file = new_rule_file(team, name)
        location = Location(file, 1, 1) if file else None
        rule = build_rule(team_id, raw, base=rule_base(self.model.layout), name=name,
                          location=location, file=file)
        draft = RuleDraft(team_id, name, None, History([RuleStep(raw)]), rule)
        self._rules.add(draft)
        self.check_rule(draft)
        self.recheck_rules(team_id)
        return draft.rule

    # -- saving --------------------------------------------------------------------------

    def rule_blocking(self) -> list[str]:
        """Why saving must wait, one line per rule to be written that has errors."""
        return [
            line for draft in self._rules
            if not draft.deleted and (draft.dirty or draft.form_errors)
            and (line := blocking_line(
                f"{draft.team}/{draft.name}", draft.form_errors,
                self.rule_findings_of(draft.team, draft.name),
            ))
        ]

    def rule_edits(self) -> list[RuleEdit]:
        """Every unsaved rule edit, as the store takes them."""
        return [
            RuleEdit(d.team, d.name, d.raw, create=d.original is None,
                     delete=d.deleted and d.original is not None)
            for d in self._rules.dirty()
        ]

    def rule_saved(self, edit: RuleEdit) -> None:
        """The store wrote `edit`: a deleted rule is gone, an edited one matches its file."""
        draft = self._rules.get(edit.team, edit.name)
        if edit.delete:
            self._rules.drop((edit.team, edit.name))
            team = self.model.teams.get(edit.team)
            if team is not None:
                rules = [r for r in team.rules if r.name != edit.name]
                self.model.teams[edit.team] = dataclasses.replace(team, rules=rules)
        elif draft is not None:
            draft.original = edit.raw

    def replace_rules(self, team: Team) -> None:
        """The team was read again: drop drafts that match their files, rebuild the others."""
        self._rules.reread(team.id, team.rule, self._reread_rule)

    def _reread_rule(self, draft: RuleDraft, read: Rule) -> None:
        draft.rule = read
        self._rebuild_rule(draft)


def new_rule_file(team: Team, name: str) -> str | None:
    """The file a new rule goes to: its own file in the rules folder, or the netpols file."""
    if team.rules_file is None:
        return None
    if team.rules_file.endswith((".yaml", ".yml")):
        return team.rules_file
    return f"{team.rules_file}/{name}.yaml"


def rule_kind(rule: Rule) -> RuleType:
    """Inbound or outbound, for the tree (a rule without a usable type is listed as inbound,
    where its finding says what is wrong)."""
    return rule.type or RuleType.INGRESS
