"""Acts on supply application tasks: submit, claim, hand back, decide, bulk approve.

Each runs inside the process lock (workflows.locks: the process row FOR UPDATE), which
is also its one transaction: if anything fails, nothing of it is stored and no e-mail
or job leaves (those go through transaction.on_commit).
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals import selectors as authority
from approvals import services as approvals_services
from approvals.models import ApprovalStep, Decision, HistoryEvent, LineDecision, Reason, User
from documents import services as documents
from documents import signing
from documents.models import SigningCertificate
from documents.signing import UnlockedSigner
from requests import services as application_services
from requests.models import SupplyApplication

from . import routing
from .flows import SupplyApplicationFlow
from .models import BulkJob, BulkJobItem, TaskDeadline
from .tasks import bulk_approval as bulk_approval_job

Step = ApprovalStep.Code
logger = logging.getLogger("returns.workflows")


class ActionRefused(Exception):
    """A clear, translated reason why an act cannot happen; nothing was stored."""


class AlreadyDecided(ActionRefused):
    pass


@dataclass
class LineVerdict:
    line: int
    approved_quantity: Decimal
    reason: int | None = None
    comment: str = ""


# Submission ---------------------------------------------------------------------------

def submit_application(*, application: SupplyApplication, actor: User) -> list[str]:
    """Submit a draft, or resubmit a corrected application. Returns the problems found;
    with problems, nothing changes."""
    if application.status == SupplyApplication.Status.RETURNED:
        return _resubmit(application, actor)
    with transaction.atomic():
        application = SupplyApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != SupplyApplication.Status.DRAFT:
            return [_("This application has already been submitted.")]
        problems = application_services.check_for_submission(application)
        if problems:
            return problems
        application_services.mark_submitted(application=application, actor=actor)
        SupplyApplicationFlow.start.run(application=application)
    return []


def _resubmit(application: SupplyApplication, actor: User) -> list[str]:
    correction = Task.objects.filter(
        process__supplyprocess__application=application,
        flow_task=SupplyApplicationFlow.correction, status=STATUS.ASSIGNED,
    ).first()
    if correction is None:
        return [_("This application has already been submitted.")]
    with correction.activation() as activation:
        application = SupplyApplication.objects.get(pk=application.pk)
        if correction.status != STATUS.ASSIGNED:
            return [_("This application has already been submitted.")]
        problems = application_services.check_for_submission(application)
        if problems:
            return problems
        application_services.mark_submitted(application=application, actor=actor)
        _record_decision(
            task=correction, application=application, actor=actor, on_behalf_of=None,
            outcome=Decision.Outcome.RESUBMITTED, reason=None, comment="", verdicts=[],
        )
        activation.start(None)
        activation.execute()
    return []


# Claiming -----------------------------------------------------------------------------

def _authority(task: Task, actor: User) -> User | None:
    """The principal `actor` acts for on this task (None: their own authority).
    Refuses when the actor has neither."""
    organisation_id = int(task.owner_permission_obj_pk or 0)
    allowed, principal = authority.authority_on(
        actor, permission=task.owner_permission or "", organisation_id=organisation_id
    )
    if not allowed:
        raise ActionRefused(_("You have no authority over this task."))
    return principal


def _check_segregation(task: Task, application: SupplyApplication, people: set[int]) -> None:
    if application.applicant_id in people:
        raise ActionRefused(_("Nobody may decide on their own application."))
    other_steps = Decision.objects.filter(application=application).exclude(
        step__in=[task.flow_task.name, Step.CORRECTION]
    )
    if other_steps.filter(decided_by__in=people).exists() or other_steps.filter(
        on_behalf_of__in=people
    ).exists():
        raise ActionRefused(_("You already decided another step of this application."))


def _acting_for(task: Task, actor: User) -> User | None:
    """For a claimed task: whom the actor acts for, or refuse. Authority is checked again
    now: a membership ended or a delegation revoked since the claim counts."""
    if task.owner_id == actor.pk:
        return _authority(task, actor)
    if task.owner_id and task.owner_id in set(
        authority.principals_of(actor).values_list("principal", flat=True)
    ):
        allowed, through = authority.authority_on(
            task.owner, permission=task.owner_permission or "",
            organisation_id=int(task.owner_permission_obj_pk or 0))
        if allowed and through is None:
            return task.owner
        raise ActionRefused(_("You have no authority over this task."))
    raise ActionRefused(_("This task is claimed by someone else."))


def _application_of(task: Task) -> SupplyApplication:
    return SupplyApplication.objects.select_related("town").get(process__pk=task.process_id)


def claim_task(*, task: Task, actor: User) -> None:
    with task.activation() as activation:
        _claim(task, activation, actor)


def _claim(task: Task, activation, actor: User) -> User | None:
    if task.status != STATUS.NEW:
        raise AlreadyDecided(_already_message(task))
    principal = _authority(task, actor)
    application = _application_of(task)
    _check_segregation(task, application, {actor.pk} | ({principal.pk} if principal else set()))
    activation.assign(actor)
    task.data = {**task.data, "on_behalf_of": principal.pk if principal else None}
    task.save(update_fields=["data"])
    approvals_services.record_event(
        kind=HistoryEvent.Kind.CLAIMED, application=application, actor=actor,
        on_behalf_of=principal, data={"task": task.pk, "step": task.flow_task.name},
    )
    return principal


def hand_back_task(*, task: Task, actor: User) -> None:
    with task.activation() as activation:
        if task.status != STATUS.ASSIGNED:
            raise AlreadyDecided(_already_message(task))
        if task.flow_task.name == Step.CORRECTION:
            raise ActionRefused(_("A correction stays with the applicant."))
        principal = _acting_for(task, actor)
        activation.unassign()
        task.data = {**task.data, "on_behalf_of": None}
        task.save(update_fields=["data"])
        approvals_services.record_event(
            kind=HistoryEvent.Kind.HANDED_BACK, application=_application_of(task), actor=actor,
            on_behalf_of=principal, data={"task": task.pk, "step": task.flow_task.name},
        )


def _already_message(task: Task) -> str:
    if task.status == STATUS.DONE:
        return _("This task has already been decided.")
    if task.status == STATUS.CANCELED:
        return _("This task was cancelled.")
    return _("This task is claimed by someone else.")


# Deciding -----------------------------------------------------------------------------

def decide_task(
    *, task: Task, actor: User, outcome: str, verdicts: list[LineVerdict],
    reason: int | None = None, comment: str = "", password: str | None = None,
    signer: UnlockedSigner | None = None,
) -> Decision:
    """Decide a step: per line for an approval, or the whole application returned or
    rejected with a reason. Claims the task first when it is still in the queue.

    The decision is signed by the actor in the same act: `password` unlocks their key
    (or `signer` is the key a bulk approval unlocked for its listed tasks). When it is
    the final approval, the delivery order is issued and signed too. All or nothing.
    """
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            principal = _claim(task, activation, actor)
        elif task.status == STATUS.ASSIGNED:
            principal = _acting_for(task, actor)
        else:
            raise AlreadyDecided(_already_message(task))
        application = _application_of(task)
        people = {actor.pk} | ({principal.pk} if principal else set())
        _check_segregation(task, application, people)
        if task.flow_task.name == Step.CORRECTION:
            raise ActionRefused(_("Resubmit the corrected application instead."))
        if signer is None:
            try:
                signer = signing.unlock_official(actor, password or "")
            except signing.SigningRefused as refusal:
                raise ActionRefused(_("Your decision was not recorded: %(reason)s")
                                    % {"reason": _signing_message(refusal)}) from refusal
        decision = _record_decision(
            task=task, application=application, actor=actor, on_behalf_of=principal,
            outcome=outcome, reason=reason, comment=comment, verdicts=verdicts,
        )
        documents.issue_decision_record(decision=decision, signer=signer)
        activation.start(None)
        activation.execute()
        application.refresh_from_db(fields=["status", "decided_at"])
        if application.status == SupplyApplication.Status.APPROVED:
            documents.issue_delivery_order(application=application, final_decision=decision,
                                           signer=signer)
    return decision


def _signing_message(refusal: Exception) -> str:
    messages = {
        "The password does not unlock the signing key.":
            _("the password does not unlock your signing key."),
        "You have no valid signing certificate.": _("you have no valid signing certificate."),
        "This signing certificate has been revoked.": _("your signing certificate is revoked."),
        "This signing certificate is not valid today.":
            _("your signing certificate is not valid today."),
    }
    return messages.get(str(refusal), str(refusal))


def _record_decision(*, task, application, actor, on_behalf_of, outcome, reason, comment,
                     verdicts) -> Decision:
    if outcome not in Decision.Outcome.values:
        raise ActionRefused(_("Choose what to do with the application."))
    reason_obj = Reason.objects.filter(pk=reason, is_active=True).first() if reason else None
    if outcome in (Decision.Outcome.RETURNED, Decision.Outcome.REJECTED) and reason_obj is None:
        raise ActionRefused(_("Give a reason for returning or rejecting the application."))
    checked = _check_verdicts(task, application, outcome, verdicts)
    decision = Decision.objects.create(
        application=application, task=task, step=task.flow_task.name,
        revision=application.revision, outcome=outcome, reason=reason_obj,
        comment=comment.strip(), decided_by=actor, on_behalf_of=on_behalf_of,
        decided_at=timezone.now(),
    )
    LineDecision.objects.bulk_create(
        LineDecision(decision=decision, line=line, material_id=line.material_id,
                     site_id=line.site_id, requested_quantity=standing,
                     approved_quantity=verdict.approved_quantity, verdict=kind,
                     reason_id=verdict.reason, comment=verdict.comment.strip())
        for line, standing, verdict, kind in checked
    )
    if outcome == Decision.Outcome.APPROVED:
        for line, _standing, verdict, _kind in checked:
            line.approved_quantity = verdict.approved_quantity
            line.save(update_fields=["approved_quantity"])
    approvals_services.record_event(
        kind=HistoryEvent.Kind.DECIDED, application=application, actor=actor,
        on_behalf_of=on_behalf_of, note=comment.strip(),
        data={"decision": decision.pk, "step": decision.step, "outcome": outcome,
              "revision": application.revision},
    )
    return decision


def _check_verdicts(task, application, outcome, verdicts):
    """Pair each line with the quantity standing before this step and the verdict on it."""
    if outcome == Decision.Outcome.RESUBMITTED:
        return []
    lines = {line.pk: line for line in application.lines.select_related("material", "site")}
    given = {verdict.line: verdict for verdict in verdicts}
    if outcome != Decision.Outcome.APPROVED:
        given = {pk: v for pk, v in given.items() if pk in lines}  # notes on what to fix
    elif set(given) != set(lines):
        raise ActionRefused(_("Decide every line of the application."))
    reasons = set(Reason.objects.filter(is_active=True).values_list("pk", flat=True))
    first_step = task.flow_task.name == Step.TECHNICAL_REVIEW
    checked, problems = [], []
    for pk, verdict in given.items():
        line = lines[pk]
        standing = line.quantity if first_step else (line.approved_quantity or Decimal("0"))
        quantity = verdict.approved_quantity
        name = f"{line.material.name} · {line.site.name}"
        if quantity is None or quantity < 0 or quantity > standing:
            problems.append(_("%(line)s: approve between 0 and %(most)s.")
                            % {"line": name, "most": standing.normalize()})
            continue
        kind = (LineDecision.Verdict.FULL if quantity == standing else
                LineDecision.Verdict.REFUSED if quantity == 0 else LineDecision.Verdict.PART)
        if outcome != Decision.Outcome.APPROVED:
            kind = LineDecision.Verdict.FULL if verdict.reason is None else kind
        if kind != LineDecision.Verdict.FULL and verdict.reason not in reasons:
            problems.append(_("%(line)s: give a reason for cutting or refusing it.")
                            % {"line": name})
            continue
        checked.append((line, standing, verdict, kind))
    if problems:
        raise ActionRefused(" ".join(problems))
    return checked


# Bulk approval ------------------------------------------------------------------------

def full_approval(task: Task) -> list[LineVerdict]:
    """Every line approved at the quantity standing before this step."""
    application = _application_of(task)
    first_step = task.flow_task.name == Step.TECHNICAL_REVIEW
    return [
        LineVerdict(line=line.pk,
                    approved_quantity=line.quantity if first_step
                    else (line.approved_quantity or Decimal("0")))
        for line in application.lines.all()
    ]


def start_bulk_approval(*, actor: User, tasks: list[Task], password: str,
                        comment: str = "") -> BulkJob:
    """Queue a bulk approval: one act of its official covering the listed applications.

    The password entered for it unlocks the official's key now; the key goes to the job
    re-encrypted under a one-time grant, usable for this job's listed tasks only and
    gone when the job ends. The job runs on a Celery worker (or right after the commit
    without a broker) and reports a result per application.
    """
    try:
        grant = signing.grant_for_job(actor, password)
    except signing.SigningRefused as refusal:
        raise ActionRefused(_("Nothing was approved: %(reason)s")
                            % {"reason": _signing_message(refusal)}) from refusal
    with transaction.atomic():
        job = BulkJob.objects.create(requested_by=actor, comment=comment.strip())
        BulkJobItem.objects.bulk_create(BulkJobItem(job=job, task=task) for task in tasks)
        signing.hold_grant(f"bulk-job:{job.pk}", grant)
        transaction.on_commit(lambda: bulk_approval_job.delay(job.pk, grant.secret))
    return job


def run_bulk_approval(job_pk: int, secret: str) -> None:
    """Each application in its own transaction: one that fails leaves no trace of its own
    and does not stop the others."""
    job = BulkJob.objects.select_related("requested_by").get(pk=job_pk)
    if job.status == BulkJob.Status.FINISHED:
        return  # a job delivered twice runs once
    BulkJob.objects.filter(pk=job.pk).update(status=BulkJob.Status.RUNNING)
    # Messages in the language of the official who asked for the job.
    with translation.override(job.requested_by.language):
        try:
            _run_items(job, secret)
        finally:
            signing.drop_grant(f"bulk-job:{job.pk}")
            BulkJob.objects.filter(pk=job.pk).update(
                status=BulkJob.Status.FINISHED, finished_at=timezone.now()
            )


def _run_items(job: BulkJob, secret: str) -> None:
    try:
        signer = signing.take_grant(f"bulk-job:{job.pk}", secret, job.requested_by)
        refused = ""
    except (signing.SigningRefused, SigningCertificate.DoesNotExist) as refusal:
        signer, refused = None, _signing_message(refusal)
    for item in job.items.filter(ok__isnull=True).select_related("task"):
        if signer is None:
            _item_result(item, False, refused)
            continue
        try:
            with transaction.atomic():
                task = Task.objects.get(pk=item.task_id)
                decide_task(task=task, actor=job.requested_by, outcome=Decision.Outcome.APPROVED,
                            verdicts=full_approval(task), comment=job.comment, signer=signer)
                _item_result(item, True, "")
        except ActionRefused as refusal:
            _item_result(item, False, str(refusal))
        except Exception:  # one application's failure must not stop the others
            logger.exception("bulk approval %s: task %s failed", job.pk, item.task_id)
            _item_result(item, False, _("It could not be approved; nothing of it was stored."))


def _item_result(item: BulkJobItem, ok: bool, message: str) -> None:
    item.ok, item.message, item.processed_at = ok, message[:500], timezone.now()
    item.save(update_fields=["ok", "message", "processed_at"])


# Deadlines ----------------------------------------------------------------------------

def remind_and_escalate(*, now=None) -> dict[str, int]:
    """Reminders before a task's deadline, escalation to the organisation's supervisors
    after it, each recorded on the application. Run by the background sweep."""
    now = now or timezone.now()
    reminded = escalated = 0
    supply = {"task__process__supplyprocess__isnull": False}
    due_reminders = TaskDeadline.objects.filter(
        remind_at__lte=now, reminded_at__isnull=True, due_at__gt=now,
        task__status__in=[STATUS.NEW, STATUS.ASSIGNED], **supply,
    ).select_related("task__owner")
    for deadline in due_reminders:
        with transaction.atomic():
            task, application = deadline.task, _application_of(deadline.task)
            recipients = ([task.owner] if task.owner_id else
                          list(authority.supervisors_of(int(task.owner_permission_obj_pk or 0))))
            for person in recipients:
                approvals_services.notify(
                    recipient=person,
                    subject=gettext_lazy("Reminder: %(step)s of %(number)s is due %(due)s"),
                    params={"step": Step(deadline.step).label, "number": application.number,
                            "due": timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M")},
                    url=f"/work/tasks/{task.pk}/",
                )
            approvals_services.record_event(
                kind=HistoryEvent.Kind.REMINDED, application=application,
                data={"task": task.pk, "step": deadline.step,
                      "to": [person.pk for person in recipients]},
            )
            TaskDeadline.objects.filter(pk=deadline.pk).update(reminded_at=now)
            reminded += 1
    overdue = TaskDeadline.objects.filter(
        due_at__lte=now, escalated_at__isnull=True,
        task__status__in=[STATUS.NEW, STATUS.ASSIGNED], **supply,
    ).select_related("task")
    for deadline in overdue:
        with transaction.atomic():
            task, application = deadline.task, _application_of(deadline.task)
            organisation_id = (int(task.owner_permission_obj_pk) if task.owner_permission_obj_pk
                               else routing.step_settings(deadline.step).organisation_id)
            supervisors = list(authority.supervisors_of(organisation_id or 0))
            for supervisor in supervisors:
                approvals_services.notify(
                    recipient=supervisor,
                    subject=gettext_lazy("Overdue: %(step)s of %(number)s passed its deadline"),
                    params={"step": Step(deadline.step).label, "number": application.number},
                    url=f"/work/tasks/{task.pk}/",
                )
            approvals_services.record_event(
                kind=HistoryEvent.Kind.ESCALATED, application=application,
                data={"task": task.pk, "step": deadline.step,
                      "to": [person.pk for person in supervisors]},
            )
            TaskDeadline.objects.filter(pk=deadline.pk).update(escalated_at=now)
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}
