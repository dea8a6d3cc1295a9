"""Write a synthetic Otomi values repo of any size, for benchmarks and scale tests.

Why: ztui's design targets (DESIGN.md, "Measured facts") are set at 200 teams x 50 services,
and no real repo of that size can be shipped. This script writes one that looks like a
hand-kept repo (comment headers, comments above and beside values, blank lines, block and flow
style, other features' keys on services) so that readers, validators and writers are timed on
realistic text, not on a minimal dump. The content is valid per `spec/otomi-network-policy.md`
(unique names, valid domains, unique ports per rule, allow entries naming teams and services
that exist, no rules in a team whose switch is off), so a benchmark measures the happy path.

It is deterministic for a seed. At 200 x 50 the split layout holds about 140,600 lines, the size
of the repo the design's timings were measured on.

    python benchmarks/make_repo.py OUT --teams 200 --services 50 [--single-file] [--dialect v2]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DIALECTS = ("v1", "v2")

#: The ingress modes as each dialect spells them: deny all, allow only, allow all.
MODES: dict[str, tuple[str, str, str]] = {
    "v1": ("denyAll", "allowOnly", "allowAll"),
    "v2": ("DenyAll", "AllowOnly", "AllowAll"),
}

TEAM_WORDS = (
    "payments", "search", "web", "checkout", "data", "billing", "mobile", "growth", "identity",
    "catalog", "orders", "shipping", "support", "risk", "media", "ledger", "pricing", "infra",
)
SERVICE_WORDS = (
    "api", "worker", "ledger", "gateway", "indexer", "frontend", "cache", "queue", "cron",
    "auth", "reports", "events", "notifier", "sync", "importer", "exporter", "admin-ui", "db",
)
BLURBS = (
    "owned by the on-call rotation",
    "talks to the partner API, keep the allow list short",
    "migrated from the legacy cluster",
    "scales to zero at night",
    "see the runbook in the team wiki",
    "read-only replica",
    "TODO: split into two services",
    "called by the nightly batch",
)
VENDORS = (
    "stripe", "adyen", "sendgrid", "twilio", "github", "gitlab", "sentry", "datadoghq",
    "contentful", "algolia", "mapbox", "segment", "auth0", "okta", "cloudflare", "fastly",
)
TLDS = ("com", "io", "net", "org", "dev")
HOST_PREFIXES = ("api", "hooks", "cdn", "events", "login", "upload", "status", "ingest")

#: Egress ports: every number appears once, so any sample of them is a valid (unique) list.
PORTS = (
    ("HTTPS", 443), ("HTTP", 80), ("TCP", 5432), ("TCP", 22), ("TCP", 3306),
    ("TCP", 6379), ("HTTPS", 8443), ("TCP", 9093), ("HTTP", 8080), ("TCP", 587),
)

#: The share of services with egress rules. Tuned so that 200 x 50 (seed 0, split) writes about
#: 140,600 lines, the size of the repo the design's timings were measured on.
EGRESS_SHARE = 0.568


@dataclass(frozen=True, slots=True)
class Team:
    """A generated team: its id, switches and services."""

    id: str
    ingress_private: bool
    egress_public: bool
    prometheus: bool
    services: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class RepoStats:
    """What was written: how many files and lines."""

    files: int
    lines: int


def _names(rng: random.Random, words: tuple[str, ...], count: int, fixed: str | None) -> list[str]:
    """`count` unique DNS labels like `payments-007`; `fixed` (if given) is the first one."""
    width = len(str(max(count - 1, 0)))
    names = [f"{rng.choice(words)}-{i:0{width}d}" for i in range(count)]
    if fixed is not None and names:
        names[0] = fixed
    return names


def _plan(rng: random.Random, teams: int, services: int) -> list[Team]:
    """The teams and their service names; team 0 is `admin`, as in every Otomi repo."""
    out: list[Team] = []
    for tid in _names(rng, TEAM_WORDS, teams, "admin"):
        roll = rng.random()
        out.append(Team(
            id=tid,
            ingress_private=not (tid != "admin" and roll < 0.04),
            egress_public=not (tid != "admin" and 0.04 <= roll < 0.08),
            prometheus=rng.random() < 0.3,
            services=tuple(_names(rng, SERVICE_WORDS, services, None)),
        ))
    return out


def _domain(rng: random.Random, kind: int) -> str:
    """An egress domain: 0 FQDN, 1 wildcard FQDN, 2 IPv4, 3 lower-case IPv6."""
    if kind == 0:
        return f"{rng.choice(HOST_PREFIXES)}.{rng.choice(VENDORS)}.{rng.choice(TLDS)}"
    if kind == 1:
        return f"*.{rng.choice(VENDORS)}.{rng.choice(TLDS)}"
    if kind == 2:
        net = rng.choice(("192.0.2", "198.51.100", "203.0.113", "100.24.17", "52.18.44"))
        return f"{net}.{rng.randint(1, 254)}"
    return f"2001:db8:{rng.randint(1, 0xFFFF):x}::{rng.randint(1, 0xFFFF):x}"


def _quoted(rng: random.Random, value: str) -> str:
    """A string scalar as people write it: plain, 'single' or "double" quoted.

    Wildcards (`*` starts an alias) and IPv6 addresses (colons) are always quoted.
    """
    if value.startswith("*") or ":" in value:
        return f"'{value}'" if rng.random() < 0.6 else f'"{value}"'
    roll = rng.random()
    if roll < 0.15:
        return f"'{value}'"
    if roll < 0.25:
        return f'"{value}"'
    return value


def _service(
    rng: random.Random, team: Team, name: str, plan: list[Team], modes: tuple[str, str, str],
    ind: str,
) -> list[str]:
    """The lines of one service list item; `ind` is the indentation of its `- `."""
    p = ind + "  "  # the service's keys
    lines = [f"{ind}# {name}: {rng.choice(BLURBS)}", f"{ind}- name: {name}"]
    kind = rng.random()
    if kind < 0.2:
        lines += [f"{p}ksvc:", f"{p}  predeployed: true"]
    elif kind < 0.3:
        lines += [f"{p}ksvc:", f"{p}  image:",
                  f"{p}    repository: harbor.example.com/team-{team.id}/{name}",
                  f"{p}    tag: '1.{rng.randint(0, 40)}.{rng.randint(0, 9)}'",
                  f"{p}  scaleToZero: {'true' if rng.random() < 0.5 else 'false'}"]
    else:
        lines.append(f"{p}port: {rng.choice((80, 8080, 3000, 9000, 5432))}")
    if rng.random() < 0.25:
        lines += [f"{p}type: public", f"{p}ownHost: true"]
    if team.id == "admin":  # Otomi renders no team policies for admin: keep it plain
        return lines

    policy: list[str] = []
    q = p + "  "  # keys under networkPolicy
    if kind < 0.2 and rng.random() < 0.2:
        policy.append(f"{q}podSelector: {name}-v2")
    if team.ingress_private:
        roll = rng.random()
        if roll < 0.15:
            policy += [f"{q}ingressPrivate:", f"{q}  mode: {modes[0]}"]
        elif roll < 0.25:
            policy += [f"{q}ingressPrivate:", f"{q}  mode: {modes[2]}   # reachable by every team"]
        elif roll < 0.75:
            policy += [f"{q}ingressPrivate:", f"{q}  mode: {modes[1]}", f"{q}  allow:"]
            peers: set[tuple[str, str]] = set()
            for _ in range(rng.choice((1, 1, 2, 3))):
                peer = rng.choice(plan)
                svc = rng.choice(peer.services) if peer.services and rng.random() < 0.7 else ""
                if (peer.id, svc) in peers:
                    continue
                peers.add((peer.id, svc))
                policy.append(f"{q}    - team: {peer.id}")
                if svc:
                    policy.append(f"{q}      service: {svc}")
        # else: no ingressPrivate key, the chart's default DenyAll
    if team.egress_public and rng.random() < EGRESS_SHARE:
        policy.append(f"{q}egressPublic:")
        seen: set[str] = set()
        for _ in range(rng.choice((1, 1, 2))):
            domain = _domain(rng, rng.choice((0, 0, 0, 1, 2, 3)))
            if domain in seen:
                continue
            seen.add(domain)
            ports = rng.sample(PORTS, rng.choice((1, 1, 2, 3)))
            policy.append(f"{q}  - domain: {_quoted(rng, domain)}")
            if len(ports) == 1 and rng.random() < 0.4:
                proto, number = ports[0]
                policy.append(f"{q}    ports: [{{protocol: {proto}, number: {number}}}]")
            else:
                policy.append(f"{q}    ports:")
                for proto, number in ports:
                    policy += [f"{q}      - protocol: {proto}", f"{q}        number: {number}"]
    if policy:
        lines.append(f"{p}networkPolicy:")
        lines += policy
    return lines


def _services(
    rng: random.Random, team: Team, plan: list[Team], modes: tuple[str, str, str], ind: str,
) -> list[str]:
    """The `services:` key of a team at indentation `ind`, blank lines between services."""
    if not team.services:
        return [f"{ind}services: []"]
    lines = [f"{ind}services:"]
    for i, name in enumerate(team.services):
        if i:
            lines.append("")
        lines += _service(rng, team, name, plan, modes, ind + "  ")
    return lines


def _settings(team: Team, ind: str) -> list[str]:
    """A team's settings (the keys next to `services`), at indentation `ind`."""
    lines = [f"{ind}id: {team.id}"]
    if team.id != "admin":
        off = "   # switched off, see the team wiki"
        lines += [f"{ind}networkPolicy:",
                  f"{ind}  ingressPrivate: {str(team.ingress_private).lower()}"
                  + ("" if team.ingress_private else off),
                  f"{ind}  egressPublic: {str(team.egress_public).lower()}"
                  + ("" if team.egress_public else off)]
    lines += [f"{ind}managedMonitoring:", f"{ind}  grafana: true"]
    if team.prometheus:
        lines += [f"{ind}  prometheus: true", f"{ind}  alertmanager: true"]
    lines += [f"{ind}resourceQuota:", f"{ind}  - name: pods", f"{ind}    value: '50'",
              f"{ind}selfService:", f"{ind}  service: [ingress, networkPolicy]",
              f"{ind}  team: [alerts, oidc]"]
    return lines


def _header(title: str, seed: int) -> list[str]:
    return [f"# {title}",
            f"# Synthetic values repo written by benchmarks/make_repo.py (seed {seed}).",
            "# Edit through ztui or by pull request; keep comments, they are read by humans."]


def generate_files(
    teams: int, services: int, *, single_file: bool = False, dialect: str = "v2", seed: int = 0,
) -> dict[str, str]:
    """The repo's files as `{relative path: text}`; nothing is written."""
    if dialect not in DIALECTS:
        raise ValueError(f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
    if teams < 1 or services < 0:
        raise ValueError("need at least one team and a non-negative number of services")
    rng = random.Random(seed)
    plan = _plan(rng, teams, services)
    modes = MODES[dialect]
    # the indentation of a team id, and the key that holds the teams
    root = ["teamConfig:", "  teams:"] if dialect == "v1" else ["teamConfig:"]
    tind = "    " if dialect == "v1" else "  "

    files: dict[str, str] = {}
    settings = _header("Team settings.", seed) + root
    for i, team in enumerate(plan):
        if i:
            settings.append("")
        settings += [f"{tind}{team.id}:", *_settings(team, tind + "  ")]
        if single_file:
            settings += _services(rng, team, plan, modes, tind + "  ")
        else:
            body = _header(f"Services of team {team.id}.", seed) + root + [f"{tind}{team.id}:"]
            body += _services(rng, team, plan, modes, tind + "  ")
            files[f"env/teams/services.{team.id}.yaml"] = "\n".join(body) + "\n"
    files["env/teams.yaml"] = "\n".join(settings) + "\n"
    return files


def write_files(out: Path, files: dict[str, str]) -> RepoStats:
    """Write `files` under `out`, which must not hold an `env/` directory yet."""
    if (out / "env").exists():
        raise FileExistsError(f"{out / 'env'} already exists: write to a new directory")
    (out / "env" / "teams").mkdir(parents=True)
    lines = 0
    for rel, text in files.items():
        (out / rel).write_text(text, encoding="utf-8")
        lines += text.count("\n")
    return RepoStats(files=len(files), lines=lines)


def make_repo(
    out: Path, teams: int, services: int, *, single_file: bool = False, dialect: str = "v2",
    seed: int = 0,
) -> None:
    """Write a synthetic values repo with `teams` teams of `services` services each to `out`."""
    files = generate_files(teams, services, single_file=single_file, dialect=dialect, seed=seed)
    write_files(out, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make_repo.py",
        description="Write a synthetic Otomi values repo (deterministic for a seed) for "
                    "benchmarks. 200 teams x 50 services is about 140,600 lines.",
    )
    parser.add_argument("out", type=Path, help="target directory (must not contain env/ yet)")
    parser.add_argument("--teams", type=int, default=200, help="number of teams, admin included "
                        "(default 200)")
    parser.add_argument("--services", type=int, default=50, help="services per team (default 50)")
    parser.add_argument("--single-file", action="store_true",
                        help="keep everything in env/teams.yaml instead of one services file per "
                             "team")
    parser.add_argument("--dialect", choices=DIALECTS, default="v2",
                        help="v1: teamConfig.teams.<id>, allowOnly; v2: teamConfig.<id>, "
                             "AllowOnly (default v2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        files = generate_files(args.teams, args.services, single_file=args.single_file,
                               dialect=args.dialect, seed=args.seed)
        stats = write_files(args.out, files)
    except (ValueError, OSError) as exc:
        print(f"make_repo: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f"{stats.lines} lines in {stats.files} files "
          f"({args.teams} teams x {args.services} services, {args.dialect}, "
          f"{'single file' if args.single_file else 'split'}) written to {args.out} "
          f"in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
