"""A person's tasks across every flow: inbox (claimed), queue (claimable), archive (done).

The queue is one query whatever the number of organisations a person belongs to:
authority is an Exists() on guardian's organisation permissions, not viewflow's stock
user_queue, which loads every object permission with two queries each.
"""

from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals.models import OrganisationPermission, User


def _may_claim(user: User) -> Exists:
    return Exists(
        OrganisationPermission.objects.annotate(
            object_pk_text=Cast("content_object_id", CharField()),
            permission_name=Concat(Value("approvals."), "permission__codename"),
        ).filter(
            user=user,
            user__is_active=True,
            object_pk_text=OuterRef("owner_permission_obj_pk"),
            permission_name=OuterRef("owner_permission"),
        )
    )


def _human_tasks() -> QuerySet[Task]:
    return Task.objects.filter(flow_task_type="HUMAN").select_related("process", "owner")


def inbox(user: User) -> QuerySet[Task]:
    """Tasks the person has claimed and not yet finished."""
    return _human_tasks().filter(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED]).order_by(
        "-created"
    )


def queue(user: User) -> QuerySet[Task]:
    """Unclaimed tasks of the organisations where the person holds the required role."""
    return _human_tasks().filter(status=STATUS.NEW, owner__isnull=True).filter(
        _may_claim(user)
    ).order_by("-created")


def archive(user: User) -> QuerySet[Task]:
    """Tasks the person finished."""
    return _human_tasks().filter(owner=user, status=STATUS.DONE).order_by("-finished")
