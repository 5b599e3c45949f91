"""Supply applications, their lines and revisions, attachments and deliveries."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.models import Town

from .catalogue import Material, Site


def _new_number() -> str:
    # Unguessable public reference; the integer key stays internal (viewflow needs it).
    return "SA-" + secrets.token_hex(4).upper()


class SupplyApplication(models.Model):
    """A local head's application for building materials for named sites of a town.

    Its status changes only in requests.services and workflows.services.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned for correction")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    number = models.CharField(_("number"), max_length=16, unique=True, default=_new_number)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="applications", verbose_name=_("town")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("applicant"),
    )
    supplements = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supplementary",
        verbose_name=_("in addition to"),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # How many times it has been submitted; decisions and snapshots carry it.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("supply application")
        verbose_name_plural = _("supply applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["town", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supplements=models.F("pk")),
                name="application_not_supplementing_itself",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("supply:applications:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ApplicationLine(models.Model):
    application = models.ForeignKey(
        SupplyApplication, on_delete=models.CASCADE, related_name="lines"
    )
    material = models.ForeignKey(
        Material, on_delete=models.PROTECT, related_name="+", verbose_name=_("material")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="lines", verbose_name=_("site")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    # The quantity the latest decision left standing; empty until a reviewer decides.
    approved_quantity = models.DecimalField(
        _("approved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("line")
        verbose_name_plural = _("lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(approved_quantity__isnull=True)
                | (Q(approved_quantity__gte=0) & Q(approved_quantity__lte=models.F("quantity"))),
                name="line_approved_not_above_requested",
            ),
        ]

    def __str__(self):
        return f"{self.material} · {self.site}: {self.quantity}"

    @property
    def estimated_value(self) -> Decimal:
        return self.quantity * self.material.unit_price


class ApplicationRevision(models.Model):
    """What was submitted each time: the reviewer sees the difference on resubmission."""

    application = models.ForeignKey(
        SupplyApplication, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    lines = models.JSONField()
    purpose = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="revision_once"),
        ]

    def __str__(self):
        return f"{self.application} #{self.number}"


class Attachment(models.Model):
    """A file on an application, validated and served only to people with authority."""

    application = models.ForeignKey(
        SupplyApplication, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.filename


class Shipment(models.Model):
    """What left for the town and when: an order is delivered in one or several."""

    application = models.ForeignKey(
        SupplyApplication, on_delete=models.PROTECT, related_name="shipments"
    )
    number = models.PositiveIntegerField(_("shipment"))
    dispatched_at = models.DateTimeField(_("dispatched"))
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="shipment_number_once"),
        ]

    def __str__(self):
        return f"{self.application} #{self.number}"


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey(ApplicationLine, on_delete=models.PROTECT, related_name="shipped")
    quantity = models.DecimalField(_("dispatched"), max_digits=12, decimal_places=2)
    received_quantity = models.DecimalField(
        _("received"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "line"], name="shipment_line_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="shipped_quantity_positive"),
            models.CheckConstraint(
                condition=Q(received_quantity__isnull=True)
                | (Q(received_quantity__gte=0) & Q(received_quantity__lte=models.F("quantity"))),
                name="received_within_dispatched",
            ),
        ]

    def __str__(self):
        return f"{self.shipment}: {self.line} {self.quantity}"
