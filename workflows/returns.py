"""Acts on returnee cases that move their flow: start it once a declaration is valid, the
town's answer, the JCC's review, scheduling the crossing, the arrival, a withdrawal.

Each runs inside the process lock, in one transaction (see workflows.services).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals import selectors as authority
from approvals.models import User
from approvals.roles import Role
from documents import services as documents
from documents.handbook import current_version
from requests import returns
from requests.models import ReturneeCase, TownConsent

from .flows import ReturneeCaseFlow
from .services import ActionRefused, AlreadyDecided


def open_task(case: ReturneeCase, step: str) -> Task | None:
    return Task.objects.filter(
        process__returneeprocess__case=case, flow_task=getattr(ReturneeCaseFlow, step),
        status__in=[STATUS.NEW, STATUS.ASSIGNED]).first()


def _require_task(case, step) -> Task:
    task = open_task(case, step)
    if task is None:
        raise AlreadyDecided(_("This step is not open for the case (any more)."))
    return task


def _authorised(task: Task, actor: User) -> None:
    allowed, _principal = authority.authority_on(
        actor, permission=task.owner_permission, organisation_id=int(task.owner_permission_obj_pk))
    if not allowed:
        raise ActionRefused(_("You have no authority over this step."))


def _complete(task: Task, activation, actor: User) -> None:
    if task.status == STATUS.NEW:
        activation.assign(actor)
    activation.start(None)
    activation.execute()


def declare(*, case: ReturneeCase, officer: User, method: str, language: str,
            handbook_offered: bool, signed_scan=None):
    """Record the declaration of voluntary return (its PDF in the returnee's language,
    issued and certified by the service) and, if no flow is running, start one: the town's
    consent comes next."""
    with transaction.atomic():
        case = ReturneeCase.objects.select_for_update().get(pk=case.pk)
        handbook = current_version() if handbook_offered else None
        document = documents.issue_declaration(case=case, language=language,
                                               handbook_offered=handbook_offered,
                                               handbook_version=handbook)
        declaration = returns.add_declaration(
            case=case, officer=officer, method=method, language=language,
            handbook_offered=handbook_offered, signed_scan=signed_scan, document=document,
            handbook_version=handbook)
        running = case.processes.filter(status="NEW").exists()
        if not running:
            ReturneeCaseFlow.start.run(case=case)
    return declaration


def town_answer(*, case: ReturneeCase, actor: User, consent: bool, reason: str = "") -> None:
    task = _require_task(case, "town_consent")
    with task.activation() as activation:
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise AlreadyDecided(_("The town has already answered."))
        _authorised(task, actor)
        returns.require_declaration(case)
        reason = (reason or "").strip()
        if not consent and not reason:
            raise ActionRefused(_("Give the reason for refusing."))
        TownConsent.objects.create(
            case=case, town=case.destination, answer=TownConsent.Answer.CONSENTED if consent
            else TownConsent.Answer.REFUSED, reason=reason[:500], answered_by=actor,
            answered_at=timezone.now())
        _complete(task, activation, actor)


def expire_town_consent(*, now=None) -> int:
    """No answer by the deadline is never consent: the case goes to the JCC."""
    now = now or timezone.now()
    expired = 0
    for task in Task.objects.filter(flow_task=ReturneeCaseFlow.town_consent,
                                    status__in=[STATUS.NEW, STATUS.ASSIGNED],
                                    deadline__due_at__lte=now):
        with task.activation() as activation:
            if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
                continue
            case = task.process.returneeprocess.case
            TownConsent.objects.create(case=case, town=case.destination,
                                       answer=TownConsent.Answer.NO_ANSWER, answered_at=now)
            # Nobody answered, so nobody owns the task: the deadline completes it as
            # "no answer" (viewflow only starts a task that someone holds).
            task.status = STATUS.ASSIGNED
            activation.start(None)
            activation.execute()
            expired += 1
    return expired


def schedule_crossing(*, case: ReturneeCase, officer: User, date, vehicles: int = 0) -> None:
    task = _require_task(case, "crossing")
    with task.activation() as activation:
        _authorised(task, officer)
        try:
            returns.book_crossing(case=case, officer=officer, date=date, vehicles=vehicles)
        except ValidationError as error:
            raise ActionRefused(" ".join(error.messages)) from error
        returns.mark_scheduled(case=case)
        _complete(task, activation, officer)


def confirm_arrival(*, case: ReturneeCase, actor: User) -> None:
    task = _require_task(case, "arrival")
    with task.activation() as activation:
        _authorised(task, actor)
        _complete(task, activation, actor)
        case.refresh_from_db()
        documents.issue_registration_certificate(case=case)


def coordination_review(*, case: ReturneeCase, officer: User, new_destination=None,
                        note: str = "") -> None:
    """The JCC proposes another destination (the returnee must agree in a new
    declaration) or closes the case."""
    task = _require_task(case, "coordination_review")
    with task.activation() as activation:
        _authorised(task, officer)
        if new_destination is not None and new_destination != case.destination:
            returns.mark_new_destination(case=case, town=new_destination, actor=officer)
        elif not (note or "").strip():
            raise ActionRefused(_("Propose another destination, or say why the case closes."))
        else:
            returns.mark_closed(case=case, actor=officer, note=note)
        _complete(task, activation, officer)


def withdraw(*, case: ReturneeCase, actor: User, note: str = "") -> None:
    """The returnee withdraws consent: the case stops at once, every open task is
    cancelled, and nothing restarts without a new declaration."""
    if not (authority.organisations_where(actor, Role.RECEPTION_OFFICER)
            .filter(checkpoint=case.checkpoint).exists()
            or authority.organisations_where(actor, Role.LOCAL_HEAD)
            .filter(town=case.destination).exists()):
        raise PermissionDenied
    with transaction.atomic():
        case = ReturneeCase.objects.select_for_update().get(pk=case.pk)
        if case.status in (ReturneeCase.Status.ARRIVED, ReturneeCase.Status.WITHDRAWN,
                           ReturneeCase.Status.CLOSED):
            raise ActionRefused(_("The case is already over."))
        for process in case.processes.filter(status="NEW"):
            ReturneeCaseFlow.instance.cancel(process)
        returns.mark_withdrawn(case=case, actor=actor, note=note)
