"""Services, teams and repos built straight from the model's dataclasses, marks included.

Why: the validators only need `raw` and `marks`, and the repo reader is written in parallel,
so the tests make both by hand. `marks_for` gives every field of a raw mapping its own line,
as if each key stood on a line of its own starting at `first_line`, so a test can say which
line a finding must point at.
"""

from __future__ import annotations

from typing import Any

from ztui.model import Dialect, FieldPath, Layout, Location, RepoModel, Service, Team

FILE = "env/teams/services.payments.yaml"


def marks_for(raw: Any, file: str = FILE, first_line: int = 10) -> dict[FieldPath, Location]:
    """A location for every path in `raw`: one line each, in document order."""
    marks: dict[FieldPath, Location] = {}

    def walk(value: Any, path: FieldPath) -> None:
        marks[path] = Location(file, first_line + len(marks), 2 * len(path) + 1)
        children = value.items() if isinstance(value, dict) else (
            enumerate(value) if isinstance(value, list) else ()
        )
        for key, child in children:
            walk(child, (*path, key))

    walk(raw, ())
    return marks


def service(raw: dict[str, Any], team: str = "payments", first_line: int = 10) -> Service:
    """A service of `team` read from `raw`; the typed fields are left at their defaults."""
    name = raw.get("name")
    marks = marks_for(raw, first_line=first_line)
    return Service(team=team, name=name if isinstance(name, str) else "", raw=raw,
                   location=marks[()], marks=marks)


def team(
    team_id: str,
    services: list[Service] | None = None,
    *,
    ingress_private: bool = True,
    egress_public: bool = True,
    raw: dict[str, Any] | None = None,
) -> Team:
    """A team with its switches; `raw` defaults to the switches as a settings mapping."""
    if raw is None:
        raw = {"networkPolicy": {"ingressPrivate": ingress_private, "egressPublic": egress_public}}
    marks = marks_for(raw, file="env/teams.yaml", first_line=3)
    return Team(id=team_id, ingress_private=ingress_private, egress_public=egress_public,
                services=services or [], raw=raw, location=marks[()], marks=marks)


def repo(*teams: Team, dialect: Dialect = Dialect.V2) -> RepoModel:
    """A repo model holding `teams`."""
    return RepoModel(root="/repo", layout=Layout.SPLIT, dialect=dialect,
                     teams={t.id: t for t in teams})


def egress(domain: Any, *ports: tuple[Any, Any]) -> dict[str, Any]:
    """An egress rule mapping; ports as (number, protocol), 443/HTTPS when none are given."""
    return {"domain": domain,
            "ports": [{"number": n, "protocol": p} for n, p in ports or ((443, "HTTPS"),)]}


def ingress(mode: str | None = None, *allow: dict[str, Any]) -> dict[str, Any]:
    """An ingressPrivate mapping with a mode (when given) and allow entries (when given)."""
    out: dict[str, Any] = {} if mode is None else {"mode": mode}
    if allow:
        out["allow"] = list(allow)
    return out
