"""Loading whole repos: both dialects in both layouts, merging, restriction, broken files."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest

from ztui.model import (
    AllowEntry,
    Dialect,
    EgressRule,
    Layout,
    Location,
    Mode,
    Port,
    RepoModel,
    Severity,
)
from ztui.repo import loader
from ztui.repo.loader import assemble, load_repo, plan
from ztui.repo.yamlread import KEY, FileRead, read_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
A1 = "env/teams/services.a1.yaml"
A2 = "env/teams/services.a2.yaml"


def load(name: str) -> RepoModel:
    return load_repo(FIXTURES / name)


def codes(model: RepoModel) -> list[str]:
    return [finding.code for finding in model.findings]


def test_hashes_of_the_files_read() -> None:
    model = load("v2-split")
    expected = {
        rel: hashlib.sha256((FIXTURES / "v2-split" / rel).read_bytes()).hexdigest()
        for rel in ("env/teams.yaml", A1, A2)
    }
    assert model.hashes == expected


def test_v1_single_file() -> None:
    model = load("v1-single")
    assert (model.dialect, model.layout) == (Dialect.V1, Layout.SINGLE)
    assert model.findings == []
    assert model.files == ["env/teams.yaml"]
    assert list(model.teams) == ["a1", "admin"]
    a1 = model.teams["a1"]
    assert (a1.ingress_private, a1.egress_public, a1.prometheus, a1.alertmanager) == (
        True, False, True, False,
    )
    assert [s.name for s in a1.services] == ["database", "c1", "db2"]
    c1 = a1.services[1]
    assert c1.egress == (
        EgressRule("httpbin.org", (Port(443, "HTTPS"),)),
        EgressRule("116.203.255.68", (Port(443, "TCP"),)),
    )
    db2 = a1.services[2]
    assert db2.mode is Mode.ALLOW_ONLY
    assert db2.allow == (AllowEntry("a1", "c7"),)
    assert (a1.settings_file, a1.services_file) == ("env/teams.yaml", "env/teams.yaml")
    assert a1.location == Location("env/teams.yaml", 4, 5)
    assert db2.location == Location("env/teams.yaml", 19, 11)
    assert "services" not in a1.raw and a1.raw["networkPolicy"]["egressPublic"] is False


def test_v2_single_file_with_a_team_called_teams() -> None:
    model = load("v2-single")
    assert (model.dialect, model.layout) == (Dialect.V2, Layout.SINGLE)
    assert list(model.teams) == ["a1", "teams"]
    teams = model.teams["teams"]
    assert teams.ingress_private is False
    assert [(s.name, s.mode, s.allow) for s in teams.services] == [
        ("board", Mode.ALLOW_ONLY, (AllowEntry("a1"),)),
    ]
    assert model.teams["a1"].services[0].mode is Mode.ALLOW_ALL


def test_v1_split_with_a_file_holding_two_teams() -> None:
    model = load("v1-split")
    assert (model.dialect, model.layout) == (Dialect.V1, Layout.SPLIT)
    assert model.findings == []  # the broken apps file and the SOPS file are never parsed
    assert model.files == ["env/teams.yaml", A1, A2]
    assert list(model.teams) == ["a1", "a2", "a3", "a4"]
    a1, a2, a3, a4 = (model.teams[t] for t in ("a1", "a2", "a3", "a4"))
    assert a1.egress_public is False  # from env/teams.yaml
    assert [(s.name, s.mode, s.allow) for s in a1.services] == [
        ("api", Mode.ALLOW_ONLY, (AllowEntry("a2"),)),
    ]
    assert [s.name for s in a2.services] == ["web"]
    assert [(s.name, s.knative) for s in a3.services] == [("batch", True)]
    assert (a3.settings_file, a3.services_file) == ("env/teams.yaml", A2)
    assert a3.location == Location(A2, 7, 5)
    # a4 is only named by apps.a4.yaml: it exists with defaults
    assert (a4.services, a4.ingress_private, a4.egress_public) == ([], True, True)
    assert a4.services_file == "env/teams/services.a4.yaml"  # where its services would go
    assert a4.settings_file == "env/teams.yaml"


def test_v2_split() -> None:
    model = load("v2-split")
    assert (model.dialect, model.layout) == (Dialect.V2, Layout.SPLIT)
    assert model.findings == []
    assert list(model.teams) == ["a1", "a2", "a5", "a6"]
    a1 = model.teams["a1"]
    assert (a1.alertmanager, a1.services_file, a1.settings_file) == (
        True, A1, "env/teams.yaml",
    )
    api, worker = a1.services
    assert api.allow == (AllowEntry("a2", "web"),)
    assert api.egress == (EgressRule("api.stripe.com", (Port(443, "HTTPS"),)),)
    assert api.raw["port"] == 8080  # other features' keys stay in raw
    assert (worker.pod_selector, worker.knative, worker.selector_value) == (
        "worker-v2", True, "worker-v2",
    )
    assert model.teams["a2"].ingress_private is False
    assert [s.name for s in model.teams["a5"].services] == ["cron"]


def test_marks_of_a_deep_field_point_into_the_services_file() -> None:
    api = load("v2-split").teams["a1"].services[0]
    # line 14: `            - domain: api.stripe.com` (the dash at 13, `domain` at 15)
    assert api.marks[("networkPolicy", "egressPublic", 0, "domain")] == Location(A1, 14, 23)
    assert api.marks[("networkPolicy", "egressPublic", 0, "domain", KEY)] == Location(A1, 14, 15)
    # line 17: `                  number: 443`
    path = ("networkPolicy", "egressPublic", 0, "ports", 0, "number")
    assert api.marks[path] == Location(A1, 17, 27)
    assert api.mark((*path, "no-such")) == Location(A1, 17, 27)
    assert api.location == Location(A1, 5, 9)
    assert api.marks[()] == api.location
    assert api.marks[("name", KEY)] == Location(A1, 5, 9)


def test_team_marks_are_relative_and_leave_services_to_them() -> None:
    a1 = load("v2-split").teams["a1"]
    assert a1.marks[("networkPolicy", "egressPublic")] == Location("env/teams.yaml", 5, 21)
    assert a1.marks[("services", KEY)] == Location(A1, 4, 5)
    assert not any(len(p) > 1 and p[0] == "services" and p[1] == 0 for p in a1.marks)


def test_merge_order_and_override() -> None:
    model = load("v2-merge")
    a1 = model.teams["a1"]
    # env/teams.yaml < services.a1.yaml < services.zz.yaml: mappings merge, scalars replace
    assert a1.ingress_private is False  # only env/teams.yaml sets it
    assert a1.egress_public is True  # true, then false (a1 file), then true (zz file)
    assert a1.prometheus is True
    assert a1.marks[("networkPolicy", "ingressPrivate")] == Location("env/teams.yaml", 4, 23)
    zz = "env/teams/services.zz.yaml"
    assert a1.marks[("networkPolicy", "egressPublic")] == Location(zz, 4, 21)
    assert a1.settings_file == zz  # the last file with its settings: an edit there wins
    assert [s.name for s in a1.services] == ["new"]
    assert a1.services_file == A1


def test_services_in_two_files_is_a_warning_naming_both() -> None:
    model = load("v2-merge")
    assert codes(model) == ["ZT208"]
    warning = model.findings[0]
    assert warning.severity is Severity.WARNING
    assert warning.location == Location(A1, 5, 5)
    assert "env/teams.yaml" in warning.message and A1 in warning.message
    assert warning.team == "a1"


def test_mixed_dialects_are_an_error_and_every_team_still_loads() -> None:
    model = load("mixed")
    assert model.dialect is Dialect.V2
    assert codes(model) == ["ZT008"]
    assert model.findings[0].location == Location(A2, 1, 1)
    assert A2 in model.findings[0].message
    assert [(s.name, s.mode) for s in model.teams["a2"].services] == [("web", Mode.ALLOW_ALL)]
    assert model.teams["a1"].egress_public is False


def test_a_broken_file_gives_its_finding_and_the_rest_loads() -> None:
    model = load("broken")
    assert [(f.code, f.location) for f in model.findings] == [
        ("ZT001", Location(A2, 5, 17)),
    ]
    assert [s.name for s in model.teams["a1"].services] == ["api"]
    assert model.teams["a2"].services == []  # known from env/teams.yaml, services unreadable


def test_invalid_team_ids_are_reported_and_not_loaded() -> None:
    model = load("bad-ids")
    assert [(f.code, f.location) for f in model.findings] == [
        ("ZT101", Location("env/teams/services.UPPER.yaml", 1, 1)),
        ("ZT101", Location("env/teams.yaml", 3, 3)),
        ("ZT101", Location("env/teams.yaml", 4, 3)),
    ]
    assert sorted(model.teams) == ["good", "ok2"]


def test_restricting_to_a_team_reads_only_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def recording(root: Path, rel: str) -> FileRead:
        opened.append(rel)
        return read_file(root, rel)

    monkeypatch.setattr(loader, "read_file", recording)
    model = load_repo(FIXTURES / "v2-split", teams=["a1"])
    assert opened == ["env/teams.yaml", A1]
    assert model.files == ["env/teams.yaml", A1]
    assert list(model.teams) == ["a1"]
    assert [s.name for s in model.teams["a1"].services] == ["api", "worker"]


def test_assemble_takes_reads_in_any_order() -> None:
    repo_plan = plan(FIXTURES / "v2-merge")
    reads = [read_file(repo_plan.root, rel) for rel in reversed(repo_plan.files)]
    model = assemble(repo_plan, reads)
    assert model.teams["a1"].egress_public is True  # still merged in plan order


def test_assemble_does_not_change_the_reads() -> None:
    repo_plan = plan(FIXTURES / "v2-merge")
    reads = [read_file(repo_plan.root, rel) for rel in repo_plan.files]
    snapshot = copy.deepcopy([read.data for read in reads])
    assemble(repo_plan, reads)
    assert [read.data for read in reads] == snapshot


def test_wrong_shapes_are_reported(tmp_path: Path) -> None:
    (tmp_path / "env").mkdir()
    (tmp_path / "env/teams.yaml").write_text(
        "teamConfig:\n  a1: 5\n  a2:\n    services: {x: 1}\n  a3:\n    services:\n      - web\n"
    )
    model = load_repo(tmp_path)
    assert [(f.code, f.location) for f in model.findings] == [
        ("ZT003", Location("env/teams.yaml", 2, 7)),
        ("ZT003", Location("env/teams.yaml", 4, 15)),
        ("ZT003", Location("env/teams.yaml", 7, 9)),
    ]
    assert sorted(model.teams) == ["a1", "a2", "a3"]
    assert model.teams["a3"].services == []


def test_a_services_file_with_a_sops_key_is_skipped_not_broken(tmp_path: Path) -> None:
    (tmp_path / "env/teams").mkdir(parents=True)
    (tmp_path / "env/teams.yaml").write_text("teamConfig:\n  a1: {}\n")
    (tmp_path / A1).write_text("teamConfig: {a1: {services: ENC[AES256_GCM,data:\nsops:\n  x: [\n")
    model = load_repo(tmp_path)
    assert model.findings == []
    assert model.files == ["env/teams.yaml"]
    assert model.teams["a1"].services == []
