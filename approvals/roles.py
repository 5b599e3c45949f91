"""The roles people hold in organisations, and the authority each role gives.

A role is held in one organisation (a town's local administration, a ministry, a
checkpoint office...). The authority is a django-guardian object permission on that
organisation, one permission per role: never one permission per process or record.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    LOCAL_ADMINISTRATION = "local_administration", _("Local administration")
    MINISTRY = "ministry", _("Ministry")
    COORDINATION_CENTRE = "coordination_centre", _("Coordination centre")
    DUTY_SHIFT = "duty_shift", _("Duty shift")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre")
    RECEPTION_OFFICE = "reception_office", _("Reception office at a checkpoint")
    LOGISTICS = "logistics", _("Logistics service")
    OBSERVER = "observer", _("Observer organisation")
    EMBASSY = "embassy", _("Embassy")
    ADMINISTRATION = "administration", _("System administration")


class Role(models.TextChoices):
    LOCAL_HEAD = "local_head", _("Local head")
    MINISTRY_OFFICIAL = "ministry_official", _("Ministry official")
    COORDINATION_OFFICER = "coordination_officer", _("Coordination officer")
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    MEDICAL_OFFICER = "medical_officer", _("Medical officer")
    FOREIGN_AFFAIRS_OFFICIAL = "foreign_affairs_official", _("Foreign-affairs official")
    LOGISTICS_STAFF = "logistics_staff", _("Logistics staff")
    DUTY_SHIFT = "duty_shift", _("Duty shift officer")
    OBSERVER = "observer", _("Observer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Where each role can be held. A foreign-affairs official sits in a ministry;
# which ministry is the data's business, not the code's.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.LOCAL_HEAD: frozenset({OrganisationKind.LOCAL_ADMINISTRATION}),
    Role.MINISTRY_OFFICIAL: frozenset({OrganisationKind.MINISTRY}),
    Role.COORDINATION_OFFICER: frozenset({OrganisationKind.COORDINATION_CENTRE}),
    Role.RECEPTION_OFFICER: frozenset(
        {OrganisationKind.RECEPTION_OFFICE, OrganisationKind.RECEPTION_CENTRE}
    ),
    Role.MEDICAL_OFFICER: frozenset(
        {OrganisationKind.RECEPTION_OFFICE, OrganisationKind.RECEPTION_CENTRE}
    ),
    Role.FOREIGN_AFFAIRS_OFFICIAL: frozenset({OrganisationKind.MINISTRY, OrganisationKind.EMBASSY}),
    Role.LOGISTICS_STAFF: frozenset({OrganisationKind.LOGISTICS}),
    Role.DUTY_SHIFT: frozenset({OrganisationKind.DUTY_SHIFT}),
    Role.OBSERVER: frozenset({OrganisationKind.OBSERVER}),
    Role.ADMINISTRATOR: frozenset({OrganisationKind.ADMINISTRATION}),
}

# Roles whose work spans the whole country: they see every town by name.
# A local head sees only the towns of their own administrations.
NATIONAL_ROLES: frozenset[str] = frozenset(set(Role.values) - {Role.LOCAL_HEAD})


def permission_codename(role: str) -> str:
    """The guardian permission on an Organisation that holding `role` there grants."""
    return f"act_as_{role}"


# Permission names are stored in English at migrate time (not shown to users).
ROLE_PERMISSIONS = [
    (permission_codename(role.value), "Act as " + role.value.replace("_", " "))
    for role in Role
]
