"""Issuing documents: render, sign, store once.

Every decision on an application is signed by the official who makes it, in the act of
deciding (workflows.services passes the signer their password unlocked). When the final
decision approves the application, the delivery order is rendered with the signed
decision records of the earlier steps embedded, certified by the issuing service, and
signed by the final approver, in the same transaction.
"""

import hashlib

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Document
from .rendering import canonical_json, render_pdf
from .signing import UnlockedSigner, sign, unlock_service

# Where signatures sit on an A4 page (points from the bottom left).
DECISION_BOX = (340, 40, 555, 100)
CERTIFICATION_BOX = (40, 40, 255, 100)
APPROVAL_BOX = (340, 40, 555, 100)


def verification_url(verification_id: str) -> str:
    return f"{settings.RETURNS_BASE_URL}/verify/{verification_id}/"


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=2, border=1)


def _store(*, kind, subject, title, language, application, data, pdf, signers,
           verification_id, case=None) -> Document:
    document = Document(
        kind=kind, subject=subject, verification_id=verification_id, title=title,
        language=language, application=application, case=case, data=data,
        data_sha256=hashlib.sha256(canonical_json(data)).hexdigest(),
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), signers=signers,
    )
    document.file.save(f"{verification_id}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def _stamp(signer: UnlockedSigner, what: str) -> str:
    return f"{what}\n{signer.name}\n{timezone.localtime():%Y-%m-%d %H:%M %Z}"


def _decision_data(decision) -> dict:
    application = decision.application
    return {
        "document": "decision_record", "application": application.number,
        "town": application.town.name_en, "revision": decision.revision, "step": decision.step,
        "outcome": decision.outcome, "reason": decision.reason.code if decision.reason else None,
        "comment": decision.comment, "decided_by": decision.decided_by.get_full_name(),
        "on_behalf_of": decision.on_behalf_of.get_full_name() if decision.on_behalf_of else None,
        "decided_at": decision.decided_at.isoformat(),
        "lines": [
            {"material": line.material.code, "site": line.site.name,
             "unit": line.material.unit, "requested": str(line.requested_quantity),
             "approved": str(line.approved_quantity), "verdict": line.verdict,
             "reason": line.reason.code if line.reason else None, "comment": line.comment}
            for line in decision.lines.select_related("material", "site", "reason")
        ],
    }


def issue_decision_record(*, decision, signer: UnlockedSigner) -> Document:
    """A one-page record of one decision, signed by the official who made it."""
    subject = f"decision:{decision.pk}"
    existing = Document.objects.filter(subject=subject).first()
    if existing:
        return existing
    application = decision.application
    language = application.town.document_language
    document = Document(kind=Document.Kind.DECISION_RECORD)
    data = _decision_data(decision)
    url = verification_url(document.verification_id)
    pdf = render_pdf("documents/decision_record.html", {
        "decision": decision, "application": application, "url": url, "qr": _qr(url),
        "lines": decision.lines.select_related("material", "site", "reason"),
    }, language=language, data=data)
    pdf = sign(pdf, signer, field="Decision", box=DECISION_BOX,
               reason=f"Decision on {application.number}: {decision.get_step_display()}",
               stamp=_stamp(signer, f"{application.number} · {decision.step}"))
    return _store(
        kind=Document.Kind.DECISION_RECORD, subject=subject, language=language,
        title=str(_("Decision record %(number)s, %(step)s") % {
            "number": application.number, "step": decision.get_step_display()}),
        application=application, data=data, pdf=pdf, verification_id=document.verification_id,
        signers=[{"name": signer.name, "step": decision.step,
                  "on_behalf_of": data["on_behalf_of"], "at": data["decided_at"]}],
    )


def issue_delivery_order(*, application, final_decision, signer: UnlockedSigner) -> Document:
    """The order logistics dispatches: certified by the issuing service, signed by the
    official who gave the final approval, with the earlier decision records inside."""
    subject = f"delivery-order:{application.pk}"
    existing = Document.objects.filter(subject=subject).first()
    if existing:
        return existing
    language = application.town.document_language
    decisions = list(application.decisions.filter(revision=application.revision).exclude(
        step="correction").select_related("decided_by", "on_behalf_of").order_by("decided_at"))
    records = {record.subject: record for record in Document.objects.filter(
        subject__in=[f"decision:{decision.pk}" for decision in decisions])}
    earlier = [records[f"decision:{decision.pk}"] for decision in decisions
               if decision.pk != final_decision.pk and f"decision:{decision.pk}" in records]
    lines = [line for line in application.lines.select_related("material", "site")
             if line.approved_quantity]
    number = "DO-" + application.number.removeprefix("SA-")
    data = {
        "document": "delivery_order", "order": number, "application": application.number,
        "town": application.town.name_en, "province": application.town.province.name_en,
        "lines": [{"material": line.material.code, "site": line.site.name,
                   "unit": line.material.unit, "approved": str(line.approved_quantity)}
                  for line in lines],
        "approvals": [{"step": decision.step, "outcome": decision.outcome,
                       "decided_by": decision.decided_by.get_full_name(),
                       "on_behalf_of": (decision.on_behalf_of.get_full_name()
                                        if decision.on_behalf_of else None),
                       "decided_at": decision.decided_at.isoformat()} for decision in decisions],
        "decision_records": [record.sha256 for record in earlier],
    }
    document = Document(kind=Document.Kind.DELIVERY_ORDER)
    url = verification_url(document.verification_id)
    pdf = render_pdf("documents/delivery_order.html", {
        "application": application, "number": number, "lines": lines, "decisions": decisions,
        "sites": sorted({line.site.name for line in lines}), "url": url,
        "qr": _qr(f"{url}?d={hashlib.sha256(canonical_json(data)).hexdigest()[:16]}"),
    }, language=language, data=data, attachments=[
        (f"decision-{record.data['step']}-{record.verification_id}.pdf",
         record.file.open("rb").read(), record.title) for record in earlier])
    service = unlock_service()
    pdf = sign(pdf, service, field="Certification", box=CERTIFICATION_BOX, certify=True,
               reason=f"Issued by the Returns and Reconstruction service: {number}",
               stamp=_stamp(service, f"Certified · {number}"),
               prepare_fields=(("Approval", APPROVAL_BOX),))
    pdf = sign(pdf, signer, field="Approval", box=APPROVAL_BOX,
               reason=f"Final approval of {application.number}",
               stamp=_stamp(signer, f"Approved · {number}"))
    return _store(
        kind=Document.Kind.DELIVERY_ORDER, subject=subject, language=language,
        title=str(_("Delivery order %(number)s") % {"number": number}),
        application=application, data=data, pdf=pdf, verification_id=document.verification_id,
        signers=[{"name": service.name, "step": "certification", "at": timezone.now().isoformat()},
                 {"name": signer.name, "step": final_decision.step,
                  "at": final_decision.decided_at.isoformat()}],
    )


def document_for(subject: str) -> Document | None:
    return Document.objects.filter(subject=subject).first()



PRINCIPLES = [
    _("Voluntary repatriation: nobody is returned against their will."),
    _("Security guarantees for returnees."),
    _("Recognition of property rights for real estate."),
    _("Non-prosecution status."),
    _("Recognition of identity documents issued abroad."),
    _("Amnesty guarantee."),
    _("Unimpeded access of humanitarian agencies to returnees."),
]


def _certified_by_service(pdf: bytes, label: str) -> tuple[bytes, list[dict]]:
    service = unlock_service()
    pdf = sign(pdf, service, field="Certification", box=CERTIFICATION_BOX, certify=True,
               reason=f"Issued by the Returns and Reconstruction service: {label}",
               stamp=_stamp(service, label))
    return pdf, [{"name": service.name, "step": "certification",
                  "at": timezone.now().isoformat()}]


def issue_declaration(*, case, language: str, handbook_offered: bool,
                      handbook_version=None) -> Document:
    """The declaration of voluntary return in the returnee's language, to be signed by hand
    (or confirmed in person): it states the principles of return and that the Handbook on
    Repatriation was offered. Certified by the issuing service."""
    count = Document.objects.filter(case=case, kind=Document.Kind.DECLARATION).count()
    document = Document(kind=Document.Kind.DECLARATION)
    url = verification_url(document.verification_id)
    members = list(case.members.all())
    data = {"document": "declaration", "case": case.number, "language": language,
            "destination": case.destination.name_en, "checkpoint": case.checkpoint.name_en,
            "members": [member.name for member in members],
            "handbook_offered": handbook_offered,
            "handbook_version": handbook_version.number if handbook_version else None}
    pdf = render_pdf("documents/declaration.html", {
        "case": case, "members": members, "principles": PRINCIPLES, "url": url, "qr": _qr(url),
        "handbook_offered": handbook_offered, "handbook_version": handbook_version,
        "today": timezone.localdate(),
    }, language=language, data=data)
    pdf, signers = _certified_by_service(pdf, f"Declaration {case.number}")
    return _store(kind=Document.Kind.DECLARATION, subject=f"declaration:{case.pk}:{count + 1}",
                  title=str(_("Declaration of voluntary return %(number)s")
                            % {"number": case.number}),
                  language=language, application=None, case=case, data=data, pdf=pdf,
                  signers=signers, verification_id=document.verification_id)


def issue_registration_certificate(*, case) -> Document:
    subject = f"registration:{case.pk}"
    existing = Document.objects.filter(subject=subject).first()
    if existing:
        return existing
    document = Document(kind=Document.Kind.REGISTRATION_CERTIFICATE)
    url = verification_url(document.verification_id)
    members = list(case.members.all())
    language = case.language
    data = {"document": "registration_certificate", "case": case.number,
            "town": case.destination.name_en, "arrived_at": case.arrived_at.isoformat(),
            "members": [member.name for member in members]}
    pdf = render_pdf("documents/registration_certificate.html", {
        "case": case, "members": members, "url": url, "qr": _qr(url),
    }, language=language, data=data)
    pdf, signers = _certified_by_service(pdf, f"Registration {case.number}")
    return _store(kind=Document.Kind.REGISTRATION_CERTIFICATE, subject=subject,
                  title=str(_("Registration certificate %(number)s") % {"number": case.number}),
                  language=language, application=None, case=case, data=data, pdf=pdf,
                  signers=signers, verification_id=document.verification_id)
