"""The background sweep: viewflow's due timers, then our deadlines (reminders and
escalations of supply tasks, towns that did not answer for a returnee case, late reports
of forced return) and the daily e-mail digests.

`make run` runs it in a loop beside the web server (`manage.py sweep --loop`);
production runs the same loop as a service, or Celery beat calls workflows.sweep.
"""

import logging

from viewflow.workflow.timers import fire_due_conditions, fire_due_timers

from approvals.services import send_daily_digests

logger = logging.getLogger("returns.sweep")


def run_sweep() -> dict[str, int]:
    from requests.returns import escalate_late_reports

    from .returns import expire_town_consent
    from .services import remind_and_escalate

    result = {"timers": fire_due_timers(), "conditions": fire_due_conditions()}
    result.update(remind_and_escalate())
    result["towns_not_answering"] = expire_town_consent()
    result["late_reports"] = escalate_late_reports()
    result["digests"] = send_daily_digests()
    if any(result.values()):
        logger.info("sweep: %s", result)
    return result
