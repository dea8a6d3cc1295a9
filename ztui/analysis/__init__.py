"""Reachability and lint, computed from the manifests the repo renders, not from its rules.

Zero trust is about who can reach whom, and a rule's effect depends on more than the rule: the
team switches, the admin team's exemption, the label a podSelector or Knative puts on pods, the
namespace-wide reach of a ServiceEntry. Evaluating the rendered NetworkPolicies, Sidecars and
ServiceEntries the way Kubernetes and Istio do makes every one of those show up by itself.

- `index.ReachIndex`: build once per model (or `update_team` after an edit), then `reach`,
  `inbound`, `outbound`, `admission` per service, cheaply;
- `explain.explain_denied`: why a source may not reach a service;
- `changes.reach_changes`: the `+ a -> b` lines of a review; `matrix`: every pair;
- `lint.lint_repo` / `lint.lint_service`: ZT3xx findings (notices only on request);
- `cluster`: the namespaces and pods the manifests are evaluated against (the stated model;
  in the later layouts, the workloads that rule labels name).
"""

from .changes import reach_changes
from .explain import explain, explain_denied
from .index import ReachIndex
from .lint import lint_repo, lint_service
from .results import Inbound, InboundList, Reach

__all__ = [
    "Inbound",
    "InboundList",
    "Reach",
    "ReachIndex",
    "explain",
    "explain_denied",
    "lint_repo",
    "lint_service",
    "reach_changes",
]
