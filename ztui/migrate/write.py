"""The texts `ztui migrate` writes: new rule and settings files, and the services files without
their `networkPolicy` keys.

New files are written in the indent style of the repo's services files (`sibling_style`), so
they read as if the team had written them. Existing files are changed only through the byte-
exact patch machinery (`ztui.repo.patch.Document`): the `networkPolicy` key of each service
goes, and in the file-per-rule layout the team's `networkPolicy` too (it moves to
`settings.yaml`); every other byte stays. The comments written inside those blocks go into the
new files (`ztui.migrate.carry`). A dialect-v1 file also has its team root moved from
`teamConfig.teams.<team>` to `teamConfig.<team>`, since the later layouts are spelled as v2
(`ztui.migrate.hoist`).

`netpols` item ids are uuid5 of `ztui:netpol:<team>/<rule>` in the URL namespace, so a rerun
writes the same files.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from ztui.migrate.carry import Carried, carry
from ztui.migrate.comments import PolicyBlock, policy_comments
from ztui.migrate.plan import Conversion, TeamConversion
from ztui.migrate.strip import MigrateError, stripped_text
from ztui.model import Layout, Mode, RepoModel, Rule, RuleType
from ztui.repo.atomic import sha256_bytes
from ztui.repo.layout import TEAMS_DIR
from ztui.repo.newfile import sibling_style
from ztui.repo.store import Change
from ztui.repo.yamlstyle import Style, Value, Writer
from ztui.rule_edits import RULE_KIND, SETTINGS_KIND, TEAM_LABEL, source_raw

Raw = dict[str, Any]


def netpol_id(team: str, name: str) -> str:
    """The deterministic id of a `netpols` item."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ztui:netpol:{team}/{name}"))


def rule_type(rule: Rule) -> Raw:
    """The `ruleType` mapping of a converted rule (spec 5)."""
    if rule.type is RuleType.EGRESS:
        assert rule.egress is not None
        egress: Raw = {"domain": rule.egress.domain}
        if rule.egress.ports:
            egress["ports"] = [{"number": p.number, "protocol": p.protocol}
                               for p in rule.egress.ports]
        return {"type": "egress", "egress": egress}
    assert rule.target is not None
    ingress: Raw = {"mode": rule.mode.value, "toLabelName": rule.target.name,
                    "toLabelValue": rule.target.value}
    if rule.mode is Mode.ALLOW_ONLY:
        ingress["allow"] = [source_raw(source) for source in rule.sources]
    return {"type": "ingress", "ingress": ingress}


def rule_raw(rule: Rule, layout: Layout) -> Raw:
    """The rule as `layout` stores it: a `netpols` item or an AplTeamNetworkControl document."""
    if layout is Layout.FILES:
        return {"kind": RULE_KIND,
                "metadata": {"name": rule.name, "labels": {TEAM_LABEL: rule.team}},
                "spec": {"ruleType": rule_type(rule)}}
    return {"id": netpol_id(rule.team, rule.name), "name": rule.name,
            "ruleType": rule_type(rule)}


def settings_raw(converted: TeamConversion) -> Raw:
    """The team's AplTeamSettingSet with its switches."""
    team = converted.team.id
    return {"kind": SETTINGS_KIND,
            "metadata": {"name": team, "labels": {TEAM_LABEL: team}},
            "spec": {"networkPolicy": dict(converted.switches)}}


def yaml_text(data: Raw, style: Style) -> str:
    """`data` as a block YAML document in `style`."""
    writer = Writer(style)
    lines: list[str] = []
    for key, value in data.items():
        lines += writer.entry(key, _value(value), 0, None)
    return "\n".join(lines) + "\n"


def _value(value: Any) -> Value:
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(item) for item in value]
    assert value is None or isinstance(value, str | bool | int | float)
    return value


def repo_style(root: Path, model: RepoModel) -> Style:
    """The indent style of the repo's services files (2 spaces, dashes indented, by default)."""
    step, indented = sibling_style(root, model)
    return Style(indent=step, dash_offset=step if indented else 0, item_indent=2)


def new_files(
    conversion: Conversion, layout: Layout, style: Style, carried: Carried | None = None
) -> dict[str, str]:
    """Repo-relative path -> text of every file the conversion creates, with the comments
    `carried` from the removed blocks: at the top of a document, or above a `netpols` item."""
    carried = carried or Carried()
    out: dict[str, str] = {}
    for converted in conversion.teams:
        team = converted.team
        if layout is Layout.FILES:
            out[f"{TEAMS_DIR}/{team.id}/settings.yaml"] = _above(
                carried.settings.get(team.id, []), yaml_text(settings_raw(converted), style))
            for rule in converted.rules:
                out[f"{TEAMS_DIR}/{team.id}/netpols/{rule.name}.yaml"] = _above(
                    carried.rules.get(rule.key, []), yaml_text(rule_raw(rule, layout), style))
        elif not team.is_admin:
            items = [rule_raw(rule, layout) for rule in converted.rules]
            doc = {"teamConfig": {team.id: {"netpols": items}}}
            text = yaml_text(doc, style)
            for rule in converted.rules:
                text = _above_item(carried.rules.get(rule.key, []), text,
                                   netpol_id(rule.team, rule.name))
            out[f"{TEAMS_DIR}/netpols.{team.id}.yaml"] = text
    return out


def _above(comments: list[str], text: str) -> str:
    """`text` with the comment lines `comments` before its first line."""
    return "".join(f"{line}\n" for line in comments) + text


def _above_item(comments: list[str], text: str, item_id: str) -> str:
    """`text` with `comments` right above the `- id: <item_id>` line, indented like its dash."""
    if not comments:
        return text
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        body = line.lstrip(" ")
        if body.startswith("- id: ") and item_id in body:
            indent = " " * (len(line) - len(body))
            lines[index:index] = [f"{indent}{comment}\n" for comment in comments]
            return "".join(lines)
    raise MigrateError(f"netpols item {item_id} not found in the text written for it")


def changed_files(
    root: Path, model: RepoModel, layout: Layout
) -> tuple[list[Change], list[PolicyBlock]]:
    """The changes of the files `model` was read from (each checked against its read hash),
    and the comments of the `networkPolicy` blocks those changes remove."""
    changes = []
    blocks: list[PolicyBlock] = []
    for rel in model.files:
        raw = (root / rel).read_bytes()
        sha = sha256_bytes(raw)
        if model.hashes.get(rel) not in (None, sha):
            raise MigrateError(f"{rel} changed on disk since it was read; run migrate again")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MigrateError(f"{rel}: not UTF-8 (byte {exc.start}); not converted") from exc
        new = stripped_text(text, rel, model.dialect, layout)
        if new != text:
            changes.append(Change(rel, text, new, sha))
            blocks += policy_comments(text, rel, model.dialect, layout)
    return changes, blocks


def planned_changes(
    root: Path, model: RepoModel, conversion: Conversion, layout: Layout
) -> tuple[list[Change], Carried]:
    """Every file the migration writes (changed files first, then new ones, by path), and
    where the comments of the removed blocks went."""
    changes, blocks = changed_files(root, model, layout)
    carried = carry(blocks, conversion)
    created = new_files(conversion, layout, repo_style(root, model), carried)
    for rel, text in sorted(created.items()):
        if (root / rel).exists():
            raise MigrateError(f"{rel} already exists; the repo is not purely services-era")
        changes.append(Change(rel, None, text, None))
    return changes, carried
