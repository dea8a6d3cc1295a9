"""Later-layout rules, teams and repos built by hand from raw mappings, marks included.

Why: the validators only need `Rule.raw`, `Rule.base` and the marks, so the tests make rules in
both stored shapes (a `netpols` list item, base `()`, and an `AplTeamNetworkControl` document,
base `("spec",)`) without the reader. `marks_for` gives every field its own line in document
order, so a test can name the mark a finding must point at by its path.
"""

from __future__ import annotations

from typing import Any

from tests.schema.factory import marks_for
from tests.schema.factory import team as services_team
from ztui.model import Dialect, FieldPath, Layout, RepoModel, Rule, Team

NETPOLS, FILES = Layout.NETPOLS, Layout.FILES
BASES: dict[Layout, FieldPath] = {NETPOLS: (), FILES: ("spec",)}


def stored(rule_type: Any, name: Any = "api", team: str = "shop",
           layout: Layout = FILES) -> dict[str, Any]:
    """A rule as `layout` stores it, holding `rule_type`."""
    if layout is FILES:
        return {"kind": "AplTeamNetworkControl",
                "metadata": {"name": name, "labels": {"apl.io/teamId": team}},
                "spec": {"ruleType": rule_type}}
    return {"id": f"id-{name}", "name": name, "ruleType": rule_type}


def rule_file(team: str, name: str, layout: Layout) -> str:
    """The file a rule of `team` lives in."""
    if layout is FILES:
        return f"env/teams/{team}/netpols/{name}.yaml"
    return f"env/teams/netpols.{team}.yaml"


def rule(rule_type: Any, name: Any = "api", team: str = "shop", layout: Layout = FILES,
         *, raw: dict[str, Any] | None = None, first_line: int = 1) -> Rule:
    """A rule of `team` with marks; `raw` replaces the stored shape when given."""
    if raw is None:
        raw = stored(rule_type, name, team, layout)
    text = name if isinstance(name, str) else ""
    file = rule_file(team, text or "x", layout)
    marks = marks_for(raw, file=file, first_line=first_line)
    return Rule(team=team, name=text, raw=raw, base=BASES[layout], location=marks[()],
                marks=marks, file=file, id=raw.get("id") if layout is NETPOLS else None)


def inbound(value: str = "api", *sources: dict[str, Any], mode: str | None = "AllowOnly",
            name: str = "otomi.io/app", allow: bool = True) -> dict[str, Any]:
    """An ingress ruleType protecting `name=value`; `allow` False leaves the list out."""
    section: dict[str, Any] = {}
    if mode is not None:
        section["mode"] = mode
    section.update(toLabelName=name, toLabelValue=value)
    if allow:
        section["allow"] = list(sources)
    return {"type": "ingress", "ingress": section}


def source(namespace: str, label: tuple[str, str] | None = None) -> dict[str, Any]:
    """A source of an AllowOnly rule: a namespace, optionally only pods with one label."""
    out: dict[str, Any] = {"fromNamespace": namespace}
    if label is not None:
        out.update(fromLabelName=label[0], fromLabelValue=label[1])
    return out


def outbound(domain: Any, *ports: tuple[Any, Any]) -> dict[str, Any]:
    """An egress ruleType; no ports when none are given."""
    section: dict[str, Any] = {"domain": domain}
    if ports:
        section["ports"] = [{"number": n, "protocol": p} for n, p in ports]
    return {"type": "egress", "egress": section}


def team(team_id: str, *rules: Rule, ingress_private: bool = True,
         egress_public: bool = True) -> Team:
    """A team of a later layout with its switches and `rules`."""
    out = services_team(team_id, ingress_private=ingress_private, egress_public=egress_public)
    out.rule_based, out.rules = True, list(rules)
    return out


def repo(*teams: Team, layout: Layout = FILES) -> RepoModel:
    """A later-layout repo model holding `teams`."""
    return RepoModel(root="/repo", layout=layout, dialect=Dialect.V2,
                     teams={t.id: t for t in teams})
