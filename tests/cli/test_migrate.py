"""`ztui migrate` and `ztui demo --layout`: the diff first, `--write` writes once, refusals are
one line, and the services-era demo keeps its reachability in both later layouts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import git
import pytest

from tests.cli.conftest import Cli, assert_one_line_error, write_repo
from ztui.analysis import ReachIndex
from ztui.analysis.matrix import pairs
from ztui.migrate.check import endpoints_of, pairs_of
from ztui.migrate.migration import prepare, write
from ztui.migrate.strip import MigrateError
from ztui.model import Layout, RepoModel
from ztui.repo.demo import demo_source
from ztui.repo.loader import load_repo

SMALL = {
    "env/teams.yaml": """\
        teamConfig:
          admin: {}
          shop:
            networkPolicy:
              egressPublic: false
        """,
    "env/teams/services.shop.yaml": """\
        teamConfig:
          shop:
            services:
              - name: api
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow: [{team: shop, service: web}]
              - name: web
                networkPolicy:
                  ingressPrivate: {mode: AllowAll}
        """,
}


def _small(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "small", SMALL)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_dry_run_prints_diffs_notes_and_check(cli: Cli, tmp_path: Path) -> None:
    root = _small(tmp_path)
    before = _tree(root)
    result = cli("migrate", root, "--to", "netpols")
    assert result.code == 0, result
    assert "--- a/env/teams/services.shop.yaml\n+++ b/env/teams/services.shop.yaml" in result.out
    assert "--- /dev/null\n+++ b/env/teams/netpols.shop.yaml" in result.out
    assert "+        name: api\n" in result.out
    # api admits web and the four platform sources of default-ingress-platform (5); web
    # admits both services and those four (6); egress filtering is off: each may reach `*`
    assert result.lines[-2:] == [
        "carried over: everything",
        "reachability unchanged: 11 pairs, 2 egress endpoints",
    ]
    assert _tree(root) == before  # nothing written


def test_write_writes_and_a_second_run_refuses(cli: Cli, tmp_path: Path) -> None:
    root = _small(tmp_path)
    result = cli("migrate", root, "--to", "files", "--write")
    assert result.code == 0, result
    assert result.lines[0] == f"wrote 6 files to {root.resolve()} (layout files):"
    assert "  env/teams/shop/netpols/api.yaml" in result.lines
    assert result.lines[-1] == "reachability unchanged: 11 pairs, 2 egress endpoints"
    model = load_repo(root)
    assert model.layout is Layout.FILES
    assert sorted(r.name for r in model.teams["shop"].rules) == ["api", "web"]
    assert not model.teams["shop"].egress_public
    after = _tree(root)
    again = cli("migrate", root, "--to", "netpols", "--write")
    assert_one_line_error(again, 2, "already in the files layout")
    assert _tree(root) == after
    assert cli("validate", root).code == 0


def test_write_refuses_a_repo_with_errors(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "bad", {**SMALL, "env/teams/services.shop.yaml": """\
        teamConfig:
          shop:
            services:
              - name: api
                networkPolicy:
                  ingressPrivate: {mode: Sometimes}
        """})
    before = _tree(root)
    dry = cli("migrate", root, "--to", "netpols")
    assert dry.code == 0
    assert dry.lines[-1].startswith("--write refuses: the repo has 1 error")
    result = cli("migrate", root, "--to", "netpols", "--write")
    assert result.code == 1
    assert result.err.splitlines() == [
        "ztui: not migrated: the repo has 1 error (fix them first; `ztui validate` lists them)"
    ]
    assert _tree(root) == before


def test_not_a_repo_and_bad_target(cli: Cli, tmp_path: Path) -> None:
    assert_one_line_error(cli("migrate", tmp_path / "nope", "--to", "files"), 2, "nope")
    bad = cli("migrate", _small(tmp_path), "--to", "single")
    assert bad.code == 2 and "invalid choice" in bad.err


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    root = _small(tmp_path)
    migration = prepare(root, Layout.NETPOLS)
    services = root / "env/teams/services.shop.yaml"
    services.write_text(services.read_text() + "# a colleague's edit\n")
    before = _tree(root)
    with pytest.raises(MigrateError, match=r"services\.shop\.yaml was changed on disk"):
        write(migration)
    assert _tree(root) == before


def test_write_refuses_an_unexplained_difference(tmp_path: Path) -> None:
    root = _small(tmp_path)
    migration = prepare(root, Layout.FILES)
    check = dataclasses.replace(migration.check, differences=[("- shop/web -> shop/api", None)])
    assert check.lines()[-1] == "  - shop/web -> shop/api  (UNEXPLAINED)"
    before = _tree(root)
    with pytest.raises(MigrateError, match="reachability check failed"):
        write(dataclasses.replace(migration, check=check))
    assert _tree(root) == before


def _same_reach(before: RepoModel, after: RepoModel) -> None:
    old, new = ReachIndex(before), ReachIndex(after, pods_from=before)
    assert {(s, t) for s, t, _ in pairs(new)} == {(s, t) for s, t, _ in pairs(old)}
    assert endpoints_of(new) == endpoints_of(old)
    # beyond the service matrix, only the team Prometheus of payments loses its reach
    lost = pairs_of(old) - pairs_of(new)
    assert {s for s, _ in lost} == {"platform:prometheus-team-payments"}
    assert pairs_of(new) <= pairs_of(old)


@pytest.mark.parametrize("layout", [Layout.FILES, Layout.NETPOLS])
def test_demo_round_keeps_the_reachability(cli: Cli, tmp_path: Path, layout: Layout) -> None:
    target = tmp_path / "demo"
    result = cli("demo", target, "--layout", layout.value)
    assert result.code == 0, result
    after = load_repo(target)
    assert after.layout is layout
    _same_reach(load_repo(demo_source()), after)
    repo = git.Repo(target)
    assert not repo.is_dirty(untracked_files=True)
    assert len(list(repo.iter_commits())) == 1
    assert cli("validate", target).code == 0
    assert_one_line_error(cli("migrate", target, "--to", "files"), 2, "already in the")


def test_demo_layout_services_is_the_default(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo", tmp_path / "d").code == 0
    assert load_repo(tmp_path / "d").layout is Layout.SPLIT


def test_tui_demo_layout_opens_a_migrated_copy(cli: Cli) -> None:
    import argparse
    import shutil

    from ztui.cli.tui import _root

    root = _root(argparse.Namespace(demo=True, layout="files", repo="."))
    try:
        assert load_repo(root).layout is Layout.FILES
    finally:
        shutil.rmtree(root.parent)
    assert_one_line_error(cli("--layout", "files"), 2, "--layout goes with --demo")


def test_comments_are_counted_and_the_unplaced_ones_quoted(cli: Cli, tmp_path: Path) -> None:
    root = write_repo(tmp_path / "c", {
        "env/teams.yaml": "teamConfig:\n  admin: {}\n  shop: {}\n",
        "env/teams/services.shop.yaml": """\
            teamConfig:
              shop:
                services:
                  - name: api
                    networkPolicy:
                      ingressPrivate:
                        mode: AllowAll   # anyone in the cluster
                  - name: old
                    networkPolicy:
                      # retired with the v1 API
                      ingressPrivate:
                        mode: DenyAll
            """,
    })
    result = cli("migrate", root, "--to", "files")
    assert result.code == 0, result
    assert "+# from env/teams/services.shop.yaml (service api):\n+# anyone in the cluster\n" \
        "+kind: AplTeamNetworkControl\n" in result.out
    assert result.lines[-4:-1] == [
        "not carried over, or rendered differently:",
        "  1. env/teams/services.shop.yaml:10: comment in the networkPolicy of shop/old, which "
        "yields no rule: # retired with the v1 API",
        "comments in the removed networkPolicy blocks: 1 line carried into the new files, "
        "under `# from <file> (...):`; 1 line in no new rule, quoted in note 1",
    ]
