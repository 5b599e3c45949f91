"""The supply application flow, read as the process diagram:

    start ─► technical review (ministry) ─► after_review
    after_review ─┬─ returned ─► correction (applicant) ─► technical review
                  ├─ rejected ─► rejected ─► end
                  ├─ heavy equipment, or value ≥ threshold ─► split
                  └─ otherwise ─► approved ─► end
    split ─┬─ coordination approval (JCC) ─┐
           └─ logistics availability ──────┴─► join ─► after_coordination
    after_coordination ─┬─ returned ─► correction
                        ├─ rejected ─► rejected ─► end
                        └─ otherwise ─► approved ─► end

Who handles each step and by when is data (approvals.ApprovalStep); decisions are made
in workflows.services, which completes the tasks.
"""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from approvals.models import ApprovalStep

from . import routing
from .locks import process_lock
from .models import ReturneeProcess, SupplyProcess

Step = ApprovalStep.Code


def open_task_page(request, **kwargs):
    """viewflow's nodes need a view; people decide on our own task page."""
    return redirect("work:tasks:detail", pk=kwargs["task_pk"])


def _decided_by_step(step):
    return (
        flow.View(open_task_page)
        .Permission(routing.step_permission(step), obj=routing.step_organisation(step))
        .onCreate(routing.task_created)
    )


class SupplyApplicationFlow(flow.Flow):
    process_class = SupplyProcess
    lock_impl = process_lock
    process_title = _("Supply application")

    start = flow.StartHandle(this.start_process).Next(this.technical_review)

    technical_review = _decided_by_step(Step.TECHNICAL_REVIEW).Next(this.after_review)

    after_review = (
        flow.Switch()
        .Case(this.correction, routing.returned_for_correction)
        .Case(this.rejected, routing.rejected)
        .Case(this.split, routing.needs_coordination)
        .Default(this.approved)
    )

    split = flow.Split().Next(this.coordination_approval).Next(this.logistics_check)
    coordination_approval = _decided_by_step(Step.COORDINATION_APPROVAL).Next(this.join)
    logistics_check = _decided_by_step(Step.LOGISTICS_CHECK).Next(this.join)
    join = flow.Join().Next(this.after_coordination)

    after_coordination = (
        flow.Switch()
        .Case(this.correction, routing.returned_for_correction)
        .Case(this.rejected, routing.rejected)
        .Default(this.approved)
    )

    correction = (
        flow.View(open_task_page)
        .Assign(routing.applicant)
        .onCreate(routing.task_created)
        .Next(this.technical_review)
    )

    approved = flow.Function(routing.mark_approved).Next(this.end)
    rejected = flow.Function(routing.mark_rejected).Next(this.end)
    end = flow.End()

    def start_process(self, activation, application):
        activation.process.application = application
        return activation.process


def _case_task(step, permission, organisation):
    return (
        flow.View(open_task_page)
        .Permission(permission, obj=organisation)
        .onCreate(routing.case_task_created)
    )


class ReturneeCaseFlow(flow.Flow):
    """A household's return, read as the diagram:

        start (a valid declaration) ─► town consent (local head of the destination)
        town consent ─┬─ consented ─► crossing (reception officer of the CP) ─► arrival
                      │                (local head) ─► arrived ─► end
                      └─ refused, or no answer by the deadline ─► JCC review ─► end
    A withdrawal of consent cancels every open task at once (requests.returns).
    """

    process_class = ReturneeProcess
    lock_impl = process_lock
    process_title = _("Returnee case")

    start = flow.StartHandle(this.start_process).Next(this.town_consent)
    town_consent = _case_task(Step.TOWN_CONSENT, routing.local_head_permission,
                              routing.destination_administration).Next(this.after_consent)
    after_consent = (
        flow.Switch()
        .Case(this.crossing, routing.town_consented)
        .Default(this.coordination_review)
    )
    crossing = _case_task(Step.CROSSING, routing.reception_permission,
                          routing.checkpoint_office).Next(this.arrival)
    arrival = _case_task(Step.ARRIVAL, routing.local_head_permission,
                         routing.destination_administration).Next(this.arrived)
    arrived = flow.Function(routing.mark_arrived).Next(this.end)
    coordination_review = _case_task(Step.COORDINATION_REVIEW, routing.coordination_permission,
                                     routing.coordination_centre).Next(this.end)
    end = flow.End()

    def start_process(self, activation, case):
        activation.process.case = case
        return activation.process
