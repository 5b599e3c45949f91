"""What the supply flow asks of the data: who decides a step, where a decision leads,
and what happens when a task appears. The flow (flows.py) reads like the diagram; the
answers live here."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals import selectors as authority
from approvals import services as approvals_services
from approvals.models import ApprovalPolicy, ApprovalStep, Decision
from approvals.roles import Role, permission_codename
from requests import services as application_services

from .models import TaskDeadline

Step = ApprovalStep.Code


def step_settings(step: str) -> ApprovalStep:
    return ApprovalStep.objects.select_related("organisation").get(code=step)


def step_permission(step: str):
    def permission(activation) -> str:
        return "approvals." + permission_codename(step_settings(step).role)

    return permission


def step_organisation(step: str):
    def organisation(process):
        return step_settings(step).organisation

    return organisation


def applicant(activation):
    return activation.process.application.applicant


def _outcomes_of_this_round(activation) -> set[str]:
    """Outcomes of the decisions that led here: the steps just completed."""
    application = activation.process.application
    steps = [task.flow_task.name for task in activation.task.previous.all()]
    if "join" in steps or not steps:
        steps = [Step.COORDINATION_APPROVAL, Step.LOGISTICS_CHECK]
    return set(
        Decision.objects.filter(
            application=application, revision=application.revision, step__in=steps
        ).values_list("outcome", flat=True)
    )


def returned_for_correction(activation) -> bool:
    outcomes = _outcomes_of_this_round(activation)
    return Decision.Outcome.RETURNED in outcomes and Decision.Outcome.REJECTED not in outcomes


def rejected(activation) -> bool:
    return Decision.Outcome.REJECTED in _outcomes_of_this_round(activation)


def needs_coordination(activation) -> bool:
    """Heavy equipment, or an estimated value at or above the policy's threshold, in what
    the technical review left standing."""
    lines = activation.process.application.lines.select_related("material")
    standing = [line for line in lines if (line.approved_quantity or 0) > 0]
    if any(line.material.is_heavy_equipment for line in standing):
        return True
    value = sum((line.approved_quantity * line.material.unit_price for line in standing),
                Decimal("0"))
    return value >= ApprovalPolicy.objects.latest().coordination_threshold


def mark_approved(activation) -> None:
    application_services.mark_decided(
        application=activation.process.application, approved=True
    )


def mark_rejected(activation) -> None:
    application_services.mark_decided(
        application=activation.process.application, approved=False
    )


def _with_deadline(activation):
    """Give a new human task its step's deadline and reminder time (ApprovalStep data)."""
    task = activation.task
    step = task.flow_task.name
    settings = step_settings(step)
    now = timezone.now()
    due_at = now + timedelta(hours=settings.deadline_hours)
    TaskDeadline.objects.create(
        task=task, step=step, due_at=due_at,
        remind_at=max(now, due_at - timedelta(hours=settings.reminder_hours)),
    )
    return task, step, settings


def task_created(activation) -> None:
    """A human task appeared: give it its deadline and tell the person who must act."""
    task, step, settings = _with_deadline(activation)
    application = activation.process.application
    if step == Step.CORRECTION:
        application_services.mark_returned(application=application)
        approvals_services.notify(
            recipient=task.owner,
            subject=_("Application %(number)s was returned to you for correction"),
            params={"number": application.number},
            url=f"/work/tasks/{task.pk}/",
        )
        return
    # An unclaimed task is the supervisor's to hand out until someone claims it.
    for supervisor in authority.supervisors_of(settings.organisation_id):
        approvals_services.notify(
            recipient=supervisor,
            subject=_("%(step)s of application %(number)s is waiting in your organisation's queue"),
            params={"step": Step(step).label, "number": application.number},
            url=f"/work/tasks/{task.pk}/",
        )


# Returnee cases -----------------------------------------------------------------------

def _case(process):
    return process.returneeprocess.case if hasattr(process, "returneeprocess") else process.case


def local_head_permission(activation) -> str:
    return "approvals." + permission_codename(Role.LOCAL_HEAD)


def reception_permission(activation) -> str:
    return "approvals." + permission_codename(Role.RECEPTION_OFFICER)


def coordination_permission(activation) -> str:
    return "approvals." + permission_codename(Role.COORDINATION_OFFICER)


def destination_administration(process):
    return _case(process).destination.local_administration


def checkpoint_office(process):
    return _case(process).checkpoint.reception_office


def coordination_centre(process):
    return step_settings(Step.COORDINATION_REVIEW).organisation


def town_consented(activation) -> bool:
    from requests.models import TownConsent

    answer = TownConsent.objects.filter(case=activation.process.case).last()
    return answer is not None and answer.answer == TownConsent.Answer.CONSENTED


def mark_arrived(activation) -> None:
    from requests import returns

    returns.mark_arrived(case=activation.process.case)


def case_task_created(activation) -> None:
    """A case task appeared: its deadline, and word to whoever must act."""
    from requests import returns

    task, step, _settings = _with_deadline(activation)
    case = activation.process.case
    returns.mark_step(case=case, step=step)
    for person in _who_must_act(case, step, int(task.owner_permission_obj_pk)):
        approvals_services.notify(
            recipient=person,
            subject=_("%(step)s for returnee case %(number)s"),
            params={"step": Step(step).label, "number": case.number},
            url=case.get_absolute_url(),
        )


def _who_must_act(case, step, organisation_id):
    """The town's local head; the officer who registered the household; the JCC's
    supervisors: a person, not a whole role."""
    if step in (Step.TOWN_CONSENT, Step.ARRIVAL):
        return authority.holders_of(organisation_id, Role.LOCAL_HEAD)
    if step == Step.CROSSING:
        return [case.registered_by]
    return authority.supervisors_of(organisation_id)
