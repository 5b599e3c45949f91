from celery import shared_task

from .sweeps import run_sweep


@shared_task(name="workflows.sweep")
def sweep() -> dict[str, int]:
    return run_sweep()
