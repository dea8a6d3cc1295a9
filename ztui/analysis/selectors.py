"""Label selectors and NetworkPolicy ingress rules as Kubernetes evaluates them, compiled once.

Reachability is read off the rendered manifests, not off the rules a user wrote, so that the
analysis checks what the cluster will enforce (a podSelector override, a Knative label, a team
switch all show up exactly as the chart renders them). That needs Kubernetes' own reading of a
NetworkPolicy, which this module pins down:

- a policy takes part in ingress when `policyTypes` names `Ingress`, or when it is absent (the
  API server defaults it to `[Ingress]`, plus `Egress` only when egress rules are present);
- the policy selects the pods of its own namespace that its `podSelector` matches; an empty
  selector (`{}` or `{matchLabels: {}}`) matches every pod;
- a selected pod accepts a source when some rule of some selecting policy admits it; a rule
  with no `from` (or an empty one) admits every source; the peers of one `from` list are
  alternatives, and the selectors of one peer must all match (namespace AND pods);
- a peer without `namespaceSelector` means the policy's own namespace; without `podSelector`
  every pod of the matching namespaces; `namespaceSelector: {}` every namespace;
- an `ipBlock` peer is taken to match no pod (pod traffic is matched by pod selectors; the
  chart renders no ipBlock), and `ports` are ignored: reachability here is per pod, not per port;
- a malformed selector (not a mapping, an unknown operator) matches nothing, as the API server
  would refuse the object.

Compiled selectors and peers are hashable, so a peer that repeats across many policies (every
AllowAll service has `namespaceSelector: {type: team}`) is resolved to its pods only once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Labels = Mapping[str, str]
#: One `matchExpressions` term: key, operator, values.
Expression = tuple[str, str, tuple[str, ...]]

_OPERATORS = frozenset({"In", "NotIn", "Exists", "DoesNotExist"})


@dataclass(frozen=True, slots=True)
class Selector:
    """A label selector: `matchLabels` pairs AND `matchExpressions` terms."""

    labels: tuple[tuple[str, str], ...] = ()
    expressions: tuple[Expression, ...] = ()
    #: False for a malformed selector, which matches nothing.
    valid: bool = True

    @property
    def everything(self) -> bool:
        """Whether it matches every object: empty and well formed."""
        return self.valid and not self.labels and not self.expressions

    def matches(self, labels: Labels) -> bool:
        if not self.valid:
            return False
        for key, value in self.labels:
            if labels.get(key) != value:
                return False
        return all(_term(labels, term) for term in self.expressions)

    def describe(self) -> str:
        """`otomi.io/app=api`, several joined by `,`; `(all)` when it matches everything."""
        if not self.valid:
            return "(invalid selector)"
        parts = [f"{key}={value}" for key, value in self.labels]
        for key, op, values in self.expressions:
            parts.append(f"{key} {op} ({', '.join(values)})" if values else f"{key} {op}")
        return ",".join(parts) or "(all)"


def _term(labels: Labels, term: Expression) -> bool:
    key, op, values = term
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    if op == "In":
        return key in labels and labels[key] in values
    return key not in labels or labels[key] not in values  # NotIn


NOTHING = Selector(valid=False)
EVERYTHING = Selector()


def compile_selector(value: Any) -> Selector:
    """A selector from its manifest form; `None` (absent) is the empty selector."""
    if value is None:
        return EVERYTHING
    if not isinstance(value, dict):
        return NOTHING
    match = value.get("matchLabels") or {}
    terms = value.get("matchExpressions") or []
    if not isinstance(match, dict) or not isinstance(terms, list):
        return NOTHING
    labels = tuple(sorted((str(k), str(v)) for k, v in match.items()))
    expressions: list[Expression] = []
    for term in terms:
        if not isinstance(term, dict) or term.get("operator") not in _OPERATORS:
            return NOTHING
        values = term.get("values") or []
        if not isinstance(values, list):
            return NOTHING
        expressions.append((str(term.get("key")), str(term["operator"]),
                            tuple(sorted(str(v) for v in values))))
    return Selector(labels, tuple(sorted(expressions)))


@dataclass(frozen=True, slots=True)
class Peer:
    """One entry of a `from` list: pods matching `pods` in namespaces matching `namespaces`.

    `namespaces` None means the policy's own namespace, `own_namespace` (left empty otherwise,
    so equal peers of different namespaces share one cache entry). `ip_block` peers match no pod.
    """

    namespaces: Selector | None
    pods: Selector
    own_namespace: str = ""
    ip_block: bool = False

    def describe(self) -> str:
        """Where the peer admits from, in words: `pods otomi.io/app=api in namespaces ...`."""
        if self.ip_block:
            return "an ipBlock (no pod)"
        pods = "pods" if self.pods.everything else f"pods {self.pods.describe()}"
        if self.namespaces is None:
            return f"{pods} in namespace {self.own_namespace}"
        if self.namespaces.everything:
            return f"{pods} in every namespace"
        return f"{pods} in namespaces {self.namespaces.describe()}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One ingress rule: `peers` None when it has no `from`, so it admits every source."""

    peers: tuple[Peer, ...] | None


@dataclass(frozen=True, slots=True)
class Policy:
    """A NetworkPolicy that takes part in ingress, compiled: its pods and its rules."""

    name: str
    namespace: str
    pods: Selector
    rules: tuple[Rule, ...]

    def selects(self, labels: Labels) -> bool:
        return self.pods.matches(labels)

    def describe_rules(self, limit: int = 6) -> str:
        """What the policy admits, in words (at most `limit` peers named)."""
        if not self.rules:
            return "admits nobody"
        if any(rule.peers is None for rule in self.rules):
            return "admits every source"
        peers = [peer for rule in self.rules for peer in rule.peers or ()]
        if not peers:
            return "admits nobody"
        shown = "; ".join(peer.describe() for peer in peers[:limit])
        more = f"; and {len(peers) - limit} more" if len(peers) > limit else ""
        return f"admits only: {shown}{more}"


def _compile_peer(value: Any, namespace: str) -> Peer:
    if not isinstance(value, dict):
        return Peer(NOTHING, NOTHING)
    if "ipBlock" in value:
        return Peer(NOTHING, NOTHING, ip_block=True)
    pods = compile_selector(value.get("podSelector"))
    if "namespaceSelector" in value:
        return Peer(compile_selector(value["namespaceSelector"]), pods)
    return Peer(None, pods, own_namespace=namespace)


def _compile_rule(value: Any, namespace: str) -> Rule:
    sources = value.get("from") if isinstance(value, dict) else None
    if not sources or not isinstance(sources, list):
        return Rule(None)
    return Rule(tuple(_compile_peer(peer, namespace) for peer in sources))


def _is_ingress(spec: Mapping[str, Any]) -> bool:
    types = spec.get("policyTypes")
    return types is None or (isinstance(types, list) and "Ingress" in types)


def compile_policies(manifests: Iterable[Mapping[str, Any]]) -> list[Policy]:
    """The ingress NetworkPolicies among `manifests`, compiled, in document order.

    When two documents share a name (applied in order, the later replaces the earlier), only
    the later one is kept, at the later one's place.
    """
    latest: dict[tuple[str, str], Policy] = {}
    for doc in manifests:
        if doc.get("kind") != "NetworkPolicy":
            continue
        meta, spec = doc.get("metadata") or {}, doc.get("spec") or {}
        name, namespace = str(meta.get("name", "")), str(meta.get("namespace", ""))
        latest.pop((namespace, name), None)
        if not _is_ingress(spec):
            continue
        rules = spec.get("ingress") or []
        latest[(namespace, name)] = Policy(
            name, namespace, compile_selector(spec.get("podSelector")),
            tuple(_compile_rule(rule, namespace) for rule in rules)
            if isinstance(rules, list) else (),
        )
    return list(latest.values())
