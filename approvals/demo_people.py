"""The demo's one password for every demo person; printed in the README."""

DEMO_PASSWORD = "returns-demo-2026"  # noqa: S105 - a published demo password
