"""State changes of people and their authority: one function each."""

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership, Organisation, OrganisationPermission, User
from .roles import ROLE_ORGANISATION_KINDS, Role, permission_codename


def _role_permission(role: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="approvals", codename=permission_codename(role)
    )


@transaction.atomic
def add_membership(
    *, person: User, organisation: Organisation, role: str, is_supervisor: bool = False
) -> Membership:
    """Give `person` the `role` in `organisation`, with its authority on that organisation."""
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise ValidationError(
            _("A %(role)s cannot be a member of %(organisation)s.")
            % {"role": Role(role).label, "organisation": organisation.name}
        )
    membership, _created = Membership.objects.update_or_create(
        person=person,
        organisation=organisation,
        role=role,
        defaults={"is_supervisor": is_supervisor},
    )
    OrganisationPermission.objects.get_or_create(
        user=person, permission=_role_permission(role), content_object=organisation
    )
    if role == Role.ADMINISTRATOR and not person.is_staff:
        person.is_staff = True
        person.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def end_membership(*, membership: Membership) -> None:
    """Take a role away: the authority it gave goes with it."""
    OrganisationPermission.objects.filter(
        user=membership.person,
        permission=_role_permission(membership.role),
        content_object=membership.organisation,
    ).delete()
    membership.delete()


def deactivate_person(*, person: User) -> None:
    """People leave; their decisions and task history stay (viewflow's Task.owner cascades)."""
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])


def set_language(*, person: User, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])
