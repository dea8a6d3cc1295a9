"""`ztui edit REPO TEAM/RULE ...`: the later layouts' rules, edited as the TUI's forms do.

A rule edit applies its options in a fixed order (create, mode, target, allow, revoke, domain,
ports) through `ztui.rule_edits`, validates the resulting rule in the context of its repo
(`ztui.workspace.rule_findings`), and only then hands it to the store; an invalid result is
refused with the reasons and nothing is written. An option that belongs to the other kind of
rule (a domain on an inbound rule) or to the other era (`--egress-add` here, `--to` on a
services-era repo) is refused up front with a line that names the options that do apply.
"""

from __future__ import annotations

import argparse
from typing import Any

from ztui import rule_edits
from ztui.cli.check import refuse_invalid
from ztui.cli.editargs import (
    CREATE_SERVICE,
    parse_label,
    parse_ports,
    parse_rule_kind,
    parse_rule_mode,
    parse_source,
)
from ztui.cli.errors import UsageError, UserError
from ztui.model import Mode, RepoModel, Rule, RuleType, Source, Team
from ztui.repo.build_rules import build_rule
from ztui.repo.ops import same_data
from ztui.repo.store import RuleEdit
from ztui.workspace import rule_findings

SERVICE_ONLY = ("egress_add", "egress_remove")
RULE_ONLY = ("to", "domain", "ports", "delete")
INBOUND = ("ingress_mode", "to", "allow_from", "revoke_from")
OUTBOUND = ("domain", "ports")
_RULE_HELP = "--create inbound|outbound, --delete, --to, --ingress-mode, --allow-from, " \
    "--revoke-from, --domain, --ports"
_SERVICE_HELP = "--create, --ingress-mode, --allow-from, --revoke-from, --egress-add, " \
    "--egress-remove"


def given(args: argparse.Namespace, names: tuple[str, ...]) -> list[str]:
    """The options among `names` that the command line sets."""
    return [n for n in names if getattr(args, n) not in (None, False, [])]


def _flags(names: list[str]) -> str:
    return ", ".join("--" + n.replace("_", "-") for n in names)


def _verb(names: list[str], one: str, many: str) -> str:
    return f"{_flags(names)} {one if len(names) == 1 else many}"


def check_layout_options(args: argparse.Namespace, model: RepoModel) -> None:
    """Refuse options of the other era, naming those that this repo's layout takes."""
    if model.layout.rule_based:
        wrong = given(args, SERVICE_ONLY)
        if wrong:
            raise UsageError(
                f"{_verb(wrong, 'edits', 'edit')} services; {model.root} keeps network rules "
                f"apart from services ({model.layout.value} layout): edit TEAM/RULE with "
                f"{_RULE_HELP}"
            )
        return
    wrong = given(args, RULE_ONLY)
    if args.create not in (None, CREATE_SERVICE):
        wrong.append(f"create {args.create}")
    if wrong:
        raise UsageError(
            f"{_verb(wrong, 'edits', 'edit')} named rules of a later layout; {model.root} keeps "
            f"its rules on services: edit TEAM/SERVICE with {_SERVICE_HELP}"
        )


def edit_rule(
    args: argparse.Namespace, model: RepoModel, team: Team, name: str
) -> tuple[str, RuleEdit | None]:
    """The store edit that carries out the rule options of `args` (None: nothing changes)."""
    key = f"{team.id}/{name}"
    old = team.rule(name)
    if args.delete:
        return key, _deletion(args, team, name, old)
    if old is None and args.create is None:
        raise UserError(f"team {team.id!r} has no rule {name!r} (rules: {_names(team)}); "
                        "--create inbound|outbound adds it")
    kind = _kind(args, old, key)
    _check_kind_options(args, kind, key)
    before = old.raw if old is not None else _new_raw(args, model, team.id, name, kind)
    raw = _applied(args, model, old, before)
    if old is not None and same_data(old.raw, raw):
        return key, None
    rule = _candidate(model, team, old, name, raw)
    refuse_invalid(key, rule_findings(model, rule))
    return key, RuleEdit(team.id, name, raw, create=old is None)


def _names(team: Team) -> str:
    return ", ".join(r.name for r in team.rules) or "none"


def _deletion(args: argparse.Namespace, team: Team, name: str, old: Rule | None) -> RuleEdit:
    others = given(args, (*INBOUND, *OUTBOUND))
    if others or args.create is not None:
        extra = _flags(others) or "--create"
        raise UsageError(f"--delete removes {team.id}/{name} as a whole: drop {extra}")
    if old is None:
        raise UserError(f"team {team.id!r} has no rule {name!r} (rules: {_names(team)})")
    return RuleEdit(team.id, name, old.raw, delete=True)


def _kind(args: argparse.Namespace, old: Rule | None, key: str) -> RuleType | None:
    """The rule's type: the one `--create` names, which must match an existing rule's."""
    if args.create is None:
        return old.type if old is not None else None
    if args.create == CREATE_SERVICE:
        raise UsageError(f"--create needs inbound or outbound: {key} is a rule, not a service")
    kind = parse_rule_kind(args.create)
    if old is not None and old.type is not None and old.type is not kind:
        raise UserError(f"{key} exists and is {_word(old.type)}, not {_word(kind)}")
    return kind


def _word(kind: RuleType) -> str:
    return "an inbound rule" if kind is RuleType.INGRESS else "an outbound rule"


def _check_kind_options(args: argparse.Namespace, kind: RuleType | None, key: str) -> None:
    """Refuse inbound options on an outbound rule and outbound options on an inbound one."""
    if kind is RuleType.INGRESS and given(args, OUTBOUND):
        raise UsageError(f"{key} is an inbound rule: {_verb(given(args, OUTBOUND), 'is', 'are')} "
                         f"for outbound rules; inbound rules take {_flags(list(INBOUND))}")
    if kind is RuleType.EGRESS and given(args, INBOUND):
        raise UsageError(f"{key} is an outbound rule: {_verb(given(args, INBOUND), 'is', 'are')} "
                         f"for inbound rules; outbound rules take {_flags(list(OUTBOUND))}")


def _new_raw(
    args: argparse.Namespace, model: RepoModel, team_id: str, name: str, kind: RuleType | None
) -> dict[str, Any]:
    """A new rule as the repo's layout stores it, from its required option."""
    if kind is RuleType.INGRESS:
        if not args.to:
            raise UsageError("--create inbound needs --to LABEL=VALUE (the pods it protects)")
        target, mode = parse_label(args.to, "--to"), _mode(args)
        return rule_edits.new_ingress(model.layout, team_id, name, target, mode)
    if not args.domain:
        raise UsageError("--create outbound needs --domain HOST")
    return rule_edits.new_egress(model.layout, team_id, name, args.domain)


def _mode(args: argparse.Namespace) -> Mode:
    return parse_rule_mode(args.ingress_mode) if args.ingress_mode else Mode.ALLOW_ONLY


def _applied(
    args: argparse.Namespace, model: RepoModel, old: Rule | None, raw: dict[str, Any]
) -> dict[str, Any]:
    """`raw` with every rule option of `args` applied, in the documented order."""
    base = rule_edits.rule_base(model.layout)
    if args.ingress_mode:
        raw = rule_edits.set_mode(raw, base, parse_rule_mode(args.ingress_mode))
    if args.to:
        raw = rule_edits.set_target(raw, base, parse_label(args.to, "--to"))
    sources: list[Source] = list(old.sources) if old is not None else []
    for text in args.allow_from:
        source = parse_source(text, "--allow-from")
        raw = rule_edits.add_source(raw, base, sources, source)
        sources = sources if source in sources else [*sources, source]
    for text in args.revoke_from:
        source = parse_source(text, "--revoke-from")
        if source in sources:
            sources = [s for s in sources if s != source]
            raw = rule_edits.set_sources(raw, base, sources)
    if args.domain:
        raw = rule_edits.set_domain(raw, base, args.domain)
    if args.ports is not None:
        raw = rule_edits.set_ports(raw, base, parse_ports(args.ports))
    return raw


def _candidate(model: RepoModel, team: Team, old: Rule | None, name: str, raw: Any) -> Rule:
    """The edited rule, put in its team's place so checks see it as the repo will."""
    rule = build_rule(
        team.id, raw, base=rule_edits.rule_base(model.layout), name=name,
        marks=dict(old.marks) if old else {}, location=old.location if old else None,
        file=old.file if old else None,
    )
    if old is None:
        team.rules.append(rule)
    else:
        team.rules[team.rules.index(old)] = rule
    return rule
