"""`ztui edit` on the later layouts, end to end through `ztui.cli.main`: files, git, exit codes.

Expected texts are written by hand from the fixtures; errors are one line on stderr, exit 1 for
a request that cannot be met (an unknown rule, an invalid result), 2 for unusable input (an
option of the other layout or of the other kind of rule, a malformed value).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from ztui.cli import main
from ztui.model import Label, Port, RepoModel, RuleType, Source
from ztui.repo.loader import load_repo
from ztui.repo.store import Change, Edit, Store
from ztui.review import review_commit

from .conftest import git, read, snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures"
Cap = pytest.CaptureFixture[str]
WEB = "env/teams/shop/netpols/web.yaml"
SHOP_NETPOLS = "env/teams/netpols.shop.yaml"


def committed_copy(layout: str, dest: Path) -> Path:
    """A git repo on main holding the fixture repo of `layout` in one commit."""
    root = Path(shutil.copytree(FIXTURES / layout, dest))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "values")
    return root


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return committed_copy("files", tmp_path / "files")


@pytest.fixture
def netpols(tmp_path: Path) -> Path:
    return committed_copy("netpols", tmp_path / "netpols")


def run(capsys: Cap, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_inbound_options_in_both_layouts(files: Path, netpols: Path, capsys: Cap) -> None:
    for root in (files, netpols):
        code, _, err = run(capsys, "edit", str(root), "shop/api", "--ingress-mode", "allow-all",
                           "--to", "otomi.io/app=checkout", "--revoke-from", "team-data",
                           "--allow-from", "team-labs/app=etl")
        assert code == 0
        assert "warning ZT203 shop/api" in err  # AllowAll ignores the sources: said, not refused
        api = load_repo(root).rule("shop/api")
        assert api is not None
        assert api.target == Label("otomi.io/app", "checkout")
        assert api.sources == (Source("team-shop", Label("otomi.io/app", "web")),
                               Source("team-labs", Label("app", "etl")))
    assert read(files, "env/teams/shop/netpols/api.yaml").endswith(
        "    ingress:\n"
        "      mode: AllowAll\n"
        "      toLabelName: otomi.io/app\n"
        "      toLabelValue: checkout\n"
        "      allow:\n"
        "        - fromNamespace: team-shop   # our own front end\n"
        "          fromLabelName: otomi.io/app\n"
        "          fromLabelValue: web\n"
        "        - fromNamespace: team-labs\n"
        "          fromLabelName: app\n"
        "          fromLabelValue: etl\n"
    )


def test_outbound_options_and_no_ports(files: Path, capsys: Cap) -> None:
    code, out, err = run(capsys, "edit", str(files), "shop/cdn", "--domain", "cdn.example.org",
                         "--ports", "none")
    assert (code, err) == (0, "")
    assert out == "shop/cdn: wrote env/teams/shop/netpols/cdn.yaml\n"
    assert read(files, "env/teams/shop/netpols/cdn.yaml").endswith(
        '    egress:\n      domain: "cdn.example.org"\n'  # the value keeps its quotes
    )
    code, _, _ = run(capsys, "edit", str(files), "shop/cdn", "--ports", "443/https,8443/tcp")
    cdn = load_repo(files).rule("shop/cdn")
    assert code == 0 and cdn is not None and cdn.egress is not None
    assert cdn.egress.ports == (Port(443, "HTTPS"), Port(8443, "TCP"))


def test_switches_in_both_layouts(files: Path, netpols: Path, capsys: Cap) -> None:
    code, out, _ = run(capsys, "edit", str(files), "labs", "--egress-filtering", "on")
    assert (code, out) == (0, "labs: wrote env/teams/labs/settings.yaml\n")
    assert read(files, "env/teams/labs/settings.yaml").endswith("    egressPublic: true\n")
    code, out, _ = run(capsys, "edit", str(netpols), "labs", "--egress-filtering", "on",
                       "--ingress-filtering", "off")
    assert (code, out) == (0, "labs: wrote env/teams.yaml\n")
    assert read(netpols, "env/teams.yaml").endswith(
        "  labs:\n"
        "    networkPolicy:\n"
        "      ingressPrivate: false\n"
        "      egressPublic: true    # the lab has no way out\n"
    )


def test_create_outbound_writes_a_new_file_and_commits_it(files: Path, capsys: Cap) -> None:
    rel = "env/teams/labs/netpols/pypi.yaml"
    code, out, err = run(capsys, "edit", str(files), "labs/pypi", "--create", "outbound",
                         "--domain", "pypi.org", "--ports", "443/HTTPS", "--commit", "pypi")
    assert code == 0
    assert err.startswith("warning ZT204 labs/pypi:")  # labs has egressPublic false
    assert out.splitlines()[0] == f"labs/pypi: wrote {rel}"
    assert read(files, rel) == (
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: pypi\n"
        "  labels:\n"
        "    apl.io/teamId: labs\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: egress\n"
        "    egress:\n"
        "      domain: pypi.org\n"
        "      ports:\n"
        "        - number: 443\n"
        "          protocol: HTTPS\n"
    )
    assert git(files, "show", "--name-status", "--format=%s", "HEAD") == f"pypi\n\nA\t{rel}\n"
    assert git(files, "status", "--porcelain") == ""


def test_create_inbound_in_the_netpols_layout(netpols: Path, capsys: Cap) -> None:
    code, _, err = run(capsys, "edit", str(netpols), "admin/grafana", "--create", "inbound",
                       "--to", "otomi.io/app=grafana", "--allow-from", "team-shop")
    assert code == 0
    assert err.startswith("warning ZT209 admin/grafana:")
    grafana = load_repo(netpols).rule("admin/grafana")
    assert grafana is not None and grafana.type is RuleType.INGRESS
    assert grafana.sources == (Source("team-shop"),)
    text = read(netpols, "env/teams/netpols.admin.yaml")
    assert text.startswith("teamConfig:\n  admin:\n    netpols:\n      - id: ")
    assert text.endswith(
        "        name: grafana\n"
        "        ruleType:\n"
        "          type: ingress\n"
        "          ingress:\n"
        "            mode: AllowOnly\n"
        "            toLabelName: otomi.io/app\n"
        "            toLabelValue: grafana\n"
        "            allow:\n"
        "              - fromNamespace: team-shop\n"
    )


def test_delete_removes_the_file_and_the_commit_records_it(files: Path, capsys: Cap) -> None:
    code, out, err = run(capsys, "edit", str(files), "shop/web", "--delete", "--commit",
                         "drop web")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"shop/web: wrote {WEB}"
    assert not (files / WEB).exists()
    assert git(files, "show", "--name-status", "--format=%s", "HEAD") == (
        f"drop web\n\nD\t{WEB}\n"
    )
    assert git(files, "status", "--porcelain") == ""


def test_delete_of_a_netpols_item_is_committed(netpols: Path, capsys: Cap) -> None:
    code, _, _ = run(capsys, "edit", str(netpols), "shop/web", "--delete", "--commit", "web")
    assert code == 0
    model = load_repo(netpols)
    assert [r.name for r in model.teams["shop"].rules] == [
        "api", "db", "stripe", "cdn", "resolver"
    ]
    assert git(netpols, "show", "--name-status", "--format=%s", "HEAD") == (
        f"web\n\nM\t{SHOP_NETPOLS}\n"
    )


def test_review_of_a_deletion_shows_it(files: Path) -> None:
    (files / WEB).unlink()
    review = review_commit(files, [WEB])
    assert review.files == (WEB,)
    assert review.values.startswith(f"--- a/{WEB}\n+++ /dev/null\n@@ -1,12 +0,0 @@\n")
    assert review.reach != []


def test_dry_run_writes_nothing(files: Path, capsys: Cap) -> None:
    before = snapshot(files)
    code, out, _ = run(capsys, "edit", str(files), "shop/web", "--delete", "--dry-run")
    assert code == 0
    assert out.startswith(f"--- a/{WEB}\n+++ /dev/null\n")
    assert snapshot(files) == before


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "start"),
    [
        (("shop/api", "--egress-add", "a.com:443/HTTPS"), 2,
         "ztui: --egress-add edits services;"),
        (("shop/api", "--domain", "a.com"), 2,
         "ztui: shop/api is an inbound rule: --domain is for outbound rules"),
        (("shop/stripe", "--to", "app=x", "--allow-from", "ns"), 2,
         "ztui: shop/stripe is an outbound rule: --to, --allow-from are for inbound rules"),
        (("shop/new", "--create", "inbound"), 2, "ztui: --create inbound needs --to"),
        (("shop/new", "--create", "outbound"), 2, "ztui: --create outbound needs --domain"),
        (("shop/new", "--create"), 2, "ztui: --create needs inbound or outbound"),
        (("shop/new", "--create", "sideways", "--to", "a=b"), 2, "ztui: --create 'sideways'"),
        (("shop/api", "--create", "outbound", "--domain", "a.com"), 1,
         "ztui: shop/api exists and is an inbound rule, not an outbound rule"),
        (("shop/stripe", "--create", "inbound", "--to", "a=b"), 1,
         "ztui: shop/stripe exists and is an outbound rule, not an inbound rule"),
        (("shop/nope", "--to", "a=b"), 1, "ztui: team 'shop' has no rule 'nope'"),
        (("shop/nope", "--delete"), 1, "ztui: team 'shop' has no rule 'nope'"),
        (("shop/web", "--delete", "--to", "a=b"), 2, "ztui: --delete removes shop/web"),
        (("shop/api", "--ingress-mode", "DenyAll"), 2, "ztui: --ingress-mode 'DenyAll'"),
        (("shop/api", "--to", "nolabel"), 2, "ztui: --to 'nolabel': write LABEL=VALUE"),
        (("shop/api", "--allow-from", "team-x/"), 2, "ztui: --allow-from 'team-x/'"),
        (("shop/stripe", "--ports", "443"), 2, "ztui: --ports '443': write ports"),
        (("shop", "--to", "a=b"), 2, "ztui: rule options need TEAM/RULE"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    files: Path, capsys: Cap, argv: tuple[str, ...], code: int, start: str
) -> None:
    before = snapshot(files)
    got, out, err = run(capsys, "edit", str(files), *argv)
    assert (got, out) == (code, "")
    assert err.startswith(start), err
    assert err.count("\n") == 1
    assert snapshot(files) == before


def test_an_invalid_result_is_refused_with_its_reasons(netpols: Path, capsys: Cap) -> None:
    before = snapshot(netpols)
    code, out, err = run(capsys, "edit", str(netpols), "shop/api", "--to", "app=Not Valid")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert any("ZT111" in line and "shop/api" in line for line in lines)
    assert lines[-1] == "ztui: refused: shop/api would have 1 error; nothing written"
    assert snapshot(netpols) == before


def test_create_of_an_existing_rule_of_that_kind_is_an_edit(files: Path, capsys: Cap) -> None:
    """A script may run twice: the second `--create` finds the rule as it wants it."""
    before = snapshot(files)
    code, out, err = run(capsys, "edit", str(files), "shop/stripe", "--create", "outbound",
                         "--domain", "api.stripe.com", "--ports", "443/HTTPS")
    assert (code, out, err) == (0, "shop/stripe: nothing to change\n", "")
    assert snapshot(files) == before


def test_rule_options_on_a_services_era_repo(demo: Path, capsys: Cap) -> None:
    before = snapshot(demo)
    code, out, err = run(capsys, "edit", str(demo), "web/cms", "--to", "app=cms", "--delete")
    assert (code, out) == (2, "")
    assert err.startswith("ztui: --to, --delete edit named rules of a later layout;")
    assert "--egress-add" in err and err.count("\n") == 1
    code, _, err = run(capsys, "edit", str(demo), "web/blog", "--create", "inbound")
    assert code == 2 and err.startswith("ztui: --create inbound edits named rules")
    assert snapshot(demo) == before


def test_a_changed_file_is_refused(files: Path, capsys: Cap, monkeypatch: pytest.MonkeyPatch
                                   ) -> None:
    """The file changes between the load and the write: nothing is overwritten."""
    real = Store.plan

    def plan_then_change(self: Store, model: RepoModel, planned: Sequence[Edit]) -> list[Change]:
        changes = real(self, model, planned)
        (files / WEB).write_text("# someone else\n")
        return changes

    monkeypatch.setattr(Store, "plan", plan_then_change)
    code, _, err = run(capsys, "edit", str(files), "shop/web", "--delete")
    assert code == 1 and "changed on disk" in err and err.count("\n") == 1
    assert read(files, WEB) == "# someone else\n"
