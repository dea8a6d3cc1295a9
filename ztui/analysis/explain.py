"""Why a source may or may not reach a service, in one paragraph a reviewer can act on.

A denied pair is the question users ask most ("why can't checkout call the API?"), and the
answer is never one rule: it is every policy that selects the target's pods and what each of
them admits. Saying which policies select the pods, what labels the source's pods carry, and
what each policy admits instead, points straight at the fix (a missing allow entry, a
podSelector override the allow entry does not match, a Knative label).
"""

from __future__ import annotations

from ztui.model import RepoModel

from .index import ReachIndex


def _index(model: RepoModel | ReachIndex) -> ReachIndex:
    return model if isinstance(model, ReachIndex) else ReachIndex(model)


def explain(model: RepoModel | ReachIndex, source: str, target: str) -> str:
    """Whether `source` (`team/service` or `platform:<name>`) may reach service `target`, and why.

    Raises KeyError when either is unknown.
    """
    index = _index(model)
    found = index.admission(source, target)
    if found is None:
        return explain_denied(index, source, target)
    if found.via is None:
        return f"{source} may reach {target}: {found.peer}"
    return f"{source} may reach {target}: {found.via} admits {found.peer}"


def explain_denied(model: RepoModel | ReachIndex, source: str, target: str) -> str:
    """Why `source` may not reach service `target`; the admitting policy when it may.

    For example: `payments/api cannot reach web/cms: default-ingress-deny selects its pods
    (otomi.io/app=cms in namespace team-web) and no policy admits payments/api (pods
    otomi.io/app=api in namespace team-payments). default-ingress-deny admits nobody; ...`.
    Pass a ReachIndex when asking more than once: a RepoModel is indexed on every call.
    Raises KeyError when either is unknown.
    """
    index = _index(model)
    found = index.admission(source, target)
    if found is not None:
        return explain(index, source, target)
    src, dst = index.pod(source), index.pod(target)
    assert src is not None and dst is not None  # admission() raised otherwise
    policies = index.selecting(target)
    names = ", ".join(p.name for p in policies)
    verb = "selects" if len(policies) == 1 else "select"
    labels = ",".join(f"{k}={v}" for k, v in dst.labels.items())
    head = (
        f"{source} cannot reach {target}: {names} {verb} its pods ({labels} in namespace "
        f"{dst.namespace}) and no policy admits {source} ({src.describe()})."
    )
    details = [f"{p.name} {p.describe_rules()}" for p in policies]
    return " ".join([head, *(f"{line}." for line in details)])
