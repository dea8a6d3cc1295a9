"""Random sequences of form operations saved through the Store on generated repos.

Whatever the sequence, after each save: every file parses, validation finds no error, the repo
read back holds exactly the data the operations asked for, and every file the save did not
write is byte-identical. Repos come from `benchmarks/make_repo.generate_files` (small sizes),
in both dialects, split and single-file, sometimes with a team whose services file is missing.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.make_repo import generate_files, write_files
from ztui import edits
from ztui.model import AllowEntry, EgressRule, Layout, Mode, Port, RepoModel
from ztui.repo.store import Edit, ServiceEdit, Store, TeamEdit
from ztui.workspace import open_workspace

from .conftest import snapshot

TEAMS_FILE = "env/teams.yaml"
DOMAINS = ("api.stripe.com", "*.example.org", "192.0.2.10", "2001:db8::5", "hooks.slack.com")
PORTS = (Port(443, "HTTPS"), Port(80, "HTTP"), Port(5432, "TCP"), Port(22, "TCP"))
NEW_NAMES = ("new-api", "zz-worker", "a")
KINDS = ("mode", "allow", "revoke", "egress-add", "egress-remove", "switch", "create")


def canonical(value: Any) -> str:
    """Equal exactly when the YAML data is equal (`true` is not `1`)."""
    return json.dumps(value, sort_keys=True)


@dataclass
class Expected:
    """What the repo should hold: each team's services (raw) and its networkPolicy switches."""

    services: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    switches: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, model: RepoModel) -> Expected:
        return cls(
            {tid: [s.raw for s in team.services] for tid, team in model.teams.items()},
            {tid: team.raw.get("networkPolicy") for tid, team in model.teams.items()},
        )

    def check(self, model: RepoModel) -> None:
        assert canonical(Expected.of(model).services) == canonical(self.services)
        assert canonical(Expected.of(model).switches) == canonical(self.switches)


def draw_entry(data: st.DataObject, model: RepoModel) -> AllowEntry:
    team = data.draw(st.sampled_from(sorted(model.teams)))
    names = [s.name for s in model.teams[team].services]
    service = data.draw(st.sampled_from([None, *names]))
    return AllowEntry(team, service)


def draw_operation(
    data: st.DataObject, model: RepoModel, expected: Expected
) -> tuple[Edit, str]:
    """One random form operation as a store edit, applied to `expected` too; and its kind."""
    team_id = data.draw(st.sampled_from(sorted(model.teams)))
    team = model.teams[team_id]
    kind = data.draw(st.sampled_from(KINDS))
    if kind == "switch":
        switch = data.draw(st.sampled_from(("ingressPrivate", "egressPublic")))
        raw = edits.set_team_switch(team.raw, switch, data.draw(st.booleans()))
        expected.switches[team_id] = raw["networkPolicy"]
        return TeamEdit(team_id, raw), kind
    names = [s.name for s in team.services]
    if kind == "create" or not names:
        fresh = [n for n in NEW_NAMES if n not in names]
        if fresh:
            name = data.draw(st.sampled_from(fresh))
            raw = edits.set_mode(edits.new_service(name), data.draw(st.sampled_from(Mode)),
                                 model.dialect)
            expected.services[team_id].append(raw)
            return ServiceEdit(team_id, name, raw, create=True), "create"
        kind = "mode"
    index = data.draw(st.integers(0, len(names) - 1))
    old = team.services[index].raw
    if kind == "mode":
        new = edits.set_mode(old, data.draw(st.sampled_from(Mode)), model.dialect)
    elif kind == "allow":
        new = edits.add_allow(old, draw_entry(data, model))
    elif kind == "revoke":
        known = old.get("networkPolicy", {}).get("ingressPrivate", {}).get("allow") or []
        if known and data.draw(st.booleans()):
            item = data.draw(st.sampled_from(known))
            entry = AllowEntry(item["team"], item.get("service"))
        else:
            entry = draw_entry(data, model)
        new = edits.remove_allow(old, entry)
    elif kind == "egress-add":
        ports = data.draw(st.lists(st.sampled_from(PORTS), min_size=1, max_size=3, unique=True))
        new = edits.add_egress(old, EgressRule(data.draw(st.sampled_from(DOMAINS)), tuple(ports)))
    else:
        rules = old.get("networkPolicy", {}).get("egressPublic") or []
        hosts = [r["domain"] for r in rules] + list(DOMAINS)
        new = edits.remove_egress(old, data.draw(st.sampled_from(hosts)))
    expected.services[team_id][index] = new
    return ServiceEdit(team_id, names[index], new), kind


def target_file(model: RepoModel, edit: Edit) -> str:
    """The one file an edit may write: where the team's settings or services live."""
    if isinstance(edit, TeamEdit) or model.layout is Layout.SINGLE:
        return TEAMS_FILE
    return f"env/teams/services.{edit.team}.yaml"


def check_saved(root: Path, before: dict[str, bytes], written: list[str]) -> RepoModel:
    """Files parse, validation finds no error, unwritten files are unchanged; the new model."""
    after = {rel: data for rel, (data, _) in snapshot(root).items()}
    assert set(before) <= set(after)
    for rel, data in after.items():
        if rel not in written:
            assert before.get(rel) == data, f"{rel} changed but was not written"
        yaml.load(data.decode("utf-8"), Loader=yaml.CSafeLoader)
    ws = open_workspace(root)
    assert [f.as_text() for f in ws.errors] == []
    return ws.model


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    dialect=st.sampled_from(("v1", "v2")),
    single_file=st.booleans(),
    seed=st.integers(0, 10_000),
    drop_services_file=st.booleans(),
    steps=st.integers(1, 6),
)
def test_random_form_operations_keep_the_repo_exact(
    data: st.DataObject, dialect: str, single_file: bool, seed: int,
    drop_services_file: bool, steps: int,
) -> None:
    files = generate_files(3, 3, single_file=single_file, dialect=dialect, seed=seed)
    services_files = sorted(rel for rel in files if rel.startswith("env/teams/services."))
    if drop_services_file and services_files:
        del files[services_files[-1]]  # that team is left with settings only
    with tempfile.TemporaryDirectory(prefix="ztui-prop-") as tmp:
        root = Path(tmp)
        write_files(root, files)
        store = Store(root)  # one store for the session, as the TUI keeps it
        model = check_saved(root, {rel: t.encode() for rel, t in files.items()}, [])
        expected = Expected.of(model)
        for _ in range(steps):
            before = {rel: data for rel, (data, _) in snapshot(root).items()}
            edit, kind = draw_operation(data, model, expected)
            written = store.write(store.plan(model, [edit]))
            assert set(written) <= {target_file(model, edit)}, kind
            model = check_saved(root, before, written)
            expected.check(model)
