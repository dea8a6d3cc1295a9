"""Pilot flows on the later layouts (spec 5), keyboard only, against fresh fixture copies.

The tree is team -> Inbound / Outbound -> rule; a rule's form edits it, `n` adds one, `d`
deletes one, ctrl+s saves through the store and `c` reviews the commit. Expected file texts are
written by hand from the fixtures.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Switch

from tests.ui.conftest import MakeApp, plain, settle, snapshot_files
from tests.ui.rule_repos import TEAMS, rule_repo, walk_to
from ztui.model import RuleType
from ztui.ui.screens.commit_review import CommitReviewScreen
from ztui.ui.screens.confirm import ConfirmScreen
from ztui.ui.screens.new_rule import NewRuleScreen
from ztui.ui.widgets.inbound_form import InboundForm
from ztui.ui.widgets.preview import Preview
from ztui.ui.widgets.problems import ProblemList
from ztui.ui.widgets.team_tree import NodeRef, TeamTree

API = NodeRef("shop", rule="api")
STRIPE = NodeRef("shop", rule="stripe")
API_FILE = "env/teams/shop/netpols/api.yaml"
STRIPE_FILE = "env/teams/shop/netpols/stripe.yaml"
NETPOLS_SHOP = "env/teams/netpols.shop.yaml"


def toasts(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_the_tree_is_team_inbound_outbound_rule(make_app: MakeApp, tmp_path: Path) -> None:
    harness = make_app(rule_repo(tmp_path, "files"))
    async with harness.run() as pilot:
        tree = harness.main.query_one(TeamTree)
        assert [n.data for n in tree.root.children] == [NodeRef(t) for t in TEAMS]
        shop = tree.root.children[3]
        inbound, outbound = shop.children
        assert (str(inbound.label), str(outbound.label)) == ("Inbound", "Outbound")
        assert [n.data for n in inbound.children] == [
            NodeRef("shop", rule=name) for name in ("api", "db", "web")
        ]
        assert [n.data for n in outbound.children] == [
            NodeRef("shop", rule=name) for name in ("cdn", "resolver", "stripe")
        ]
        assert tree._badges_of(NodeRef("shop", group=RuleType.INGRESS))[0][0] == "3"
        assert [b[0] for b in tree._badges_of(API)] == ["→api", "only"]
        assert [b[0] for b in tree._badges_of(NodeRef("shop", rule="web"))] == ["→web", "all"]
        assert [b[0] for b in tree._badges_of(STRIPE)] == ["api.stripe.com"]

        await pilot.press("slash", *"cdn.example")  # a host finds its rule
        await settle(pilot)
        assert [n.data for n in tree.root.children] == [NodeRef("shop")]
        assert tree.has_ref(NodeRef("shop", rule="cdn"))
        assert not tree.has_ref(STRIPE)
        await pilot.press("escape")
        await settle(pilot)
        assert len(tree.root.children) == 4


async def test_edit_the_target_then_save_changes_one_line(
    make_app: MakeApp, tmp_path: Path
) -> None:
    root = rule_repo(tmp_path, "files")
    before = snapshot_files(root)
    old_text = (root / API_FILE).read_text()
    harness = make_app(root)
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, API)
        preview = main.query_one(Preview)
        assert "name: api-ingress-allow-only" in preview.text
        assert "otomi.io/app: api\n  policyTypes" in preview.text

        await pilot.press("enter")  # edit: the cursor goes to the target's label name
        form = main.query_one(InboundForm)
        assert pilot.app.focused is form.target_name
        await pilot.press("tab", "end", "ctrl+u", *"checkout")
        await settle(pilot)
        assert form.target_value.value == "checkout"
        assert "name: api-ingress-allow-only" in preview.text
        assert "otomi.io/app: checkout\n  policyTypes" in preview.text
        assert "otomi.io/app: api\n  policyTypes" not in preview.text
        assert plain(main.query_one("#header #unsaved")) == " · 1 unsaved"
        tree = main.query_one(TeamTree)
        assert [b[0] for b in tree._badges_of(API)] == ["→checkout", "only", "●"]

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert main.session is not None and main.session.unsaved == 0
        assert main.saved_files == {API_FILE}

    after = snapshot_files(root)
    assert {f for f in after if after[f] != before[f]} == {API_FILE}
    expected = old_text.replace("      toLabelValue: api\n", "      toLabelValue: checkout\n")
    assert expected != old_text
    assert (root / API_FILE).read_text() == expected


async def test_new_outbound_rule_then_save_writes_a_file_like_its_siblings(
    make_app: MakeApp, tmp_path: Path
) -> None:
    root = rule_repo(tmp_path, "files")
    harness = make_app(root)
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, NodeRef("shop", group=RuleType.EGRESS))
        await pilot.press("n")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NewRuleScreen) and dialog.kind is RuleType.EGRESS
        await pilot.press(*"stripe", "enter")  # taken
        await pilot.pause()
        assert "already has a rule stripe" in plain(dialog.query_one("#name-message"))
        await pilot.press(*["backspace"] * 6, *"pypi", "tab", "tab", *"pypi.org", "enter")
        await settle(pilot)
        assert pilot.app.screen is main
        assert main.current == NodeRef("shop", rule="pypi")
        assert main.session is not None and main.session.is_rule_new("shop", "pypi")
        assert "name: shop-pypi-pypi-org" in main.query_one(Preview).text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert main.session.unsaved == 0
        assert "env/teams/shop/netpols/pypi.yaml" in main.saved_files

    assert (root / "env/teams/shop/netpols/pypi.yaml").read_text() == (
        "kind: AplTeamNetworkControl\n"
        "metadata:\n"
        "  name: pypi\n"
        "  labels:\n"
        "    apl.io/teamId: shop\n"
        "spec:\n"
        "  ruleType:\n"
        "    type: egress\n"
        "    egress:\n"
        "      domain: pypi.org\n"
    )


async def test_delete_a_rule_then_save_removes_its_file_and_the_review_says_so(
    make_app: MakeApp, tmp_path: Path
) -> None:
    root = rule_repo(tmp_path, "files")
    before = snapshot_files(root)
    harness = make_app(root)
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, STRIPE)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        session = main.session
        assert session is not None and session.is_rule_deleted("shop", "stripe")
        tree = main.query_one(TeamTree)
        assert [b[0] for b in tree._badges_of(STRIPE)] == ["deleted"]
        assert tree._badges_of(NodeRef("shop", group=RuleType.EGRESS))[0][0] == "2"
        assert "is deleted" in str(main.query_one("#preview-caption").render())
        assert (root / STRIPE_FILE).exists()  # nothing goes before the save

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not (root / STRIPE_FILE).exists()
        assert session.unsaved == 0
        assert not tree.has_ref(STRIPE) and session.rule("shop", "stripe") is None
        assert main.current == NodeRef("shop", group=RuleType.EGRESS)

        await pilot.press("escape", "c")
        await settle(pilot)
        review = pilot.app.screen
        assert isinstance(review, CommitReviewScreen)
        assert plain(review.query_one("#review-files")) == f"commits: {STRIPE_FILE} (deleted)"
        assert f"--- a/{STRIPE_FILE}" in review.query_one("#review-diff").plain  # type: ignore[attr-defined]

    after = snapshot_files(root)
    assert set(before) - set(after) == {STRIPE_FILE}
    assert {f for f in after if after[f] != before[f]} == set()


async def test_undo_brings_a_deleted_rule_back(make_app: MakeApp, tmp_path: Path) -> None:
    root = rule_repo(tmp_path, "files")
    before = snapshot_files(root)
    harness = make_app(root)
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, STRIPE)
        await pilot.press("delete", "y")
        await settle(pilot)
        session = main.session
        assert session is not None and session.unsaved == 1
        assert [type(e).__name__ for e in session.pending()] == ["RuleEdit"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not session.is_rule_deleted("shop", "stripe")
        assert session.unsaved == 0 and session.pending() == []
        tree = main.query_one(TeamTree)
        assert [b[0] for b in tree._badges_of(STRIPE)] == ["api.stripe.com"]
        assert "name: shop-stripe-api-stripe-com" in main.query_one(Preview).text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Nothing to save" in text for text in toasts(pilot.app))
    assert snapshot_files(root) == before


async def test_a_team_switch_is_saved_in_settings_yaml(make_app: MakeApp, tmp_path: Path) -> None:
    root = rule_repo(tmp_path, "files")
    settings = "env/teams/labs/settings.yaml"
    old_text = (root / settings).read_text()
    before = snapshot_files(root)
    harness = make_app(root)
    async with harness.run() as pilot:
        main = harness.main
        await walk_to(pilot, NodeRef("labs"))
        await pilot.press("f2")  # the team form: the cursor on the first switch
        assert isinstance(pilot.app.focused, Switch)
        await pilot.press("tab", "space")  # egress filtering: off -> on
        await settle(pilot)
        team = main.session.team("labs")  # type: ignore[union-attr]
        assert team is not None and team.egress_public
        tree = main.query_one(TeamTree)
        assert "egress⊘" not in [b[0] for b in tree._badges_of(NodeRef("labs"))]
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = snapshot_files(root)
    assert {f for f in after if after[f] != before[f]} == {settings}
    assert (root / settings).read_text() == old_text.replace(
        "    egressPublic: false\n", "    egressPublic: true\n"
    )


async def test_read_only_refuses_new_and_delete(make_app: MakeApp, tmp_path: Path) -> None:
    root = rule_repo(tmp_path, "files")
    before = snapshot_files(root)
    harness = make_app(root, read_only=True)
    async with harness.run() as pilot:
        main = harness.main
        for action in ("new_rule", "delete_rule", "save"):
            assert main.check_action(action, ()) is False
        await walk_to(pilot, STRIPE)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is main
        refused = [text for text in toasts(pilot.app) if text.startswith("Read-only:")]
        assert refused == ["Read-only: ztui does not delete rules here.",
                           "Read-only: ztui does not add rules or services here."]
        form = main.query_one("#outbound-form")
        assert all(w.disabled for w in form.query(Input))
        assert main.session is not None and main.session.unsaved == 0
    assert snapshot_files(root) == before


async def test_problems_enter_goes_to_the_rule_and_field(make_app: MakeApp, tmp_path: Path) -> None:
    harness = make_app(rule_repo(tmp_path, "files"), size=(120, 40))
    async with harness.run() as pilot:
        main = harness.main
        await pilot.press("f4")
        await settle(pilot)
        problems = main.query_one(ProblemList)
        listed = [f.code for f in problems._listed]
        db = listed.index("ZT207")  # AllowOnly with no sources: env/teams/shop/netpols/db.yaml
        problems.highlighted = db + 1
        await pilot.press("enter")
        await settle(pilot)
        assert main.current == NodeRef("shop", rule="db")
        assert main.query_one("#editor").current == "inbound-form"  # type: ignore[attr-defined]


async def test_netpols_layout_edit_and_new_inbound_rule(make_app: MakeApp, tmp_path: Path) -> None:
    root = rule_repo(tmp_path, "netpols")
    before = snapshot_files(root)
    old_text = (root / NETPOLS_SHOP).read_text()
    harness = make_app(root)
    async with harness.run() as pilot:
        main = harness.main
        tree = main.query_one(TeamTree)
        teams_yaml_order = ("admin", "shop", "data", "labs")
        assert [n.data for n in tree.root.children] == [NodeRef(t) for t in teams_yaml_order]
        await walk_to(pilot, API)
        await pilot.press("enter", "tab", "end", "ctrl+u", *"checkout")
        await settle(pilot)
        assert "otomi.io/app: checkout\n  policyTypes" in main.query_one(Preview).text
        await pilot.press("escape")
        await walk_to(pilot, NodeRef("shop", group=RuleType.INGRESS))
        await pilot.press("n")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NewRuleScreen) and dialog.kind is RuleType.INGRESS
        await pilot.press(*"queue", "tab", "tab", *"queue", "enter")
        await settle(pilot)
        assert main.current == NodeRef("shop", rule="queue")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert main.session is not None and main.session.unsaved == 0
    after = snapshot_files(root)
    assert {f for f in after if after[f] != before[f]} == {NETPOLS_SHOP}
    text = (root / NETPOLS_SHOP).read_text()
    head, _, added = text.partition("            domain: 1.1.1.1\n")
    assert head + "            domain: 1.1.1.1\n" == old_text.replace(
        "            toLabelValue: api\n", "            toLabelValue: checkout\n"
    )
    lines = added.splitlines()
    assert lines[0].startswith("      - id: ") and len(lines[0]) == len("      - id: ") + 36
    assert lines[1:] == [
        "        name: queue",
        "        ruleType:",
        "          type: ingress",
        "          ingress:",
        "            mode: AllowOnly",
        "            toLabelName: otomi.io/app",
        "            toLabelValue: queue",
    ]
