"""State changes of a supply application: the only place its status is assigned.

Submission and decisions are orchestrated by workflows.services, which calls these.
"""

import hashlib
import os
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from approvals import selectors as authority
from approvals import services as approvals_services
from approvals.models import HistoryEvent, User
from approvals.roles import Role

from .models import ApplicationLine, ApplicationRevision, Attachment, SupplyApplication
from .validation import CheckedApplication, LineInput, check_application, has_control_characters


def _require_local_head(actor: User, town) -> None:
    if not authority.organisations_where(actor, Role.LOCAL_HEAD).filter(town=town).exists():
        raise PermissionDenied


@transaction.atomic
def save_draft(
    *, actor: User, town, purpose: str, supplements_id, lines: list[LineInput],
    application: SupplyApplication | None = None,
) -> tuple[SupplyApplication | None, list[str]]:
    """Create or update a draft (or an application returned for correction).

    Returns (application, problems). With problems, nothing is stored.
    """
    _require_local_head(actor, town)
    if application is not None:
        # Locked: a submission in another tab cannot slip between the check and the save.
        application = SupplyApplication.objects.select_for_update().get(pk=application.pk)
    if application is not None and not application.is_editable:
        return application, [_locked_message()]
    checked = check_application(
        town=town, purpose=purpose, supplements_id=supplements_id, lines=lines,
        complete=False, application=application,
    )
    if checked.problems:
        return application, checked.problems
    created = application is None
    if created:
        application = SupplyApplication.objects.create(
            town=town, applicant=actor, purpose=checked.purpose,
            supplements=checked.supplements,
        )
        approvals_services.record_event(
            kind=HistoryEvent.Kind.CREATED, application=application, actor=actor
        )
    else:
        application.purpose = checked.purpose
        application.supplements = checked.supplements
        application.save(update_fields=["purpose", "supplements", "updated_at"])
    _replace_lines(application, checked)
    return application, []


def _locked_message() -> str:
    return _("This application is no longer a draft and cannot be changed.")


def _replace_lines(application: SupplyApplication, checked: CheckedApplication) -> None:
    """Make the stored lines what was typed, keeping a line's identity (material and site)
    across corrections so decisions and totals follow it."""
    existing = {(line.material_id, line.site_id): line for line in application.lines.all()}
    wanted = {(line.material.pk, line.site.pk): line for line in checked.lines}
    application.lines.filter(
        pk__in=[line.pk for key, line in existing.items() if key not in wanted]
    ).delete()
    for key, line in wanted.items():
        stored = existing.get(key)
        if stored is None:
            ApplicationLine.objects.create(
                application=application, material=line.material, site=line.site,
                quantity=line.quantity, note=line.note,
            )
        elif (stored.quantity, stored.note) != (line.quantity, line.note):
            # A changed line is decided afresh on resubmission.
            stored.quantity, stored.note, stored.approved_quantity = line.quantity, line.note, None
            stored.save(update_fields=["quantity", "note", "approved_quantity"])


def snapshot_lines(application: SupplyApplication) -> list[dict]:
    return [
        {"line": line.pk, "material": line.material_id, "material_name": line.material.name_en,
         "site": line.site_id, "site_name": line.site.name, "quantity": str(line.quantity),
         "unit": line.material.unit, "note": line.note}
        for line in application.lines.select_related("material", "site")
    ]


def check_for_submission(application: SupplyApplication) -> list[str]:
    lines = [
        LineInput(material=str(line.material_id), site=str(line.site_id),
                  quantity=str(line.quantity), unit=line.material.unit, note=line.note)
        for line in application.lines.select_related("material")
    ]
    return check_application(
        town=application.town, purpose=application.purpose,
        supplements_id=application.supplements_id, lines=lines, complete=True,
        application=application,
    ).problems


def mark_submitted(*, application: SupplyApplication, actor: User) -> ApplicationRevision:
    """Status IN_REVIEW, a new revision and its snapshot. Called by workflows.services."""
    if application.applicant_id != actor.pk:
        _require_local_head(actor, application.town)
    if not application.is_editable:
        raise ValidationError(_locked_message())
    application.revision += 1
    application.status = SupplyApplication.Status.IN_REVIEW
    application.submitted_at = timezone.now()
    application.save(update_fields=["revision", "status", "submitted_at", "updated_at"])
    application.lines.update(approved_quantity=None)
    approvals_services.record_event(
        kind=HistoryEvent.Kind.SUBMITTED, application=application, actor=actor,
        data={"revision": application.revision},
    )
    return ApplicationRevision.objects.create(
        application=application, number=application.revision,
        lines=snapshot_lines(application), purpose=application.purpose,
    )


def mark_returned(*, application: SupplyApplication) -> None:
    application.status = SupplyApplication.Status.RETURNED
    application.save(update_fields=["status", "updated_at"])


def mark_decided(*, application: SupplyApplication, approved: bool) -> None:
    application.status = (
        SupplyApplication.Status.APPROVED if approved else SupplyApplication.Status.REJECTED
    )
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    approvals_services.record_event(
        kind=HistoryEvent.Kind.APPROVED if approved else HistoryEvent.Kind.REJECTED,
        application=application,
    )
    approvals_services.notify(
        recipient=application.applicant,
        subject=_lazy("Application %(number)s was approved") if approved
        else _lazy("Application %(number)s was rejected"),
        params={"number": application.number}, url=application.get_absolute_url(),
    )


_FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def check_upload(upload) -> str:
    """A PDF, PNG or JPEG (judged by its bytes, not its name) up to the size limit;
    returns its content type."""
    if upload.size > settings.RETURNS_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(size)d MB.")
            % {"size": settings.RETURNS_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    content_type = next(
        (kind for signature, kind in _FILE_SIGNATURES.items() if head.startswith(signature)),
        None,
    )
    if content_type is None:
        raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."))
    return content_type


def attach_file(*, application: SupplyApplication, actor: User, upload) -> Attachment:
    """Keep a validated file on the application, with its hash, in the history."""
    content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    # Shown as given (Arabic names included), never used as a path.
    filename = "".join(char for char in os.path.basename(upload.name)
                       if not has_control_characters(char)).strip()[:200] or "file"
    with transaction.atomic():
        attachment = Attachment(
            application=application, filename=filename, content_type=content_type,
            size=upload.size, sha256=digest.hexdigest(), uploaded_by=actor,
        )
        # Stored under a random name: the original name is only shown, never a path.
        attachment.file.save(f"{secrets.token_hex(16)}.bin", upload, save=False)
        attachment.save()
        approvals_services.record_event(
            kind=HistoryEvent.Kind.ATTACHED, application=application, actor=actor,
            note=filename, data={"attachment": attachment.pk, "sha256": attachment.sha256},
        )
    return attachment


def comment_on(*, application: SupplyApplication, actor: User, text: str) -> None:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a comment first."))
    if has_control_characters(text) or len(text) > 4000:
        raise ValidationError(_("The comment contains control characters or is too long."))
    approvals_services.record_event(
        kind=HistoryEvent.Kind.COMMENTED, application=application, actor=actor, note=text
    )
