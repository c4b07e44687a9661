"""Prefect flows: thin orchestration over `fanjian.batch`."""
