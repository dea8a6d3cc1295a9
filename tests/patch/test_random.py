"""Random sequences of edits on services files of random style: always exact.

After every step the text parses (pure-Python loader), holds exactly the expected data, keeps
every line outside the edited service (or list) and keeps its envelope. The Document is the
one returned by the previous step, so grafted node trees and shifted positions are exercised.
"""

from __future__ import annotations

from typing import Any, cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.patch.gen import Layout, render
from tests.patch.support import check_edit, load, node_lines
from ztui.model import FieldPath
from ztui.repo.ops import Op, OpKind, apply_ops
from ztui.repo.patch import Data, Document
from ztui.repo.patch_verify import same_data

MODES = ["AllowOnly", "AllowAll", "DenyAll"]
NAMES = st.sampled_from(["api", "web", "db", "cron", "on", "x-1"])

layouts = st.builds(
    Layout,
    indent=st.sampled_from([2, 4]),
    dash=st.sampled_from([0, 2, 4]),
    content=st.sampled_from([2, 4]),
    quote=st.sampled_from(["", "'", '"']),
    comments=st.booleans(),
    blank=st.booleans(),
    flow_ports=st.booleans(),
)

ports = st.lists(
    st.fixed_dictionaries(
        {"protocol": st.sampled_from(["HTTPS", "TCP"]), "number": st.integers(1, 65535)}
    ),
    min_size=1,
    max_size=2,
)
rules = st.fixed_dictionaries(
    {"domain": st.sampled_from(["a.example.com", "*.b.io", "10.0.0.1"]), "ports": ports}
)
allows = st.fixed_dictionaries({"team": NAMES}, optional={"service": NAMES})
policies = st.fixed_dictionaries(
    {},
    optional={
        "ingressPrivate": st.fixed_dictionaries(
            {"mode": st.sampled_from(MODES)},
            optional={"allow": st.lists(allows, min_size=1, max_size=3)},
        ),
        "egressPublic": st.lists(rules, min_size=1, max_size=2),
    },
)
services = st.fixed_dictionaries(
    {"name": NAMES}, optional={"port": st.integers(1, 9999), "networkPolicy": policies}
)
documents = st.fixed_dictionaries(
    {
        "teamConfig": st.fixed_dictionaries(
            {"a1": st.fixed_dictionaries({"services": st.lists(services, min_size=1, max_size=4)})}
        )
    }
)
steps = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 50), st.integers(0, 50), st.data()),
    min_size=1,
    max_size=8,
)

SERVICES: FieldPath = ("teamConfig", "a1", "services")


def _step(
    doc: Document, data: Any, kind: int, i: int, j: int, draw: st.DataObject
) -> tuple[Document, Op, FieldPath]:
    """One edit picked by `kind` on service `i` (modulo), as (document, op, scope path)."""
    items = data["teamConfig"]["a1"]["services"]
    if not items or kind == 0:
        value = cast(Data, draw.draw(services))
        return doc.append(SERVICES, value), Op(OpKind.APPEND, SERVICES, value), SERVICES
    i %= len(items)
    service, path = items[i], (*SERVICES, i)
    policy = service.get("networkPolicy") or {}
    ingress = policy.get("ingressPrivate") or {}
    if kind == 1:
        return doc.remove(SERVICES, i), Op(OpKind.REMOVE, SERVICES, index=i), SERVICES
    if kind == 2 and "mode" in ingress:
        mode_path = (*path, "networkPolicy", "ingressPrivate", "mode")
        mode = draw.draw(st.sampled_from(MODES))
        return doc.set_scalar(mode_path, mode), Op(OpKind.SET, mode_path, mode), path
    if kind == 3 and ingress.get("allow"):
        allow = (*path, "networkPolicy", "ingressPrivate", "allow")
        j %= len(ingress["allow"])
        return doc.remove(allow, j), Op(OpKind.REMOVE, allow, index=j), path
    if kind == 4 and policy.get("egressPublic"):
        egress = (*path, "networkPolicy", "egressPublic")
        rule = cast(Data, draw.draw(rules))
        return doc.append(egress, rule), Op(OpKind.APPEND, egress, rule), path
    if kind == 5 and "port" in service:
        port = draw.draw(st.integers(1, 9999) | st.sampled_from(["80", "yes"]))
        return doc.set_scalar((*path, "port"), port), Op(OpKind.SET, (*path, "port"), port), path
    if kind == 6 and "networkPolicy" in service:
        key = (*path, "networkPolicy")
        return doc.delete_key(key), Op(OpKind.DELETE, key), path
    if kind == 7 and "ksvc" not in service:
        ksvc: Data = {"predeployed": draw.draw(st.booleans())}
        return doc.add_key(path, "ksvc", ksvc), Op(OpKind.ADD, path, ksvc, key="ksvc"), path
    if kind == 8 and "allow" in ingress:
        allow = (*path, "networkPolicy", "ingressPrivate", "allow")
        entry = cast(Data, draw.draw(allows))
        return doc.append(allow, entry), Op(OpKind.APPEND, allow, entry), path
    ingress_path = (*path, "networkPolicy", "ingressPrivate")
    if "mode" in ingress:
        key = (*ingress_path, "mode")
        return doc.delete_key(key), Op(OpKind.DELETE, key), path
    new = {**service, "networkPolicy": {**policy, "ingressPrivate": {**ingress, "mode": "x"}}}
    return doc.add_key(ingress_path, "mode", "x"), Op(OpKind.SET, path, new), path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, layouts, steps)
def test_random_edits_stay_exact(data: Any, layout: Layout, plan: list[Any]) -> None:
    text = render(data, layout)
    doc = Document(text, "env/teams.yaml")
    assert same_data(load(text), data)
    for kind, i, j, draw in plan:
        before = doc.text
        doc, op, scope = _step(doc, data, kind, i, j, draw)
        check_edit(before, doc.text, op, node_lines(before, scope))
        data = apply_ops(data, [op])
        assert same_data(load(doc.text), data)
        assert Document(doc.text, "env/teams.yaml").text == doc.text
