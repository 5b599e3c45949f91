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


class ApprovalStep(TranslatedName):
    """A step of an approval flow, as data: who handles it and by when."""

    class Code(models.TextChoices):
        TECHNICAL_REVIEW = "technical_review", _("Technical review")
        COORDINATION_APPROVAL = "coordination_approval", _("Coordination approval")
        LOGISTICS_CHECK = "logistics_check", _("Logistics availability check")
        CORRECTION = "correction", _("Correction by the applicant")
        TOWN_CONSENT = "town_consent", _("Consent of the destination town")
        COORDINATION_REVIEW = "coordination_review", _("Review by the JCC")
        CROSSING = "crossing", _("Scheduling the crossing")
        ARRIVAL = "arrival", _("Confirming the arrival")

    code = models.CharField(_("step"), max_length=32, choices=Code.choices, unique=True)
    # Empty for the applicant's own step (correction), which goes to the applicant.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("handled by"),
    )
    role = models.CharField(_("role that decides"), max_length=32, choices=Role.choices)
    deadline_hours = models.PositiveIntegerField(_("deadline, hours"), default=72)
    reminder_hours = models.PositiveIntegerField(
        _("reminder, hours before the deadline"), default=24
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_hours__gt=0), name="approval_step_deadline_positive"
            ),
        ]


class ApprovalPolicy(models.Model):
    """Thresholds an administrator can change. The newest row is in force."""

    coordination_threshold = models.DecimalField(
        _("estimated value from which the JCC must approve"), max_digits=14, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=8, default="USD")
    created_at = models.DateTimeField(_("in force since"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval policy")
        verbose_name_plural = _("approval policies")
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(coordination_threshold__gte=0), name="policy_threshold_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.coordination_threshold} {self.currency}"


class Reason(TranslatedName):
    """A reason from the list, for cutting or refusing a line, or returning or rejecting
    an application."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")
        ordering = ["name_en"]


class Delegation(models.Model):
    """An official names an acting approver for a period."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_given",
        verbose_name=_("official"),
    )
    acting = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_received",
        verbose_name=_("acting approver"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (inclusive)"))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(principal=models.F("acting")), name="delegation_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_period_valid"
            ),
        ]

    def __str__(self):
        return f"{self.principal} → {self.acting} ({self.starts_on}–{self.ends_on})"


class Decision(models.Model):
    """One official's decision on one task of an application. One task, one decision:
    the unique task constraint is the database's last word when officials race."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for correction")
        REJECTED = "rejected", _("Rejected")
        RESUBMITTED = "resubmitted", _("Corrected and resubmitted")

    application = models.ForeignKey(
        "requests.SupplyApplication", on_delete=models.PROTECT, related_name="decisions",
        verbose_name=_("application"),
    )
    task = models.OneToOneField(
        "viewflow.Task", on_delete=models.PROTECT, related_name="decision",
        verbose_name=_("task"),
    )
    step = models.CharField(_("step"), max_length=32, choices=ApprovalStep.Code.choices)
    revision = models.PositiveIntegerField(_("revision"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.ForeignKey(
        Reason, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("reason")
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("on behalf of"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["approved", "resubmitted"]) | Q(reason__isnull=False),
                name="decision_return_or_reject_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()}: {self.get_outcome_display()}"


class LineDecision(models.Model):
    class Verdict(models.TextChoices):
        FULL = "full", _("Approved in full")
        PART = "part", _("Approved in part")
        REFUSED = "refused", _("Refused")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="lines")
    # The line may later be removed in a correction; the decision keeps its own copy.
    line = models.ForeignKey(
        "requests.ApplicationLine", on_delete=models.SET_NULL, null=True,
        related_name="decisions",
    )
    material = models.ForeignKey(
        "requests.Material", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("material"),
    )
    site = models.ForeignKey(
        "requests.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    requested_quantity = models.DecimalField(max_digits=12, decimal_places=2)
    approved_quantity = models.DecimalField(_("approved quantity"), max_digits=12, decimal_places=2)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reason = models.ForeignKey(
        Reason, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("reason")
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("line decision")
        verbose_name_plural = _("line decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "material", "site"], name="line_decided_once"
            ),
            models.CheckConstraint(
                condition=Q(approved_quantity__gte=0)
                & Q(approved_quantity__lte=models.F("requested_quantity")),
                name="line_approved_within_requested",
            ),
            models.CheckConstraint(
                condition=Q(verdict="full") | Q(reason__isnull=False),
                name="line_cut_or_refusal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.material} · {self.site}: {self.approved_quantity}"


class HistoryIsAppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsAppendOnly(_("History is append-only."))

    def delete(self):
        raise HistoryIsAppendOnly(_("History is append-only."))


class HistoryEvent(models.Model):
    """Append-only history of everything that happens to a record: decisions, comments,
    attachments, claims and hand-backs, delegations, reminders and escalations."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        SUBMITTED = "submitted", _("Submitted")
        CLAIMED = "claimed", _("Claimed")
        HANDED_BACK = "handed_back", _("Handed back to the queue")
        DECIDED = "decided", _("Decided")
        COMMENTED = "commented", _("Commented")
        ATTACHED = "attached", _("File attached")
        REMINDED = "reminded", _("Reminder sent")
        ESCALATED = "escalated", _("Escalated")
        DELEGATED = "delegated", _("Delegation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISPATCHED = "dispatched", _("Dispatched")
        RECEIVED = "received", _("Receipt confirmed")

    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    application = models.ForeignKey(
        "requests.SupplyApplication", on_delete=models.PROTECT, null=True, blank=True,
        related_name="history",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("on behalf of"),
    )
    # What the person wrote (a comment, a reason's text): shown as written.
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("history event")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise HistoryIsAppendOnly(_("History is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly(_("History is append-only."))


class Notification(models.Model):
    """A message to the one person who must act, shown in the product and e-mailed
    at once or in the daily digest, as the person chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "emailed_at"])]

    def __str__(self):
        return self.subject
