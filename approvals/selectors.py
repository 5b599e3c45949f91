"""Reads that apply a person's authority. Views fetch organisations, towns and
checkpoints only through these: "missing" and "not yours" both answer 404."""

from django.db.models import Exists, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    Checkpoint,
    Delegation,
    Membership,
    Organisation,
    OrganisationPermission,
    Town,
    User,
)
from .roles import NATIONAL_ROLES, OrganisationKind, Role, permission_codename


def _granted(user: User, roles, *, acting: bool = False) -> QuerySet:
    """The organisation ids on which `user` holds any of `roles` (a subquery, not a list);
    with `acting`, also those of the officials for whom `user` is acting approver."""
    codenames = [permission_codename(role) for role in roles]
    holders = Q(user=user)
    if acting:
        holders |= Q(user__in=principals_of(user))
    return OrganisationPermission.objects.filter(
        holders, user__is_active=True, permission__codename__in=codenames
    ).values("content_object_id")


def organisations_where(user: User, *roles: str, acting: bool = False) -> QuerySet[Organisation]:
    """Organisations in which `user` holds one of `roles` (any role when none are named);
    with `acting`, also where they act for an absent official."""
    return Organisation.objects.filter(pk__in=_granted(user, roles or Role.values, acting=acting))


def holds_national_role(user: User) -> bool:
    return _granted(user, NATIONAL_ROLES).exists()


def _national(user: User) -> Exists:
    return Exists(_granted(user, NATIONAL_ROLES))


def visible_towns(user: User) -> QuerySet[Town]:
    """Towns a person may see: their own administrations', or all for national roles."""
    if not user.is_active:
        return Town.objects.none()
    return Town.objects.filter(
        Q(local_administration__in=_granted(user, [Role.LOCAL_HEAD])) | _national(user)
    ).select_related("province")


def get_town_for_user(user: User, pk: int) -> Town:
    return get_object_or_404(visible_towns(user), pk=pk)


def visible_organisations(user: User) -> QuerySet[Organisation]:
    """National organisations are public to staff; a town's administration only to its
    own members and to national roles."""
    if not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        ~Q(kind=OrganisationKind.LOCAL_ADMINISTRATION)
        | Q(pk__in=_granted(user, Role.values))
        | _national(user)
    ).select_related("town__province", "checkpoint", "parent")


def get_organisation_for_user(user: User, pk: int) -> Organisation:
    return get_object_or_404(visible_organisations(user), pk=pk)


def search_organisations(user: User, text: str) -> QuerySet[Organisation]:
    organisations = visible_organisations(user)
    if text:
        organisations = organisations.filter(
            Q(name_en__icontains=text)
            | Q(name_ar__icontains=text)
            | Q(name_ru__icontains=text)
            | Q(town__name_en__icontains=text)
            | Q(town__name_ar__icontains=text)
            | Q(town__name_ru__icontains=text)
        )
    return organisations


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.filter(person__is_active=True).select_related("person")


def memberships_of(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation__town", "organisation__checkpoint")


def checkpoints() -> QuerySet[Checkpoint]:
    """Checkpoints and their capacities are known to every member of staff."""
    return Checkpoint.objects.select_related("reception_office")


def principals_of(user: User, *, on=None) -> QuerySet:
    """Ids of the officials for whom `user` is acting approver today (a subquery)."""
    on = on or timezone.localdate()
    return Delegation.objects.filter(
        acting=user, acting__is_active=True, starts_on__lte=on, ends_on__gte=on,
        revoked_at__isnull=True,
    ).values("principal")


def authority_on(user: User, *, permission: str, organisation_id: int) -> tuple[bool, User | None]:
    """May `user` act with `permission` ("approvals.act_as_...") on the organisation?

    Returns (True, None) on their own authority, (True, principal) as acting approver
    for an official who holds it, (False, None) otherwise.
    """
    codename = permission.removeprefix("approvals.")
    holders = OrganisationPermission.objects.filter(
        permission__codename=codename, content_object_id=organisation_id, user__is_active=True
    )
    if holders.filter(user=user).exists():
        return True, None
    principal = (
        User.objects.filter(pk__in=holders.filter(user__in=principals_of(user)).values("user"))
        .order_by("pk")
        .first()
    )
    return (principal is not None), principal


def active_delegations(user: User) -> QuerySet[Delegation]:
    """Delegations the person gave or received that are not over."""
    today = timezone.localdate()
    return (
        Delegation.objects.filter(Q(principal=user) | Q(acting=user))
        .filter(ends_on__gte=today, revoked_at__isnull=True)
        .select_related("principal", "acting")
    )


def supervisors_of(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id,
        memberships__is_supervisor=True,
    ).distinct()


def colleagues_for_delegation(user: User) -> QuerySet[User]:
    """Who can be named acting approver: active members of the person's organisations."""
    return (
        User.objects.filter(is_active=True, memberships__organisation__in=organisations_where(user))
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def notifications_of(user: User) -> QuerySet:
    return user.notifications.all()


def unread_notification_count(user: User) -> int:
    return user.notifications.filter(read_at__isnull=True).count()


def holders_of(organisation_id: int, role: str) -> QuerySet[User]:
    """The active people holding `role` in the organisation (whom a task concerns)."""
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id, memberships__role=role,
    ).distinct()
