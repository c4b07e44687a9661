"""Entry file for Prefect deployments (`flows/prefect.yaml`): the flows live in `fanjian.flows`."""

from fanjian.flows.republish import reprocess_file, republish

__all__ = ["reprocess_file", "republish"]
