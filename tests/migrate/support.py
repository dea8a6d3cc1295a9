"""Small services-era repos for the migration tests, written from dicts of file texts."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from ztui.model import RepoModel
from ztui.repo.loader import load_repo


def write_repo(root: Path, files: Mapping[str, str]) -> Path:
    """Write `files` (repo-relative path -> text, dedented) under `root`; the root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def model_of(root: Path, files: Mapping[str, str]) -> RepoModel:
    """The model of a repo made of `files`."""
    return load_repo(write_repo(root, files))


#: Team shop has an AllowOnly API (a podSelector override, callers by service and by team),
#: an AllowAll web front end, a DenyAll worker with egress, and a Knative job runner; team data
#: is a second team; admin has rules that never rendered.
SHOP: dict[str, str] = {
    "env/teams.yaml": """\
        # team settings
        teamConfig:
          admin: {}
          shop:
            networkPolicy:
              ingressPrivate: true
              egressPublic: true
          data:
            networkPolicy:
              egressPublic: false
        """,
    "env/teams/services.shop.yaml": """\
        teamConfig:
          shop:
            services:
              # the API
              - name: api
                port: 8080
                networkPolicy:
                  podSelector: api-v2
                  ingressPrivate:
                    mode: AllowOnly
                    allow:
                      - team: shop
                        service: web
                      - team: shop
                        service: jobs
                      - team: data
                  egressPublic:
                    - domain: api.stripe.com
                      ports:
                        - protocol: HTTPS
                          number: 443
              - name: web
                networkPolicy:
                  ingressPrivate:
                    mode: AllowAll
              - name: worker
                networkPolicy:
                  ingressPrivate:
                    mode: DenyAll
                  egressPublic:
                    - domain: "*.Example.COM"
                      ports: [{protocol: HTTP, number: 80}, {protocol: HTTPS, number: 443}]
              - name: jobs
                ksvc:
                  predeployed: true
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow: []
        """,
    "env/teams/services.data.yaml": """\
        teamConfig:
          data:
            services:
              - name: etl
                networkPolicy:
                  ingressPrivate:
                    mode: AllowOnly
                    allow:
                      - team: shop
                        service: api
                      - team: ghost
                        service: thing
                  egressPublic:
                    - domain: 10.0.0.1
                      ports: [{protocol: TCP, number: 5432}]
        """,
    "env/teams/services.admin.yaml": """\
        teamConfig:
          admin:
            services:
              - name: status
                networkPolicy:
                  ingressPrivate:
                    mode: AllowAll
        """,
}
