"""Orchestration: the Prefect flows (`republish`, `reprocess-file`), their server, deployments
and the CLI's progress display; `batch` runs `pipeline.process` over files with `store`.

Nothing in the library imports this package: only the CLI and the entry files of the
top-level `flows/` folder do.
"""
