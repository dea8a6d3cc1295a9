"""Strings from files are shown as they are: never as markup, never as terminal control."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual.widgets import Label

from tests.ui.conftest import MakeApp, plain, settle
from ztui.ui.fields import parse_ports, spot_of
from ztui.ui.text import literal, printable
from ztui.ui.widgets.problems import ProblemList
from ztui.ui.widgets.service_form import ServiceForm
from ztui.ui.widgets.team_tree import NodeRef, TeamTree

HOSTILE = '''
      - name: "[bold]x"
        networkPolicy:
          egressPublic:
            - domain: "evil\\e[2J.example.com"
              ports: [{protocol: HTTPS, number: 443}]
      - name: "\\e]0;owned\\a[red]y"
'''


def test_printable_escapes_controls_and_bidi() -> None:
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("tab\there\n") == "tab\\x09here\\x0a"
    assert printable("c1\x9bx") == "c1\\x9bx"
    assert printable("rtl\u202eevil") == "rtl\\u202eevil"
    assert printable(42) == "42"
    assert literal("[bold]x").plain == "[bold]x"
    assert not literal("[bold]x").spans


def test_parse_ports() -> None:
    assert parse_ports("443/https, 80/HTTP") == (
        [p for p in parse_ports("443/HTTPS 80/HTTP")[0]], None
    )
    ports, problem = parse_ports("443/HTTPS, 8x/TCP")
    assert [p.number for p in ports] == [443]
    assert problem is not None and "'8x/TCP' is not a port" in problem
    assert parse_ports("443")[1] is not None and "needs a protocol" in str(parse_ports("443")[1])
    assert parse_ports("") == ([], None)


def test_spot_of_routes_finding_paths() -> None:
    assert spot_of("networkPolicy.egressPublic[2].ports[0].number").column == "ports"
    assert spot_of("networkPolicy.ingressPrivate.allow[1].service").index == 1
    assert spot_of("networkPolicy.ingressPrivate.allow").section == "allow"
    assert spot_of("networkPolicy.ingressPrivate.mode").section == "mode"
    assert spot_of("name").section == "general"
    assert spot_of(None).section == "general"


async def test_hostile_names_show_literally(make_app: MakeApp, demo_repo: Path) -> None:
    services = demo_repo / "env/teams/services.legacy.yaml"
    services.write_text(services.read_text() + HOSTILE)
    harness = make_app(demo_repo, size=(120, 40))
    async with harness.run() as pilot:
        main = harness.main
        tree = main.query_one(TeamTree)
        assert tree.has_ref(NodeRef("legacy", "[bold]x"))
        assert tree.select_ref(NodeRef("legacy", "[bold]x"))
        await settle(pilot)
        labels = [
            tree.render_label(node, Style(), Style()).plain
            for node in tree.root.children[-1].children
        ]
        assert any(label.startswith("[bold]x ") for label in labels), labels
        assert any(label.startswith("\\x1b]0;owned\\x07[red]y") for label in labels), labels

        title = plain(main.query_one(ServiceForm).query_one("#service-title", Label))
        assert title == "legacy / [bold]x"
        domain = main.query_one(ServiceForm).query("Input").first()
        assert "\\x1b[2J" in domain.value  # type: ignore[attr-defined]

        await pilot.press("f4")
        await settle(pilot)
        problems = main.query_one(ProblemList)
        prompts = [
            str(problems.get_option_at_index(i).prompt) for i in range(problems.option_count)
        ]
        assert any("legacy/[bold]x" in text for text in prompts), prompts
        screen = pilot.app.export_screenshot()
        assert "\x1b" not in screen
