"""Reads that apply a person's authority. Views fetch organisations, towns and
checkpoints only through these: "missing" and "not yours" both answer 404."""

from django.db.models import Exists, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Checkpoint, Membership, Organisation, OrganisationPermission, Town, User
from .roles import NATIONAL_ROLES, OrganisationKind, permission_codename


def _granted(user: User, roles) -> QuerySet:
    """The organisation ids on which `user` holds any of `roles` (a subquery, not a list)."""
    codenames = [permission_codename(role) for role in roles]
    return OrganisationPermission.objects.filter(
        user=user, user__is_active=True, permission__codename__in=codenames
    ).values("content_object_id")


def organisations_where(user: User, *roles: str) -> QuerySet[Organisation]:
    """Organisations in which `user` holds one of `roles` (any role when none are named)."""
    from .roles import Role

    return Organisation.objects.filter(pk__in=_granted(user, roles or Role.values))


def holds_national_role(user: User) -> bool:
    return _granted(user, NATIONAL_ROLES).exists()


def _national(user: User) -> Exists:
    return Exists(_granted(user, NATIONAL_ROLES))


def visible_towns(user: User) -> QuerySet[Town]:
    """Towns a person may see: their own administrations', or all for national roles."""
    if not user.is_active:
        return Town.objects.none()
    return Town.objects.filter(
        Q(local_administration__in=_granted(user, NATIONAL_ROLES | {"local_head"}))
        | _national(user)
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
        | Q(pk__in=_granted(user, NATIONAL_ROLES | {"local_head"}))
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
