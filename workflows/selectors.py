"""A person's tasks across every flow: inbox (claimed), queue (claimable), archive (done).

Each is one query whatever the number of organisations a person belongs to: authority
is an Exists() on guardian's organisation permissions, not viewflow's stock user_queue,
which loads every object permission with two queries each. An acting approver sees the
tasks of the officials they act for, marked as such.
"""

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.shortcuts import get_object_or_404
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals import selectors as authority
from approvals.models import OrganisationPermission, User
from requests.selectors import visible_applications

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def _may_claim(user: User) -> Exists:
    return Exists(
        OrganisationPermission.objects.annotate(
            object_pk_text=Cast("content_object_id", CharField()),
            permission_name=Concat(Value("approvals."), "permission__codename"),
        ).filter(
            Q(user=user) | Q(user__in=authority.principals_of(user)),
            user__is_active=True,
            object_pk_text=OuterRef("owner_permission_obj_pk"),
            permission_name=OuterRef("owner_permission"),
        )
    )


def _human_tasks() -> QuerySet[Task]:
    return Task.objects.filter(flow_task_type="HUMAN").select_related(
        "owner", "process__supplyprocess__application__town",
        "process__returneeprocess__case__destination", "deadline",
    )


def inbox(user: User) -> QuerySet[Task]:
    """Tasks the person claimed, and those claimed by officials they act for."""
    return _human_tasks().filter(
        Q(owner=user) | Q(owner__in=authority.principals_of(user)),
        status__in=[STATUS.ASSIGNED, STATUS.STARTED],
    ).order_by("-created")


def queue(user: User) -> QuerySet[Task]:
    """Unclaimed tasks of the organisations where the person (or an official they act
    for) holds the role the step requires."""
    return _human_tasks().filter(status=STATUS.NEW, owner__isnull=True).filter(
        _may_claim(user)
    ).order_by("-created")


def archive(user: User) -> QuerySet[Task]:
    """Tasks the person finished."""
    return _human_tasks().filter(owner=user, status=STATUS.DONE).order_by("-finished")


def get_task_for_user(user: User, pk: int) -> Task:
    """A task of an application the person may see; anything else answers 404."""
    return get_object_or_404(
        _human_tasks().filter(
            process__supplyprocess__application__in=visible_applications(user)
        ),
        pk=pk,
    )


def open_tasks_of(application) -> QuerySet[Task]:
    return _human_tasks().filter(
        process__supplyprocess__application=application, status__in=OPEN
    ).order_by("created")
