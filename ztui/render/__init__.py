"""The manifests Otomi's `team-ns` chart renders for a team, as plain data and as YAML text."""
