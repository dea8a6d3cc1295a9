"""Finding the files, the layout and the dialect of a repo, and refusing what is not one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ztui.model import Dialect, Location
from ztui.repo.layout import UnusableRepo, file_dialect, plan_repo, repo_dialect, valid_team_id
from ztui.repo.loader import load_repo

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_plan_lists_teams_yaml_then_services_files_by_name() -> None:
    plan = plan_repo(FIXTURES / "v1-split")
    assert plan.files == (
        "env/teams.yaml",
        "env/teams/services.a1.yaml",
        "env/teams/services.a2.yaml",
    )
    # other features' files only name teams; secrets are never listed for reading
    assert plan.named_teams == {
        "a1": ("env/teams/secrets.a1.yaml", "env/teams/services.a1.yaml"),
        "a2": ("env/teams/services.a2.yaml",),
        "a4": ("env/teams/apps.a4.yaml",),
    }
    assert plan.findings == ()


def test_plan_restricted_to_teams_reads_only_their_files() -> None:
    plan = plan_repo(FIXTURES / "v2-split", teams=["a2"])
    assert plan.files == ("env/teams.yaml", "env/teams/services.a2.yaml")
    assert plan.teams == frozenset({"a2"})


def test_a_requested_team_id_that_is_not_valid_is_never_a_path() -> None:
    plan = plan_repo(FIXTURES / "v2-split", teams=["../../etc/passwd", "a1"])
    assert plan.files == ("env/teams.yaml", "env/teams/services.a1.yaml")
    assert [f.code for f in plan.findings] == ["ZT101"]


def test_missing_path_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(UnusableRepo, match="no such directory"):
        plan_repo(tmp_path / "nope")


def test_a_file_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(UnusableRepo, match="is not a directory"):
        plan_repo(tmp_path / "f")


def test_a_directory_without_values_says_what_was_looked_for(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "hello\n")
    with pytest.raises(UnusableRepo) as caught:
        plan_repo(tmp_path)
    message = str(caught.value)
    assert message == (
        f"no Otomi values found in {tmp_path}: looked for env/teams.yaml and "
        "env/teams/services.<team>.yaml with a teamConfig key"
    )
    assert "\n" not in message


def test_teams_yaml_without_team_config_is_unusable(tmp_path: Path) -> None:
    write(tmp_path, "env/teams.yaml", "charts: {}\n")
    with pytest.raises(UnusableRepo, match="no Otomi values found"):
        load_repo(tmp_path)


def test_a_broken_teams_yaml_is_a_finding_not_an_unusable_repo(tmp_path: Path) -> None:
    write(tmp_path, "env/teams.yaml", "teamConfig: [\n")
    model = load_repo(tmp_path)
    assert [f.code for f in model.findings] == ["ZT001"]
    assert model.teams == {}


def test_link_out_of_the_repo_is_reported_and_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("teamConfig: {evil: {services: [{name: x}]}}\n")
    root = tmp_path / "repo"
    write(root, "env/teams.yaml", "teamConfig: {a1: {}}\n")
    (root / "env/teams").mkdir()
    (root / "env/teams/services.evil.yaml").symlink_to(outside)
    plan = plan_repo(root)
    assert plan.files == ("env/teams.yaml",)
    assert [(f.code, f.location) for f in plan.findings] == [
        ("ZT007", Location("env/teams/services.evil.yaml", 1, 1))
    ]
    model = load_repo(root)
    assert model.teams["evil"].services == []  # named by the file, never read


def test_teams_yaml_linked_out_of_the_repo_is_a_finding(tmp_path: Path) -> None:
    write(tmp_path, "outside.yaml", "teamConfig: {x: {}}\n")
    (tmp_path / "repo/env").mkdir(parents=True)
    (tmp_path / "repo/env/teams.yaml").symlink_to(tmp_path / "outside.yaml")
    model = load_repo(tmp_path / "repo")
    assert [(f.code, f.location) for f in model.findings] == [
        ("ZT007", Location("env/teams.yaml", 1, 1))
    ]
    assert model.teams == {} and model.files == []


def test_teams_directory_linked_out_of_the_repo_is_not_listed(tmp_path: Path) -> None:
    write(tmp_path / "outside", "services.x.yaml", "teamConfig: {x: {}}\n")
    root = tmp_path / "repo"
    write(root, "env/teams.yaml", "teamConfig: {a1: {}}\n")
    (root / "env/teams").symlink_to(tmp_path / "outside")
    plan = plan_repo(root)
    assert plan.files == ("env/teams.yaml",)
    assert [f.code for f in plan.findings] == ["ZT007"]


def test_links_inside_the_repo_are_followed(tmp_path: Path) -> None:
    write(tmp_path, "shared/a1.yaml", "teamConfig: {a1: {services: [{name: s}]}}\n")
    write(tmp_path, "env/teams.yaml", "teamConfig: {}\n")
    (tmp_path / "env/teams").mkdir()
    (tmp_path / "env/teams/services.a1.yaml").symlink_to(tmp_path / "shared/a1.yaml")
    model = load_repo(tmp_path)
    assert [s.name for s in model.teams["a1"].services] == ["s"]


@pytest.mark.parametrize(
    ("data", "dialect"),
    [
        ({"teamConfig": {"teams": {"a1": {"services": []}}}}, Dialect.V1),
        ({"teamConfig": {"teams": {"a1": None, "a2": {}}}}, Dialect.V1),
        ({"teamConfig": {"a1": {"services": []}}}, Dialect.V2),
        # a v2 team called `teams`: its mapping has a team's own keys
        ({"teamConfig": {"teams": {"networkPolicy": {"ingressPrivate": False}}}}, Dialect.V2),
        ({"teamConfig": {"teams": {"services": [{"name": "x"}]}}}, Dialect.V2),
        ({"teamConfig": {"teams": {}, "a1": {}}}, Dialect.V2),
        ({"teamConfig": {"teams": None}}, None),
        ({"teamConfig": {}}, None),
        ({"other": 1}, None),
    ],
)
def test_file_dialect_from_the_shape(data: dict[str, Any], dialect: Dialect | None) -> None:
    assert file_dialect(data) is dialect


def test_repo_dialect_is_the_majority() -> None:
    votes = {"a": Dialect.V1, "b": Dialect.V2, "c": Dialect.V2, "d": None}
    assert repo_dialect(votes, []) is Dialect.V2


def test_mode_spellings_break_a_tie_and_decide_when_shape_cannot() -> None:
    spelled_v1 = {"teamConfig": {"teams": {"services": [
        {"networkPolicy": {"ingressPrivate": {"mode": "allowOnly"}}},
    ]}}}
    assert repo_dialect({"a": None}, [spelled_v1]) is Dialect.V1
    assert repo_dialect({"a": Dialect.V1, "b": Dialect.V2}, [spelled_v1]) is Dialect.V1
    assert repo_dialect({"a": None}, [{}]) is Dialect.V2  # nothing tells: the later dialect


@pytest.mark.parametrize(
    ("team_id", "valid"),
    [("a1", True), ("a-b", True), ("a" * 58, True), ("a" * 59, False), ("A1", False),
     ("-a", False), ("a-", False), ("../x", False), ("a b", False), ("", False)],
)
def test_team_ids(team_id: str, valid: bool) -> None:
    assert valid_team_id(team_id) is valid
