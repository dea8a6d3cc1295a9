"""Commits of what a rule edit leaves behind: a new file in a new folder, a deleted file.

The file-per-rule layout turns "create a rule" into a new file and "delete a rule" into a
missing one; `commit_files` must record both, in one commit, in a values repo that is a
subfolder of the work tree, and leave every other change where it was.
"""

from __future__ import annotations

from pathlib import Path

from ztui.repo.gitrepo import commit_files, open_repo, status

from .conftest import git


def test_a_new_and_a_deleted_rule_file_in_one_commit(work: Path) -> None:
    values = work / "values"
    old = values / "env/teams/shop/netpols/web.yaml"
    old.parent.mkdir(parents=True)
    old.write_text("kind: AplTeamNetworkControl\n")
    git(work, "add", "values")
    git(work, "commit", "-q", "-m", "rules")
    old.unlink()
    new = values / "env/teams/labs/netpols/pypi.yaml"
    new.parent.mkdir(parents=True)
    new.write_text("kind: AplTeamNetworkControl\n")
    (work / "a.yaml").write_text("a: 2\n")
    repo = open_repo(values)
    assert repo is not None
    try:
        result = commit_files(
            repo, ["env/teams/labs/netpols/pypi.yaml", "env/teams/shop/netpols/web.yaml"], "m"
        )
        assert result.files == (
            "env/teams/labs/netpols/pypi.yaml", "env/teams/shop/netpols/web.yaml"
        )
        assert result.others == ("../a.yaml",)
        assert status(repo).dirty == ("../a.yaml",)
    finally:
        repo.close()
    assert git(work, "show", "--no-renames", "--name-status", "--format=", "HEAD") == (
        "A\tvalues/env/teams/labs/netpols/pypi.yaml\n"
        "D\tvalues/env/teams/shop/netpols/web.yaml\n"
    )
