"""`ztui edit`: the scripted twin of the TUI's forms, through the same edits, checks and store.

A service edit applies its options in a fixed order (mode, allow, revoke, egress add, egress
remove), validates the resulting service in the context of its repo, and only then plans the
byte-exact patch; an invalid result is refused with the reason and nothing is written.
On a later-layout repo (spec 5) TEAM/... names a rule instead, edited by `ztui.cli.ruleedit`;
the team switches work the same in every layout (the store knows where each layout keeps them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ztui import edits
from ztui.cli.check import open_or_exit, refuse_invalid
from ztui.cli.editargs import parse_allow, parse_egress, parse_mode, parse_switch
from ztui.cli.errors import UsageError, UserError
from ztui.cli.ruleedit import RULE_ONLY, check_layout_options, edit_rule
from ztui.model import RepoModel, Service, Team
from ztui.repo.build import build_service
from ztui.repo.giterrors import GitError
from ztui.repo.gitrepo import commit_files, open_repo
from ztui.repo.ops import same_data
from ztui.repo.store import Change, Edit, ServiceEdit, Store, StoreError, TeamEdit
from ztui.workspace import service_findings

SERVICE_OPTIONS = ("ingress_mode", "allow_from", "revoke_from", "egress_add", "egress_remove")
TEAM_OPTIONS = ("ingress_filtering", "egress_filtering")


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> list[str]:
    return [n for n in names if getattr(args, n)]


def _service_raw(args: argparse.Namespace, model: RepoModel, raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` with every service option of `args` applied, in the documented order."""
    if args.ingress_mode:
        raw = edits.set_mode(raw, parse_mode(args.ingress_mode), model.dialect)
    for text in args.allow_from:
        raw = edits.add_allow(raw, parse_allow(text))
    for text in args.revoke_from:
        raw = edits.remove_allow(raw, parse_allow(text))
    for text in args.egress_add:
        raw = edits.add_egress(raw, parse_egress(text))
    for host in args.egress_remove:
        raw = edits.remove_egress(raw, host)
    return raw


def _team(model: RepoModel, team_id: str) -> Team:
    team = model.teams.get(team_id)
    if team is None:
        known = ", ".join(sorted(model.teams)) or "none"
        raise UserError(f"no team {team_id!r} in {model.root} (teams: {known})")
    return team


def _candidate(team: Team, old: Service | None, raw: dict[str, Any]) -> Service:
    """The edited service, put in its team's place so checks see it as the repo will."""
    location = old.location if old else None
    service = build_service(team.id, raw, dict(old.marks) if old else {}, location)
    if old is None:
        team.services.append(service)
    else:
        team.services[team.services.index(old)] = service
    return service


def _edit_service(args: argparse.Namespace, model: RepoModel) -> tuple[str, Edit | None]:
    team_id, _, name = args.target.partition("/")
    if _given(args, TEAM_OPTIONS):
        raise UsageError("--ingress-filtering/--egress-filtering set a team: name TEAM, not "
                         f"{args.target}")
    team = _team(model, team_id)
    if model.layout.rule_based:
        return edit_rule(args, model, team, name)
    old = team.service(name)
    if old is None and not args.create:
        known = ", ".join(s.name for s in team.services) or "none"
        raise UserError(f"team {team_id!r} has no service {name!r} (services: {known}); "
                        "--create adds it")
    before = old.raw if old else edits.new_service(name)
    raw = _service_raw(args, model, before)
    if old is not None and same_data(before, raw):
        return f"{team_id}/{name}", None
    service = _candidate(team, old, raw)
    refuse_invalid(service.key, service_findings(model, service))
    return service.key, ServiceEdit(team_id, name, raw, create=old is None)


def _edit_team(args: argparse.Namespace, model: RepoModel) -> tuple[str, Edit | None]:
    if _given(args, SERVICE_OPTIONS + RULE_ONLY) or args.create:
        what = "rule options need TEAM/RULE" if model.layout.rule_based else (
            "service options need TEAM/SERVICE")
        raise UsageError(f"{what}, not {args.target!r}")
    switches = _given(args, TEAM_OPTIONS)
    if not switches:
        raise UsageError("nothing to do: give --ingress-filtering and/or --egress-filtering")
    team = _team(model, args.target)
    raw = team.raw
    for option, key in (("ingress_filtering", "ingressPrivate"),
                        ("egress_filtering", "egressPublic")):
        value = getattr(args, option)
        if value:
            raw = edits.set_team_switch(raw, key, parse_switch(value))
    old = team.raw.get("networkPolicy")
    if same_data(old, raw.get("networkPolicy")):
        return team.id, None
    return team.id, TeamEdit(team.id, raw)


def _check_can_commit(root: Path) -> None:
    """Refuse `--commit` before writing when git surely cannot commit: no repo, a held lock.

    Checked after the write instead, the edit would be saved but not committed, and running the
    same command again would find nothing to change and commit nothing.
    """
    try:
        repo = open_repo(root)
    except GitError as exc:
        raise UserError(f"--commit: {exc}; nothing written") from exc
    if repo is None:
        raise UserError(f"--commit: {root} is not in a git repository; nothing written")
    try:
        lock = Path(repo.repo.git_dir) / "index.lock"
        if lock.exists():
            raise UserError(
                "--commit: another git process is running (.git/index.lock exists): wait for it "
                f"to finish, or delete {lock} if no git process is running; nothing written"
            )
    finally:
        repo.close()


def _commit(root: Path, written: list[str], message: str) -> None:
    try:
        repo = open_repo(root)
        if repo is None:
            raise UserError(f"{root} is not in a git repository; the edit is saved, not committed")
        try:
            result = commit_files(repo, written, message)
        finally:
            repo.close()
    except GitError as exc:
        raise UserError(f"the edit is saved but not committed: {exc}") from exc
    print(f"committed {result.sha[:10]}: {', '.join(result.files)}")
    if result.others:
        print(f"left as they were (not committed): {', '.join(result.others)}")


def run_edit(args: argparse.Namespace) -> int:
    """Edit one service, rule or team, then print the diff (--dry-run) or write and maybe
    commit."""
    if args.commit is not None and not args.commit.strip():
        raise UsageError("--commit needs a message")
    ws = open_or_exit(args.repo)
    model = ws.model
    check_layout_options(args, model)
    what, edit = (_edit_service if "/" in args.target else _edit_team)(args, model)
    if edit is None:
        print(f"{what}: nothing to change")
        return 0
    store = Store(Path(model.root))
    try:
        changes: list[Change] = store.plan(model, [edit])
        if args.dry_run:
            sys.stdout.write("".join(c.diff for c in changes) or f"{what}: nothing to change\n")
            return 0
        if args.commit:
            _check_can_commit(Path(model.root))
        written = store.write(changes)
    except StoreError as exc:
        raise UserError(f"{what}: {exc}") from exc
    print(f"{what}: wrote {', '.join(written)}" if written else f"{what}: nothing to change")
    if args.commit is not None and written:
        _commit(Path(model.root), written, args.commit)
    return 0
