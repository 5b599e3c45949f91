"""Signing certificates and the documents the product issues.

A document is stored once, immutable, with its hash; a re-render never overwrites it.
"""

import secrets

from cryptography import x509
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class SigningCertificate(models.Model):
    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Certificate authority")
        SERVICE = "service", _("Issuing service")
        OFFICIAL = "official", _("Official")

    class KeyStore(models.TextChoices):
        FILE = "file", _("Encrypted key file")
        PKCS11 = "pkcs11", _("PKCS#11 token")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="signing_certificates", verbose_name=_("holder"),
    )
    common_name = models.CharField(_("name"), max_length=200)
    serial = models.CharField(_("serial number"), max_length=64, unique=True)
    certificate_pem = models.TextField()
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    key_store = models.CharField(max_length=8, choices=KeyStore.choices, default=KeyStore.FILE)
    # A file name inside settings.DOCUMENTS_KEY_DIR; the key in it is encrypted.
    key_file = models.CharField(max_length=100, blank=True)
    pkcs11_label = models.CharField(max_length=100, blank=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(max_length=100, blank=True)
    # The authority's latest certificate revocation list (DER).
    crl_der = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="official") | Q(person__isnull=False),
                name="official_certificate_has_holder",
            ),
        ]

    def __str__(self):
        return f"{self.common_name} ({self.serial})"

    @cached_property
    def x509(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.certificate_pem.encode())


def _verification_id() -> str:
    return secrets.token_urlsafe(12)


class Document(models.Model):
    class Kind(models.TextChoices):
        DELIVERY_ORDER = "delivery_order", _("Delivery order")
        DECISION_RECORD = "decision_record", _("Signed decision record")
        DECLARATION = "declaration", _("Declaration of voluntary return")
        REGISTRATION_CERTIFICATE = "registration_certificate", _("Registration certificate")
        HANDBOOK = "handbook", _("Handbook on Repatriation")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUPERSEDED = "superseded", _("Superseded")
        REVOKED = "revoked", _("Revoked")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # What the document is of ("decision:12"): a job that runs twice finds it and stops.
    subject = models.CharField(max_length=100, unique=True)
    verification_id = models.CharField(max_length=32, unique=True, default=_verification_id)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8)
    application = models.ForeignKey(
        "requests.SupplyApplication", on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents",
    )
    case = models.ForeignKey(
        "requests.ReturneeCase", on_delete=models.PROTECT, null=True, blank=True,
        related_name="documents",
    )
    data = models.JSONField(_("canonical data"))
    data_sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="documents/%Y/%m/")
    sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64, unique=True)
    size = models.PositiveIntegerField()
    signers = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.VALID)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Only the status moves (valid, superseded, revoked); the file and its hash never.
        if self.pk is not None and kwargs.get("update_fields") != ["status"]:
            raise DocumentIsImmutable(_("A signed document is never rewritten."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("verify_document", kwargs={"verification_id": self.verification_id})


class DocumentIsImmutable(Exception):
    pass


class HandbookSection(models.Model):
    """A section of the Handbook on Repatriation; its text per language is SectionText."""

    key = models.SlugField(max_length=64, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("handbook section")
        verbose_name_plural = _("handbook sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.key


class SectionText(models.Model):
    """The draft text of a section in one language (safe markup, no HTML)."""

    section = models.ForeignKey(HandbookSection, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["section", "language"], name="section_text_once"),
        ]

    def __str__(self):
        return f"{self.section.key} [{self.language}]"


class HandbookVersion(models.Model):
    """A version of the handbook going through review; on approval it is published with a
    number, one signed PDF per language, and the previous version is superseded."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review by the JCC")
        RETURNED = "returned", _("Returned for changes")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    number = models.PositiveIntegerField(_("version"), null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.IN_REVIEW)
    # {section key: {language: {"title": ..., "body": ...}}} as submitted.
    snapshot = models.JSONField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="handbook_versions")

    class Meta:
        verbose_name = _("handbook version")
        verbose_name_plural = _("handbook versions")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"v{self.number}" if self.number else f"#{self.pk} ({self.get_status_display()})"


class ReviewComment(models.Model):
    version = models.ForeignKey(HandbookVersion, on_delete=models.CASCADE,
                                related_name="comments")
    section = models.ForeignKey(HandbookSection, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.version}: {self.section.key}"


class HandbookDistribution(models.Model):
    """Which embassy or CP received which version, and its acknowledgement."""

    version = models.ForeignKey(HandbookVersion, on_delete=models.PROTECT,
                                related_name="distributions")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    recipient = models.ForeignKey("approvals.Organisation", on_delete=models.PROTECT,
                                  related_name="handbooks")
    copies = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.version} → {self.recipient}"
