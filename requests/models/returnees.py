"""Returnee cases: a household returning through a checkpoint, its consent, the
destination town's consent, its crossing, its arrival. And reports of forced return or of
someone denied return, which go to the JCC duty shift.

Status changes happen only in requests.returns (and workflows.services for the flow).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.models import Checkpoint, Town

from ..personal_data import EncryptedTextField


class WrittenOnce(models.Model):
    """A record that is never edited once stored (histories, filed reports)."""

    edit_refusal = "This record is never edited."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(self.edit_refusal)
        super().save(*args, **kwargs)


def _case_number() -> str:
    return "RC-" + secrets.token_hex(4).upper()


class ReturneeCase(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        AWAITING_TOWN = "awaiting_town", _("Waiting for the town's consent")
        TOWN_REFUSED = "town_refused", _("Town refused; with the JCC")
        SCHEDULED = "scheduled", _("Crossing scheduled")
        ARRIVED = "arrived", _("Arrived")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        CLOSED = "closed", _("Closed without return")

    class Country(models.TextChoices):
        LEBANON = "LB", _("Lebanon")
        JORDAN = "JO", _("Jordan")
        TURKEY = "TR", _("Turkey")
        IRAQ = "IQ", _("Iraq")
        OTHER = "XX", _("Other")

    number = models.CharField(_("number"), max_length=16, unique=True, default=_case_number)
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="cases",
                                   verbose_name=_("checkpoint"))
    destination = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="returnee_cases",
                                    verbose_name=_("destination town"))
    country_from = models.CharField(_("returning from"), max_length=2, choices=Country.choices)
    language = models.CharField(_("the household's language"), max_length=8,
                                choices=settings.LANGUAGES, default="ar")
    needs_transport = models.BooleanField(_("needs transport"), default=False)
    needs_medical = models.BooleanField(_("needs medical help"), default=False)
    needs_material_support = models.BooleanField(_("needs material support"), default=False)
    vehicles = models.PositiveSmallIntegerField(_("vehicles"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.REGISTERED, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    registered_at = models.DateTimeField(_("registered"), db_index=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)

    class Meta:
        verbose_name = _("returnee case")
        verbose_name_plural = _("returnee cases")
        ordering = ["-registered_at", "-pk"]
        indexes = [models.Index(fields=["checkpoint", "registered_at"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("returns:cases:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.ARRIVED, self.Status.WITHDRAWN,
                                   self.Status.CLOSED)


class HouseholdMember(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    class Relationship(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other relative")

    case = models.ForeignKey(ReturneeCase, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"))
    relationship = models.CharField(_("relationship"), max_length=16,
                                    choices=Relationship.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(year_of_birth__gte=1900),
                                   name="member_born_after_1900"),
        ]

    def __str__(self):
        return self.name


class IdentityDocument(models.Model):
    """An ID document issued abroad, recognised as valid identity. Its number is
    encrypted at rest and shown only to the reception officers of the case's CP."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        FAMILY_BOOK = "family_book", _("Family book")
        REFUGEE_CARD = "refugee_card", _("Refugee registration card")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")

    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE,
                               related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=Kind.choices)
    number = EncryptedTextField(_("number"))
    issuing_country = models.CharField(_("issued in"), max_length=2,
                                       choices=ReturneeCase.Country.choices)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self):
        return self.get_kind_display()


class OfficeVisit(models.Model):
    """The CP office's services, in the order of a visit."""

    class Office(models.IntegerChoices):
        RECEPTION = 1, _("Reception")
        MEDICAL = 2, _("Medical checkup")
        SANITARY = 3, _("Sanitary treatment")
        MEALS = 4, _("Meals")
        RECREATION = 5, _("Recreation")
        DOCUMENTS = 6, _("Registration of documents")
        CLOTHING = 7, _("Clothing")
        MATERIAL_SUPPORT = 8, _("Material support (including funds)")
        REPATRIATION = 9, _("Repatriation")

    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT, related_name="visits")
    office = models.PositiveSmallIntegerField(_("office"), choices=Office.choices)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    done_at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("office visit")
        verbose_name_plural = _("office visits")
        ordering = ["office"]
        constraints = [
            models.UniqueConstraint(fields=["case", "office"], name="office_visited_once"),
        ]

    def __str__(self):
        return self.get_office_display()


class MedicalNote(models.Model):
    """Only what the return needs (e.g. "needs medical escort"); encrypted; medical staff
    only."""

    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT,
                             related_name="medical_notes")
    text = EncryptedTextField(_("medical note"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medical note")
        verbose_name_plural = _("medical notes")

    def __str__(self):
        return f"{self.case} {self.recorded_at:%Y-%m-%d}"


class ConsentDeclaration(models.Model):
    """The returnee's own declaration of voluntary return. Without a valid one, nothing
    past registration happens; a withdrawal ends it for good."""

    class Method(models.TextChoices):
        SIGNED_UPLOAD = "signed_upload", _("Signed by hand and uploaded")
        IN_PERSON = "in_person", _("Confirmed in person, officer as witness")

    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT, related_name="declarations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    witness = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("witness"))
    handbook_offered = models.BooleanField(_("Handbook on Repatriation offered"))
    # Which version, in which language, was offered (the one in force that day).
    handbook_version = models.ForeignKey("documents.HandbookVersion", on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="+")
    handbook_language = models.CharField(max_length=8, choices=settings.LANGUAGES, blank=True)
    destination = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("destination agreed"))
    signed_scan = models.FileField(upload_to="declarations/%Y/%m/", blank=True)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    declared_at = models.DateTimeField(_("declared"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("declaration of voluntary return")
        verbose_name_plural = _("declarations of voluntary return")
        ordering = ["declared_at", "pk"]

    def __str__(self):
        return f"{self.case} {self.declared_at:%Y-%m-%d}"


class TownConsent(models.Model):
    """The destination town's answer. No answer by the deadline is never consent."""

    class Answer(models.TextChoices):
        CONSENTED = "consented", _("Consented")
        REFUSED = "refused", _("Refused")
        NO_ANSWER = "no_answer", _("No answer by the deadline")

    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT, related_name="town_answers")
    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(answer="refused") | ~Q(reason=""),
                                   name="refusal_has_reason"),
        ]

    def __str__(self):
        return f"{self.case}: {self.get_answer_display()}"


class CheckpointDay(models.Model):
    """What is booked at a CP on a day; the row is locked while a booking is made, so
    two officers booking the last places at once never overbook."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="days")
    date = models.DateField()
    people = models.PositiveIntegerField(default=0)
    vehicles = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkpoint", "date"], name="checkpoint_day_once"),
        ]

    def __str__(self):
        return f"{self.checkpoint} {self.date}"


class Crossing(models.Model):
    """A household's crossing and transport, booked on a date at a CP."""

    case = models.OneToOneField(ReturneeCase, on_delete=models.PROTECT, related_name="crossing")
    day = models.ForeignKey(CheckpointDay, on_delete=models.PROTECT, related_name="crossings")
    people = models.PositiveIntegerField()
    vehicles = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.case} {self.day}"


class CaseEvent(WrittenOnce):
    """Append-only history of a case."""

    edit_refusal = "A case's history is append-only."

    class What(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        DECLARED = "declared", _("Declaration of voluntary return")
        VISIT = "visit", _("Office visited")
        MEDICAL_NOTE = "medical_note", _("Medical note")
        BOOKED = "booked", _("Crossing booked")
        ARRIVED = "arrived", _("Arrived")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        NEW_DESTINATION = "new_destination", _("Another destination proposed")
        CLOSED = "closed", _("Closed without return")

    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT, related_name="events")
    what = models.CharField(max_length=32, choices=What.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case} {self.what}"


class ForcedReturnReport(WrittenOnce):
    """A report of forced return, or of someone denied return. Filed by any staff member,
    with or without a case; never edited or deleted: acknowledgement and resolution are
    added as steps (ReportStep)."""

    class Kind(models.TextChoices):
        FORCED_RETURN = "forced_return", _("Forced return")
        DENIED_RETURN = "denied_return", _("Denied return")

    kind = models.CharField(_("report of"), max_length=16, choices=Kind.choices)
    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="reports")
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    account = models.TextField(_("what happened"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    filed_at = models.DateTimeField(_("filed"))
    due_at = models.DateTimeField(_("due"))

    class Meta:
        verbose_name = _("report of forced or denied return")
        verbose_name_plural = _("reports of forced or denied return")
        ordering = ["-filed_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filed_at:%Y-%m-%d %H:%M}"

    edit_refusal = "A filed report is never edited."

    def delete(self, *args, **kwargs):
        raise ValueError("A filed report is never deleted.")


class ReportStep(WrittenOnce):
    class Step(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        NOTE = "note", _("Note")
        ESCALATED = "escalated", _("Escalated")
        RESOLVED = "resolved", _("Resolved")

    report = models.ForeignKey(ForcedReturnReport, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=16, choices=Step.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    edit_refusal = "A report's steps are never edited."

    def __str__(self):
        return f"{self.report}: {self.get_step_display()}"


class PersonalDataAccess(models.Model):
    """Every view of a case, its documents or its attachments: who, what, when. Reading
    this log takes its own permission."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey(ReturneeCase, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        permissions = [("read_access_log", "Read the log of views of personal data")]

    def __str__(self):
        return f"{self.person} {self.what} {self.case} {self.at:%Y-%m-%d %H:%M}"
