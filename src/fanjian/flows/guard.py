"""What a caller of a deployment may change. Whoever reaches the Prefect server can start a
deployment's run with any parameters (`--param`, the UI, the API), so the parameters
that say which files are read and where files are written are fixed when the deployment
is made, and a one-file run's `path` must resolve inside the deployment's inbox.

A run outside a deployment (the CLI, a test) is its user's own: only the inbox rule
applies, and only when an inbox is given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from prefect.client.orchestration import get_client
from prefect.runtime import deployment

FIXED = ("inbox", "out", "config", "user_dicts")
"""Parameters a deployment fixes: which files are read (inputs, settings, rules) and where
outputs go."""


def _same(a, b) -> bool:
    """Equal as parameters: None and an empty list both mean "none"; lists and tuples alike."""
    norm = lambda v: tuple(v) if isinstance(v, (list, tuple)) else (() if v is None else v)
    return norm(a) == norm(b)


def changed_fixed(given: Mapping, deployed: Mapping) -> str | None:
    """The refusal when `given` (this run's values of FIXED parameters) differs from what
    the deployment set; None when the run keeps them.

    >>> changed_fixed({"inbox": "/srv/in", "out": "/tmp/x"}, {"inbox": "/srv/in", "out": "/srv/out"})
    "refused: parameter 'out' is fixed by the deployment; this run asked for '/tmp/x'"
    >>> changed_fixed({"out": "/srv/out", "user_dicts": None}, {"out": "/srv/out", "user_dicts": []}) is None
    True
    """
    for key in FIXED:
        if key in given and not _same(given[key], deployed.get(key)):
            return f"refused: parameter {key!r} is fixed by the deployment; this run asked for {given[key]!r}"
    return None


def inside_inbox(path: str, inbox: str) -> tuple[str | None, str | None]:
    """(the file's real path, None) when `path` (absolute, or relative to the inbox)
    resolves inside the inbox, after every `..` and link; else (None, the refusal).

    >>> inside_inbox("/etc/passwd", "/srv/inbox")
    (None, "refused: path '/etc/passwd' is outside the deployment's inbox /srv/inbox")
    >>> inside_inbox("a/../../x", "/srv/inbox")[1]
    "refused: path 'a/../../x' is outside the deployment's inbox /srv/inbox"
    """
    root = os.path.realpath(inbox)
    real = os.path.realpath(os.path.join(root, path))
    if real == root or not real.startswith(root.rstrip("/") + "/"):
        return None, f"refused: path {path!r} is outside the deployment's inbox {inbox}"
    return real, None


def deployed_parameters() -> dict | None:
    """The parameters the current run's deployment was made with; None outside a deployment."""
    deployment_id = deployment.id
    if not deployment_id:
        return None
    with get_client(sync_client=True) as client:
        return dict(client.read_deployment(deployment_id).parameters or {})


def refusal(fixed: Mapping, path: str | None = None) -> tuple[str | None, str | None]:
    """(the file to read, None), or (None, why this run is refused). `fixed` holds the
    run's values of FIXED parameters; `path` is a one-file run's input."""
    deployed = deployed_parameters()
    if deployed is not None:
        if reason := changed_fixed(fixed, deployed):
            return None, reason
        if path is not None and not fixed.get("inbox"):
            return None, "refused: this deployment has no inbox to reprocess files from: make it again"
    if path is not None and fixed.get("inbox"):
        return inside_inbox(path, fixed["inbox"])
    return path, None
