"""The manifests Otomi's `team-ns` chart renders for a team, as plain data and as YAML text."""

from .labels import Manifest
from .manifests import render_rule, render_service, render_team, render_teams
from .text import to_yaml

__all__ = ["Manifest", "render_rule", "render_service", "render_team", "render_teams", "to_yaml"]
