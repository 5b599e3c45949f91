"""The background sweep: viewflow's due timers, then our deadlines (reminders and
escalations) and the daily e-mail digests.

`make run` runs it in a loop beside the web server (`manage.py sweep --loop`);
production runs the same loop as a service, or Celery beat calls workflows.sweep.
"""

import logging

from viewflow.workflow.timers import fire_due_conditions, fire_due_timers

from approvals.services import send_daily_digests

logger = logging.getLogger("returns.sweep")


def run_sweep() -> dict[str, int]:
    from .services import remind_and_escalate

    result = {"timers": fire_due_timers(), "conditions": fire_due_conditions()}
    result.update(remind_and_escalate())
    result["digests"] = send_daily_digests()
    if any(result.values()):
        logger.info("sweep: %s", result)
    return result
