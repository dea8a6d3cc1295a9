"""The edit state of the services era's services: drafts, live findings, what a save writes.

The session (`session.py`) holds the team switches, the findings index and the verbs that span
a whole team; this mixin gives it the service half, as `RuleDrafts` gives it the later
layouts' rules: what a service is now, an edit (one service rebuilt and re-validated with
`validate_service` + `check_service`, microseconds to a millisecond), undo and redo, a new
service, and the service share of saving and reading again. `check_service` judges a service
among its team's services by identity, so the live checks run against the session's view of
the model in which the edited team holds its drafts. The bookkeeping of drafts and live
findings by (team, name) is `DraftBook`, shared with the rules.
"""

from __future__ import annotations

from ztui.edits import new_service
from ztui.model import Finding, Location, RepoModel, Service, Team
from ztui.repo.build import build_service
from ztui.repo.ops import same_data
from ztui.repo.store import ServiceEdit
from ztui.ui.draft_book import DraftBook, severity_counts
from ztui.ui.drafts import History, Raw, ServiceDraft, blocking_line, name_problem
from ztui.ui.rule_session import FindingKey
from ztui.workspace import service_findings


class ServiceDrafts:
    """The service half of `Session` (it supplies the model, the read and repo findings)."""

    model: RepoModel
    _read: dict[FindingKey, list[Finding]]
    _repo: dict[FindingKey, list[Finding]]
    _services: DraftBook[ServiceDraft]

    def _model_for_checks(self, team_id: str) -> RepoModel:
        """The model with the team as drafted (Session)."""
        raise NotImplementedError

    # -- what is shown -------------------------------------------------------------------

    def service_names(self, team_id: str) -> list[str]:
        """The team's services in file order, then the ones added in this session."""
        team = self.model.teams.get(team_id)
        names = [s.name for s in team.services] if team else []
        names += [d.name for d in self._services if d.team == team_id and d.original is None]
        return names

    def service(self, team_id: str, name: str) -> Service | None:
        """The service as edited (or as read when it has no draft)."""
        draft = self._services.get(team_id, name)
        if draft is not None:
            return draft.service
        team = self.model.teams.get(team_id)
        return team.service(name) if team else None

    def raw(self, team_id: str, name: str) -> Raw:
        service = self.service(team_id, name)
        return service.raw if service else {}

    def findings(self, team_id: str | None, name: str | None) -> list[Finding]:
        """Every current finding about one service (or, with `name` None, the team itself)."""
        key: FindingKey = (team_id, name, None)
        read, repo = self._read.get(key, []), self._repo.get(key, [])
        if team_id is None or name is None:
            return read + repo
        return self._services.findings(team_id, name, read, repo)

    def counts(self, team_id: str | None, name: str | None) -> tuple[int, int]:
        """(errors, warnings) of one service, or of the team's own settings."""
        return severity_counts(self.findings(team_id, name))

    def forget_form_text(self, team_id: str, name: str) -> None:
        """The form was loaded from the raw mapping again: text that did not parse is gone."""
        self._services.forget_form_text(team_id, name)

    def form_errors(self, team_id: str, name: str) -> dict[str, str]:
        return self._services.form_errors(team_id, name)

    def is_new(self, team_id: str, name: str) -> bool:
        return self._services.is_new(team_id, name)

    # -- edits ---------------------------------------------------------------------------

    def _check(self, service: Service) -> list[Finding]:
        return service_findings(self._model_for_checks(service.team), service)

    def _draft(self, team_id: str, name: str) -> ServiceDraft:
        draft = self._services.get(team_id, name)
        if draft is None:
            service = self.service(team_id, name)
            if service is None:
                raise KeyError(f"no service {team_id}/{name}")
            draft = ServiceDraft(team_id, name, service.raw, History([service.raw]), service)
            self._services.add(draft)
        return draft

    def _rebuild(self, draft: ServiceDraft) -> Service:
        base = draft.service
        draft.service = build_service(draft.team, draft.raw, base.marks, base.location)
        draft.findings = self._check(draft.service)
        self._services.live[(draft.team, draft.name)] = draft.findings
        return draft.service

    def edit_service(
        self,
        team_id: str,
        name: str,
        raw: Raw,
        field_key: str | None = None,
        form_errors: dict[str, str] | None = None,
    ) -> Service:
        """Record an edit: the new raw mapping, rebuilt and re-validated (this service only)."""
        draft = self._draft(team_id, name)
        draft.form_errors = dict(form_errors or {})
        if same_data(raw, draft.raw):
            return draft.service
        draft.history.push(raw, field_key)
        return self._rebuild(draft)

    def step_service(self, team_id: str, name: str, *, forward: bool) -> bool:
        """Undo (or redo) the service's last step; False at the end of its history."""
        draft = self._services.get(team_id, name)
        if draft is None:
            return False
        raw = draft.history.redo() if forward else draft.history.undo()
        if raw is None:
            return False
        draft.form_errors = {}
        self._rebuild(draft)
        return True

    def recheck_services(self, team_id: str) -> None:
        """The team's switches changed: re-check all its services against them."""
        for name in self.service_names(team_id):
            service = self.service(team_id, name)
            if service is not None:
                self._services.live[(team_id, name)] = self._check(service)

    def name_problem(self, team_id: str, name: str) -> str | None:
        """Why `name` cannot be a new service of the team, or None when it can."""
        return name_problem("service", name, self.service_names(team_id), team_id)

    def add_service(self, team_id: str, name: str) -> Service:
        """A new service of the team, unsaved until the next save."""
        team = self.model.teams[team_id]
        raw = new_service(name)
        location: Location | None = None
        if team.services_file:
            location = Location(team.services_file, 1, 1)
        service = build_service(team_id, raw, {}, location)
        draft = ServiceDraft(team_id, name, None, History([raw]), service)
        self._services.add(draft)
        self._rebuild(draft)
        return draft.service

    # -- saving --------------------------------------------------------------------------

    def service_blocking(self) -> list[str]:
        """Why saving must wait: one line per unsaved service that has errors, and per service
        whose form holds text that is not a value (even when the rest is unchanged)."""
        return [
            line for draft in self._services
            if (draft.dirty or draft.form_errors) and (line := blocking_line(
                f"{draft.team}/{draft.name}", draft.form_errors,
                self.findings(draft.team, draft.name),
            ))
        ]

    def service_edits(self) -> list[ServiceEdit]:
        """Every unsaved service edit, as the store takes them."""
        return [
            ServiceEdit(d.team, d.name, d.raw, create=d.original is None)
            for d in self._services.dirty()
        ]

    def service_saved(self, edit: ServiceEdit) -> None:
        """The store wrote `edit`: the draft now matches its file."""
        draft = self._services.get(edit.team, edit.name)
        if draft is not None:
            draft.original = edit.raw

    def replace_services(self, team: Team) -> None:
        """The team was read again: drop drafts that match their files, rebuild the others."""
        self._services.reread(team.id, team.service, self._reread_service)

    def _reread_service(self, draft: ServiceDraft, read: Service) -> None:
        draft.service = read
        self._rebuild(draft)
