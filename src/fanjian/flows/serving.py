"""`fanjian serve`: both deployments from one process, the inbox one on a cron schedule.

- The inbox deployment has a concurrency limit of 1 with the ENQUEUE strategy: a manual
  run started while a scheduled one is going waits its turn instead of being cancelled or
  racing it over the same outputs.
- `inbox`, `out`, `config` and `user_dicts` are fixed here: a run that changes them is
  refused, and a one-file run's path must resolve inside the inbox (`flows.guard`).
- Stopping `serve` leaves the schedule active (`pause_on_shutdown=False`): the next start
  picks up where it left off, and a restart never silently turns scheduling off.
"""

from __future__ import annotations

from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from fanjian.flows.launch import flow_settings
from fanjian.flows.republish import reprocess_file, republish
from fanjian.settings import Settings

DEPLOYMENT = "fanjian"


def deployments(inbox: str, out: str, cron: str, settings: Settings, config: str | None = None,
                name: str = DEPLOYMENT, timezone: str | None = None, base_url: str | None = None) -> list:
    """`republish/<name>` on the schedule and `reprocess-file/<name>` run by hand. `base_url`:
    where the inbox is published (each input's address is it and the input's path)."""
    carried = flow_settings(settings, config) | ({"base_url": base_url} if base_url else {})
    inbox_run = republish.to_deployment(
        name=name, schedules=[Cron(cron, timezone=timezone)],
        parameters={"inbox": inbox, "out": out, "force": False, **carried},
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE),
        description=f"Republish every new or changed file of {inbox} into {out}",
        tags=["fanjian"])
    one_file = reprocess_file.to_deployment(
        name=name, parameters={"inbox": inbox, "out": out, **carried},
        description=f"Reprocess one file of {inbox} into {out}: prefect deployment run 'reprocess-file/{name}' "
                    "--param path=FILE (inside the inbox, or relative to it)",
        tags=["fanjian"])
    return [inbox_run, one_file]


def serve_forever(inbox: str, out: str, cron: str, settings: Settings, config: str | None = None,
                  name: str = DEPLOYMENT, timezone: str | None = None, base_url: str | None = None) -> None:
    serve(*deployments(inbox, out, cron, settings, config, name, timezone, base_url), pause_on_shutdown=False)
