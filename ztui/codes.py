"""The stable finding codes: one place that says what each code means and how bad it is.

Scripts and CI filter on these codes, so a code never changes meaning once released; a new
check gets a new number. `ZT0xx` are problems reading files, `ZT1xx` errors in the values,
`ZT2xx` warnings about values that are valid but probably not what was meant, `ZT3xx` lint
about what the rules do once rendered (`ztui.analysis.lint`): warnings, and notices (`info`)
about deliberate choices that widen access, which `ztui validate` does not report.
`ztui explain CODE` prints the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ztui.model import Finding, Location, Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A finding code: its severity, a short title, and a paragraph for `ztui explain`."""

    code: str
    severity: Severity
    title: str
    explanation: str


#: Error, warning, and notice (`info`).
E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("ZT001", E, "YAML syntax error",
             "The file is not valid YAML (this includes tab characters used for indentation). "
             "Its teams are not loaded until it is fixed; every other file still loads."),
        Code("ZT002", E, "duplicate key",
             "A mapping names the same key twice. YAML readers disagree about which one wins "
             "(Helm takes the last), so ztui refuses to guess: remove one of them."),
        Code("ZT003", E, "invalid value",
             "A value does not match the schema of the repo's dialect: a wrong type, a missing "
             "required key, or a value out of range. The message names the field and the fix."),
        Code("ZT004", E, "file is not UTF-8",
             "YAML files must be UTF-8. The position points at the first byte that is not."),
        Code("ZT005", E, "document is not a mapping",
             "A values file must hold one YAML mapping at the top (for example `teamConfig:`). "
             "An empty file is fine; a list or a bare scalar is not."),
        Code("ZT006", E, "alias expansion too large",
             "The file uses YAML anchors and aliases that expand to far more data than it holds "
             "(a 'billion laughs' bomb) or refer to themselves. ztui stops expanding to protect "
             "the machine; write the values out instead."),
        Code("ZT007", E, "file outside the repo",
             "A symbolic link points outside the repo root. ztui never follows links out of the "
             "repo, so the file was not read."),
        Code("ZT008", E, "mixed dialects",
             "Some files spell the team root as `teamConfig.teams.<team>` (dialect v1) and others "
             "as `teamConfig.<team>` (dialect v2). Otomi reads one dialect per repo: ztui takes "
             "the one most files use and names the others. Convert them to that dialect."),
        Code("ZT009", E, "file cannot be read",
             "The file exists but could not be opened (permissions, a broken or looping symbolic "
             "link). Its teams are not loaded until it can be read."),
        Code("ZT101", E, "invalid team id",
             "A team id must be a lower-case DNS label of at most 58 characters, so that its "
             "namespace `team-<id>` fits Kubernetes' 63-character limit."),
        Code("ZT102", E, "invalid service name",
             "A service name must be a lower-case DNS label of at most 63 characters."),
        Code("ZT103", E, "ingress mode in the wrong dialect",
             "Dialect v1 repos spell modes `denyAll`, `allowOnly`, `allowAll`; dialect v2 repos "
             "`DenyAll`, `AllowOnly`, `AllowAll`. Otomi's chart compares them exactly, so a mode "
             "in the other spelling (or in any other casing) is ignored and the service "
             "silently denies all. The message names the spelling to write."),
        Code("ZT104", E, "invalid egress domain",
             "An egress domain must be a fully qualified domain name (two labels or more, lower "
             "case, no trailing dot), a `*.` wildcard domain, an IPv4 address or a lower-case "
             "IPv6 address: no scheme, no path, no port, no CIDR, no spaces. Otomi's chart takes "
             "an upper-case IPv6 address, an IPv4-mapped one (`::ffff:1.2.3.4`) or one with a "
             "zone id for a DNS name, and a single-label name resolves inside the cluster, so "
             "these are rejected too. The message says what to write instead."),
        Code("ZT105", E, "duplicate port",
             "An egress rule lists the same port number twice; Istio rejects the ServiceEntry."),
        Code("ZT106", E, "duplicate service",
             "Two services of one team have the same name. Their manifests would have the same "
             "names and one would silently replace the other."),
        Code("ZT107", E, "invalid team setting",
             "A team switch (`networkPolicy.ingressPrivate`, `networkPolicy.egressPublic`) or a "
             "`managedMonitoring` flag must be true or false."),
        Code("ZT108", E, "invalid rule name",
             "In the later layouts (App Platform for LKE) a rule's name is a lower-case DNS "
             "label of at most 63 characters: it names a NetworkPolicy or a ServiceEntry, and in "
             "the file-per-rule layout also the file `env/teams/<team>/netpols/<name>.yaml`."),
        Code("ZT109", E, "duplicate rule name",
             "Two rules of one team have the same name. Their manifests would have the same "
             "names and one would silently replace the other: rename one."),
        Code("ZT110", E, "invalid namespace",
             "A rule's `fromNamespace` must be a namespace name: a lower-case DNS label of at "
             "most 63 characters, such as `team-demo`."),
        Code("ZT111", E, "invalid label",
             "A label name must be a Kubernetes qualified name (an optional DNS subdomain prefix "
             "and `/`, then at most 63 characters of letters, digits, `-`, `_` and `.`, starting "
             "and ending with a letter or digit), and a label value at most 63 such characters "
             "(or empty). `toLabelName` and `toLabelValue` are required; a source's "
             "`fromLabelName` and `fromLabelValue` go together."),
        Code("ZT112", E, "rule file out of place",
             "In the file-per-rule layout a rule's file must be named after the rule "
             "(`<metadata.name>.yaml`), live in its team's `netpols` folder, carry the label "
             "`apl.io/teamId` with that team, and be of kind `AplTeamNetworkControl` (settings: "
             "`AplTeamSettingSet`). App Platform would read it elsewhere or not at all."),
        Code("ZT201", W, "allow entry names an unknown team",
             "An AllowOnly rule admits a team that the repo does not define. It renders a rule "
             "for a namespace that does not exist, which admits nothing until that team exists."),
        Code("ZT202", W, "allow entry names an unknown service",
             "An AllowOnly rule admits a service that its team does not define. The rule admits "
             "nothing until such a service exists (check the spelling)."),
        Code("ZT203", W, "allow entries ignored by the mode",
             "`allow` entries are only read with mode AllowOnly. Under DenyAll or AllowAll the "
             "chart ignores them. A later-layout rule's `allow` is only read with AllowOnly."),
        Code("ZT204", W, "egress rules switched off for the team",
             "The team's `egressPublic` switch is false, so the chart renders no ServiceEntry: "
             "this service's egress rules (or this outbound rule, in the later layouts) have "
             "no effect, and the team's pods may reach any host."),
        Code("ZT205", W, "ingress rules switched off for the team",
             "The team's `ingressPrivate` switch is false, so every pod of the team accepts "
             "traffic from every namespace: this service's ingress rule (or this inbound rule, "
             "in the later layouts) has no effect."),
        Code("ZT206", W, "duplicate egress host",
             "One service lists the same domain twice. Both render to ServiceEntries with the "
             "same name, so one replaces the other: merge their ports into one rule. In the "
             "later layouts, two outbound rules of a team naming one host render two "
             "ServiceEntries for that host, which reads as an accident: merge them."),
        Code("ZT207", W, "AllowOnly with an empty allow list",
             "Mode AllowOnly without allow entries renders a policy that admits nobody: the "
             "service denies all ingress. Add allow entries, or say DenyAll if that is meant "
             "(in the later layouts: delete the rule; the team default denies)."),
        Code("ZT208", W, "services defined in two files",
             "A team's `services` list is defined in more than one file. Otomi deep-merges the "
             "files in order and a later list replaces an earlier one, so only the last counts."),
        Code("ZT209", W, "network rules on the admin team",
             "Otomi renders no team network policies and no ServiceEntries for the admin team, "
             "so an ingress mode (AllowOnly, or an explicit DenyAll) or egress rules on one of "
             "its services have no effect: every namespace can reach its pods and they can "
             "reach any host. Remove the rules, or move the service to another team. The same "
             "holds for the admin team's rules in the later layouts."),
        Code("ZT210", W, "egress rules share a ServiceEntry name",
             "Otomi names each ServiceEntry `<team>-<service>-<host>`, where the host drops a "
             "leading `*.` and turns `.` and `:` into `-`. Two different hosts of one team can "
             "get one name (`*.example.com` and `example.com` of one service; `a-b.com` of "
             "service `x` and `b.com` of service `x-a`), and only one object of a name can "
             "exist, so one rule is lost. Keep one of them, or move one to another service. "
             "In the later layouts the name is `<team>-<rule>-<host>`."),
        Code("ZT211", W, "source namespace of no team",
             "An ingress rule admits pods of a namespace `team-<id>` where the repo defines no "
             "team `<id>`. It admits nothing until that team exists (check the spelling)."),
        Code("ZT212", W, "service network policy ignored by the layout",
             "This repo keeps its rules in the later layout (`netpols`), where App Platform "
             "ignores the `networkPolicy` of services: it renders nothing. Move it into rules "
             "(`ztui migrate` converts a services-era repo)."),
        Code("ZT301", N, "AllowAll: every team may reach it",
             "Mode AllowAll renders a policy that admits every pod of every namespace labelled "
             "`type: team`: all services of all teams, including teams created later, and the "
             "admin team. That is right for a shared front door and too wide for most services. "
             "A notice, not a problem: `ztui validate` does not report it. If only some teams "
             "call the service, use AllowOnly and name them."),
        Code("ZT302", N, "wildcard egress host",
             "A `*.` domain trusts every subdomain, now and later, including names that others "
             "can create under a shared provider domain (a storage bucket under "
             "`*.googleapis.com`, an app under `*.herokuapp.com`): a path out for data. Istio "
             "forwards it without resolving it (resolution NONE). And like every ServiceEntry "
             "of the team, it is open to every pod of the team, not only to this service. A "
             "notice, not a problem: `ztui validate` does not report it. List the exact hosts "
             "when you know them."),
        Code("ZT303", W, "egress to a private, loopback or link-local address",
             "`egressPublic` trusts public endpoints. An address in a private range (10/8, "
             "172.16/12, 192.168/16, fc00::/7), the loopback range (127/8, ::1) or a link-local "
             "range (169.254/16, fe80::/10) is where the cluster itself lives: its nodes, pods, "
             "services, the node's own ports, and the cloud metadata service at 169.254.169.254 "
             "that hands out the node's credentials. A MESH_EXTERNAL ServiceEntry to it opens "
             "that network to every pod of the team, around the NetworkPolicies that guard the "
             "cluster's services. Reach an in-cluster service through its Kubernetes Service and "
             "an ingress rule on it instead, or remove the rule."),
        Code("ZT304", W, "two services select the same pods",
             "Two services of a team carry the same pod label (spec 3.2: "
             "`otomi.io/app`, or `serving.knative.dev/service` for Knative, with the "
             "`podSelector` value or the name), so to Kubernetes they are the same pods: the "
             "ingress policy of each selects the pods of both, and a pod admits what any policy "
             "selecting it admits, so both services admit the union of both rules. Reported "
             "only when their ingress rules differ (two names for one workload with the same "
             "rule are fine). Give each its own podSelector, or make their rules the same."),
        Code("ZT305", W, "allow entry does not match the named service's pods",
             "Otomi's chart renders an allow entry `{team, service}` as peers with the pod "
             "label `otomi.io/app: <service>` or `serving.knative.dev/service: <service>`: the "
             "service's name, not its `podSelector`. A service whose pods are labelled with a "
             "podSelector override is therefore not admitted by an entry that names it. Name "
             "the team alone (it admits all its pods), or label the pods with the service name."),
        Code("ZT306", W, "allow entry also admits another service",
             "An allow entry `{team, service}` admits every pod of that team labelled "
             "`otomi.io/app` or `serving.knative.dev/service` with the service's name. Another "
             "service of that team whose pods carry that value (through its podSelector, or a "
             "Knative service with the same name value) is admitted too, although the entry "
             "does not name it. Give the other service its own podSelector value."),
    )
}


def finding(
    code: str,
    message: str,
    location: Location | None = None,
    *,
    team: str | None = None,
    service: str | None = None,
    path: str | None = None,
    rule: str | None = None,
) -> Finding:
    """A Finding with the severity that `code` has in the registry."""
    return Finding(code, CODES[code].severity, message, location, team, service, rule, path)
