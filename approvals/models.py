"""Who may decide what: places, organisations, people and the roles they hold.

Authority lives on jurisdiction objects (an Organisation: a town's administration, a
ministry, a checkpoint office) as django-guardian object permissions, granted and
revoked only through approvals.services.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from .roles import ROLE_PERMISSIONS, OrganisationKind, Role


class TranslatedName(models.Model):
    """A name kept in each of the product's languages, shown in the reader's."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class PeopleAreNeverDeleted(Exception):
    """Deleting a person would cascade through viewflow's Task.owner: deactivate instead."""


class UserQuerySet(models.QuerySet):
    def delete(self):
        raise PeopleAreNeverDeleted(_("People are deactivated, never deleted."))


class PersonManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    class NotificationMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY_DIGEST = "daily_digest", _("Once a day, as a digest")

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    notification_mode = models.CharField(
        _("notifications"),
        max_length=16,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
    )

    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def delete(self, *args, **kwargs):
        raise PeopleAreNeverDeleted(_("People are deactivated, never deleted."))


class Province(TranslatedName):
    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [models.UniqueConstraint(fields=["name_en"], name="province_name_unique")]


class Town(TranslatedName):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="towns", verbose_name=_("province")
    )
    # The language of documents addressed to the town (delivery orders...).
    document_language = models.CharField(
        _("language of documents"), max_length=8, choices=settings.LANGUAGES, default="ar"
    )

    class Meta:
        verbose_name = _("town")
        verbose_name_plural = _("towns")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_en"], name="town_name_unique")
        ]


class Checkpoint(TranslatedName):
    """A border crossing point (CP) where returnees are received."""

    class Kind(models.TextChoices):
        LAND = "land", _("Land")
        AIR = "air", _("Air")
        SEA = "sea", _("Sea")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    border = models.CharField(_("border"), max_length=200, blank=True)
    # Unknown capacities stay empty ("not stated"), never a made-up zero.
    daily_capacity_people = models.PositiveIntegerField(
        _("daily capacity, people"), null=True, blank=True
    )
    daily_capacity_vehicles = models.PositiveIntegerField(
        _("daily capacity, vehicles"), null=True, blank=True
    )
    opens_at = models.TimeField(_("opens at"), default="06:00")
    open_around_the_clock = models.BooleanField(_("open 24 hours"), default=False)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(fields=["name_en"], name="checkpoint_name_unique")
        ]


class Organisation(TranslatedName):
    """A jurisdiction: the object people's authority is granted on."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
    )
    town = models.OneToOneField(
        Town,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_administration",
        verbose_name=_("town"),
    )
    checkpoint = models.OneToOneField(
        Checkpoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_office",
        verbose_name=_("checkpoint"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name_en"]
        permissions = ROLE_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.LOCAL_ADMINISTRATION, town__isnull=False)
                | (~Q(kind=OrganisationKind.LOCAL_ADMINISTRATION) & Q(town__isnull=True)),
                name="organisation_town_iff_local_administration",
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.RECEPTION_OFFICE, checkpoint__isnull=False)
                | (~Q(kind=OrganisationKind.RECEPTION_OFFICE) & Q(checkpoint__isnull=True)),
                name="organisation_checkpoint_iff_reception_office",
            ),
        ]

    def get_absolute_url(self):
        return reverse("directory:organisations:detail", kwargs={"pk": self.pk})


class OrganisationPermission(UserObjectPermissionBase):
    """guardian's direct foreign key table: authority joins on an integer, not a string."""

    content_object = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="granted_permissions"
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("authority on an organisation")
        verbose_name_plural = _("authority on organisations")


class Membership(models.Model):
    """A person holds a role in an organisation. Written only by approvals.services."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # The supervisor receives escalations of the organisation's overdue tasks.
    is_supervisor = models.BooleanField(_("supervisor"), default=False)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name_en", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()} · {self.organisation}"
