from celery import shared_task

from .sweeps import run_sweep


@shared_task(name="workflows.sweep")
def sweep() -> dict[str, int]:
    return run_sweep()


@shared_task(name="workflows.bulk_approval", acks_late=True)
def bulk_approval(job_pk: int, secret: str) -> None:
    from .services import run_bulk_approval

    run_bulk_approval(job_pk, secret)
