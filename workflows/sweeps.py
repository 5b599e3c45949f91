"""The background sweep: fires viewflow's due timers and conditions.

`make run` runs it in a loop beside the web server (`manage.py sweep --loop`);
production runs it from Celery beat (workflows.tasks.sweep).
"""

import logging

from viewflow.workflow.timers import fire_due_conditions, fire_due_timers

logger = logging.getLogger("returns.sweep")


def run_sweep() -> dict[str, int]:
    result = {"timers": fire_due_timers(), "conditions": fire_due_conditions()}
    if any(result.values()):
        logger.info("sweep fired %s", result)
    return result
