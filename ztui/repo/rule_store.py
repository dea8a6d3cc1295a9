"""Planning the later layouts' edits (spec 5): rules created, changed or deleted, and switches.

The 2024 layout keeps a team's rules as items of `teamConfig.<team>.netpols` in
`env/teams/netpols.<team>.yaml`: a rule is found there by name, patched in place, appended, or
removed with the comment lines above it. The file-per-rule layout keeps each rule in
`env/teams/<team>/netpols/<name>.yaml`: a change patches that document, a new rule is a new
file laid out like its siblings (`ztui.repo.newdoc`), and a deletion removes the file. Its team
switches sit at `spec.networkPolicy` of `env/teams/<team>/settings.yaml`, a file created when
the team has none. Everything goes through the same opener as the services era, so the same
load-time hash check and the same re-parse verification apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ztui.model import DNS_LABEL, FieldPath, Layout, RepoModel, Rule, RuleType, Team
from ztui.repo.folders import RULES_DIR, TEAMS_DIR
from ztui.repo.newdoc import document_text, sibling_source
from ztui.repo.newfile import netpols_file_text
from ztui.repo.ops import same_data
from ztui.repo.patch import MISSING, Document
from ztui.repo.store_core import (
    Opener,
    OpenFile,
    RuleEdit,
    StoreError,
    new_document,
    patched,
    run_step,
)
from ztui.rule_edits import SETTINGS_KIND, TEAM_LABEL

MAX_RULE_NAME = 63
_RULE_FILE = re.compile(r"^env/teams/([^/]+)/netpols/[^/]+\.yaml$")
_SETTINGS_FILE = re.compile(r"^env/teams/[^/]+/settings\.yaml$")
_FLOW = re.compile(r":[ \t]+[\[{][ \t]*[^\]}\s]")
#: How many of the best-ranked sibling files are read to prefer a block-style one.
_SAMPLES = 8


def plan_rule(root: Path, model: RepoModel, edit: RuleEdit, open_file: Opener) -> None:
    """Plan `edit` on the files `open_file` hands out (their documents are updated in place)."""
    if not model.layout.rule_based:
        raise StoreError(f"{model.root} keeps its rules on services: rules cannot be edited here")
    team = model.teams.get(edit.team)
    if team is None:
        raise StoreError(f"no team {edit.team!r} in this repo")
    rule = team.rule(edit.name)
    if rule is None and edit.create and not _valid_name(edit.name):
        raise StoreError(
            f"{edit.name!r} is not a valid rule name (a lower-case DNS label of at most "
            f"{MAX_RULE_NAME} characters)"
        )
    if model.layout is Layout.NETPOLS:
        _plan_item(root, model, team, rule, edit, open_file)
    else:
        _plan_file(root, model, team, rule, edit, open_file)


def _valid_name(name: str) -> bool:
    return len(name) <= MAX_RULE_NAME and DNS_LABEL.match(name) is not None


def _missing(edit: RuleEdit, team: Team) -> StoreError:
    known = ", ".join(r.name for r in team.rules) or "none"
    return StoreError(f"team {edit.team!r} has no rule {edit.name!r} (rules: {known})")


# --- the 2024 layout: items of a netpols list ----------------------------------------------


def _plan_item(
    root: Path, model: RepoModel, team: Team, rule: Rule | None, edit: RuleEdit,
    open_file: Opener,
) -> None:
    rel = (rule.file if rule else None) or team.rules_file or f"env/teams/netpols.{team.id}.yaml"
    state = open_file(rel)
    items = ("teamConfig", team.id, "netpols")
    if state.doc is None:
        if not edit.create:
            raise _missing(edit, team)
        first = _first_scalar(edit.raw)
        text = netpols_file_text(root, model, team.id, first)
        state.doc = patched(new_document(text, rel), items + (0,), dict([first]), edit.raw)
        return
    index = _find_item(state.doc, items, edit)
    if index is None:
        if edit.delete or not edit.create:
            raise _missing(edit, team)
        state.doc = run_step(lambda d: d.append(items, edit.raw), state.doc)
    elif edit.delete:
        state.doc = run_step(lambda d: d.remove(items, index), state.doc)
    else:
        state.doc = patched(state.doc, items + (index,), None, edit.raw)


def _first_scalar(raw: dict[str, Any]) -> tuple[str, Any]:
    """The first `key: scalar` of a new item: the line a new file's list starts with."""
    for key, value in raw.items():
        if value is None or isinstance(value, str | int | float | bool):
            return key, value
    raise StoreError("a new rule needs a name")


def _find_item(doc: Document, items: FieldPath, edit: RuleEdit) -> int | None:
    data = doc.data_at(items)
    if data is MISSING or data is None:
        return None
    if not isinstance(data, list):
        raise StoreError(f"{doc.file}: netpols of team {edit.team} is not a list")
    found = [
        i for i, item in enumerate(data) if isinstance(item, dict) and item.get("name") == edit.name
    ]
    if len(found) > 1:
        raise StoreError(
            f"{doc.file}: team {edit.team} has {len(found)} rules named {edit.name!r}; "
            "remove the duplicate by hand first"
        )
    return found[0] if found else None


# --- the file-per-rule layout: one document per rule ---------------------------------------


def _plan_file(
    root: Path, model: RepoModel, team: Team, rule: Rule | None, edit: RuleEdit,
    open_file: Opener,
) -> None:
    folder = team.rules_file or f"env/teams/{team.id}/netpols"
    rel = (rule.file if rule else None) or f"{folder}/{edit.name}.yaml"
    state = open_file(rel)
    if state.doc is None or state.deleted:  # absent, or deleted earlier in this save
        if not edit.create or edit.delete:
            raise _missing(edit, team)
        sibling = sibling_source(root, _rule_siblings(root, model, team.id, edit.raw))
        state.doc = _verified(document_text(edit.raw, sibling), rel, edit.raw)
        state.deleted = False
    elif rule is None and state.old_text is not None:
        raise StoreError(
            f"{rel} exists but holds no rule {edit.name!r} of team {edit.team!r}; "
            "move it away or pick another name"
        )
    elif edit.delete:
        state.deleted = True
    else:
        state.doc = patched(state.doc, (), None, edit.raw)


def _rule_siblings(
    root: Path, model: RepoModel, team_id: str, raw: dict[str, Any]
) -> Iterator[str]:
    """Rule files to copy the layout of: the team's own first, then those of the same type,
    by name; of the best `_SAMPLES`, the block-style ones first.

    Lazily: a save takes the first that reads, nearly always one of the team's own, so the
    other teams' files (13,000 in a large repo; sorting them was nearly all of a save) are
    only ranked when the team has too few.
    """
    kind = _rule_type(raw)
    prefix = f"{TEAMS_DIR}/{team_id}/{RULES_DIR}/"
    team = model.teams.get(team_id)
    own_types = {r.file: r.type for r in team.rules} if team is not None else {}
    own = sorted(
        (rel for rel in model.files if rel.startswith(prefix) and _RULE_FILE.match(rel)),
        key=lambda rel: (own_types.get(rel) != kind, rel),
    )
    others = _other_teams_files(model, team_id, kind)
    head = own[:_SAMPLES] + list(islice(others, _SAMPLES - len(own[:_SAMPLES])))
    yield from sorted(head, key=lambda rel: (not rel.startswith(prefix), _has_flow(root, rel)))
    yield from own[_SAMPLES:]
    yield from others


def _other_teams_files(model: RepoModel, team_id: str, kind: RuleType | None) -> Iterator[str]:
    """The rule files of every other team, those of rules of `kind` first, then by name."""
    types = {
        r.file: r.type for t in model.teams.values() if t.id != team_id for r in t.rules
        if r.file is not None
    }
    ranked = sorted(
        (rel for rel in model.files if (match := _RULE_FILE.match(rel)) and match[1] != team_id),
        key=lambda rel: (types.get(rel) != kind, rel),
    )
    yield from ranked


def _has_flow(root: Path, rel: str) -> bool:
    """Whether a rule file writes a list or mapping in flow style (`ports: [{...}]`): a choice
    for one value, not the repo's layout, so a block-style sibling is the better example."""
    try:
        return _FLOW.search((root / rel).read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return True


def _rule_type(raw: dict[str, Any]) -> RuleType | None:
    spec = raw.get("spec")
    rule_type = spec.get("ruleType") if isinstance(spec, dict) else None
    kind = rule_type.get("type") if isinstance(rule_type, dict) else None
    return RuleType(kind) if kind in ("ingress", "egress") else None


def _verified(text: str, rel: str, data: dict[str, Any]) -> Document:
    """The document of a new file, proven to read back as exactly `data`."""
    doc = new_document(text, rel)
    if not same_data(doc.data_at(()), data):
        raise StoreError(f"{rel}: the new file would not read back as written; nothing written")
    return doc


# --- team switches ---------------------------------------------------------------------------


def settings_path(model: RepoModel, team_id: str, team_root: FieldPath) -> FieldPath:
    """The mapping in the team's settings file that holds `networkPolicy`."""
    return ("spec",) if model.layout is Layout.FILES else (*team_root, team_id)


def settings_file(model: RepoModel, team: Team) -> str:
    """The file of the team's switches (created in the file-per-rule layout when absent)."""
    if team.settings_file:
        return team.settings_file
    if model.layout is Layout.FILES:
        return f"env/teams/{team.id}/settings.yaml"
    return "env/teams.yaml"


def new_settings(
    root: Path, model: RepoModel, team_id: str, policy: Any, state: OpenFile, rel: str
) -> bool:
    """Give a FILES-layout team without a settings file a new one holding `policy`."""
    if model.layout is not Layout.FILES or state.doc is not None:
        return False
    data: dict[str, Any] = {
        "kind": SETTINGS_KIND,
        "metadata": {"name": team_id, "labels": {TEAM_LABEL: team_id}},
        "spec": {"networkPolicy": policy},
    }
    siblings = sorted(rel for rel in model.files if _SETTINGS_FILE.match(rel))
    state.doc = _verified(document_text(data, sibling_source(root, siblings)), rel, data)
    return True
