"""The Handbook on Repatriation: authored in the product in three languages, reviewed by
the JCC, published as one signed PDF per language with a version number; the previous
version is superseded, never deleted. The only writer of the handbook's models."""

import concurrent.futures
import hashlib
import multiprocessing
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from approvals import selectors as authority
from approvals.models import Checkpoint, Organisation, User
from approvals.roles import Role
from requests.validation import has_control_characters

from . import markup
from .models import (
    Document,
    HandbookDistribution,
    HandbookSection,
    HandbookVersion,
    ReviewComment,
    SectionText,
)
from .rendering import canonical_json, write_pdf
from .services import PRINCIPLES, _certified_by_service, _store, verification_url

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def require_author(actor: User) -> None:
    if not authority.organisations_where(actor, Role.FOREIGN_AFFAIRS_OFFICIAL).exists():
        raise PermissionDenied


def current_version() -> HandbookVersion | None:
    return HandbookVersion.objects.filter(status=HandbookVersion.Status.PUBLISHED).first()


def draft() -> dict:
    """{section key: {language: {"title", "body"}}} as the texts stand now."""
    texts = SectionText.objects.select_related("section").order_by("section__position")
    snapshot = {section.key: {} for section in HandbookSection.objects.all()}
    for text in texts:
        snapshot[text.section.key][text.language] = {"title": text.title, "body": text.body}
    return snapshot


def _digest(entry: dict | None) -> str | None:
    return hashlib.sha256(canonical_json(entry)).hexdigest() if entry else None


def draft_status() -> list[dict]:
    """Per section: which languages lack a translation, which changed since the last
    version while another did not (the translations may now disagree)."""
    published = current_version()
    before = published.snapshot if published else {}
    rows = []
    for section in HandbookSection.objects.prefetch_related("texts"):
        now = {text.language: {"title": text.title, "body": text.body}
               for text in section.texts.all()}
        missing = [code for code in LANGUAGES if not now.get(code, {}).get("body")]
        changed = [code for code in LANGUAGES if code in now and
                   _digest(now[code]) != _digest(before.get(section.key, {}).get(code))]
        rows.append({"section": section, "texts": now, "missing": missing,
                     "changed": changed,
                     "out_of_step": sorted(set(changed)) if changed and
                     len(changed) < len(LANGUAGES) and published else []})
    return rows


@transaction.atomic
def save_text(*, actor: User, section: HandbookSection, language: str, title: str,
              body: str) -> SectionText:
    require_author(actor)
    problems = []
    title, body = (title or "").strip(), (body or "").strip()
    if language not in LANGUAGES:
        problems.append(_("Choose a language."))
    if not title or not body:
        problems.append(_("A section needs a title and a text."))
    if "<" in body or ">" in body or "<" in title or has_control_characters(title + body):
        problems.append(_("Use the handbook's simple formatting only: no HTML and no "
                          "control characters."))
    if problems:
        raise ValidationError(problems)
    text, _created = SectionText.objects.update_or_create(
        section=section, language=language,
        defaults={"title": title[:200], "body": body, "updated_by": actor})
    return text


@transaction.atomic
def add_section(*, actor: User, key: str) -> HandbookSection:
    require_author(actor)
    if not re.fullmatch(r"[a-z0-9-]{1,64}", key or "") or \
            HandbookSection.objects.filter(key=key).exists():
        raise ValidationError(_("A new section needs a key of its own: lower-case letters, "
                                "digits and hyphens."))
    position = (HandbookSection.objects.aggregate(last=Max("position"))["last"] or 0) + 1
    return HandbookSection.objects.create(key=key, position=position)


def check_complete(snapshot: dict) -> list[str]:
    problems = []
    for key, texts in snapshot.items():
        for code in LANGUAGES:
            if not texts.get(code, {}).get("body"):
                problems.append(_("Section %(section)s has no %(language)s text.")
                                % {"section": key, "language": dict(settings.LANGUAGES)[code]})
    if not snapshot:
        problems.append(_("The handbook has no sections."))
    return problems


def comment(*, version: HandbookVersion, section: HandbookSection, author: User,
            text: str) -> ReviewComment:
    if not authority.organisations_where(author, Role.COORDINATION_OFFICER,
                                         Role.FOREIGN_AFFAIRS_OFFICIAL).exists():
        raise PermissionDenied
    text = (text or "").strip()
    if not text or has_control_characters(text):
        raise ValidationError(_("Write the comment first."))
    return ReviewComment.objects.create(version=version, section=section, author=author,
                                        text=text[:4000])


# Rendering and publication ---------------------------------------------------------------

def _html(snapshot: dict, language: str, number: int, published_at, url: str) -> str:
    sections = [
        {"key": key, "title": texts[language]["title"],
         "body": markup.to_html(texts[language]["body"])}
        for key, texts in snapshot.items() if language in texts
    ]
    with translation.override(language):
        return render_to_string("documents/handbook.html", {
            "sections": sections, "principles": PRINCIPLES, "number": number,
            "published_at": published_at, "url": url, "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
            "checkpoints": Checkpoint.objects.order_by("name_en"),
        })


def _render_all(jobs: list[tuple[str, bytes]]) -> list[bytes]:
    """The three languages rendered side by side (weasyprint holds the GIL: processes, not
    threads). One process per language: on 2 cores the system shares them out evenly,
    where 2 workers for 3 jobs would leave one core idle at the end (measured: 4.7 s ->
    see make bench). Without fork, one after another."""
    if len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=len(jobs),
                                                    mp_context=context) as pool:
            return list(pool.map(_write_book, jobs))
    return [_write_book(job) for job in jobs]


def _write_book(job: tuple[str, bytes]) -> bytes:
    html, data = job
    return write_pdf(html, data)


@transaction.atomic
def publish(*, version: HandbookVersion) -> HandbookVersion:
    """Number the version, render and sign one PDF per language, supersede the previous."""
    version = HandbookVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == HandbookVersion.Status.PUBLISHED:
        return version
    previous = current_version()
    number = (HandbookVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    pending = {code: Document(kind=Document.Kind.HANDBOOK) for code in LANGUAGES}
    data = {code: {"document": "handbook", "version": number, "language": code,
                   "sections": [key for key in version.snapshot]} for code in LANGUAGES}
    jobs = [(_html(version.snapshot, code, number, now,
                   verification_url(pending[code].verification_id)), canonical_json(data[code]))
            for code in LANGUAGES]
    for code, pdf in zip(LANGUAGES, _render_all(jobs), strict=True):
        pdf, signers = _certified_by_service(pdf, f"Handbook v{number} ({code})")
        document = _store(
            kind=Document.Kind.HANDBOOK, subject=f"handbook:{number}:{code}",
            title=str(_("Handbook on Repatriation, version %(number)d (%(language)s)")
                      % {"number": number, "language": code}),
            language=code, application=None, data=data[code], pdf=pdf, signers=signers,
            verification_id=pending[code].verification_id)
        version.documents.add(document)
    version.number, version.status, version.published_at = number, \
        HandbookVersion.Status.PUBLISHED, now
    version.save(update_fields=["number", "status", "published_at"])
    if previous is not None:
        previous.status = HandbookVersion.Status.SUPERSEDED
        previous.save(update_fields=["status"])
        for document in previous.documents.all():
            document.status = Document.Status.SUPERSEDED
            document.save(update_fields=["status"])
    return version


def mark_returned(*, version: HandbookVersion) -> None:
    version.status = HandbookVersion.Status.RETURNED
    version.save(update_fields=["status"])


def mark_resubmitted(*, version: HandbookVersion, actor: User) -> None:
    version.snapshot, version.status = draft(), HandbookVersion.Status.IN_REVIEW
    version.submitted_by, version.submitted_at = actor, timezone.now()
    version.save(update_fields=["snapshot", "status", "submitted_by", "submitted_at"])


# Distribution ----------------------------------------------------------------------------

@transaction.atomic
def send(*, actor: User, version: HandbookVersion, recipient: Organisation, language: str,
         copies: int = 1) -> HandbookDistribution:
    require_author(actor)
    if version is None or version.status != HandbookVersion.Status.PUBLISHED:
        raise ValidationError(_("Only the version in force is sent out."))
    return HandbookDistribution.objects.create(version=version, recipient=recipient,
                                               language=language, copies=max(copies, 1),
                                               sent_at=timezone.now())


@transaction.atomic
def acknowledge(*, actor: User, distribution: HandbookDistribution) -> None:
    if not authority.organisations_where(actor).filter(pk=distribution.recipient_id).exists():
        raise PermissionDenied
    if distribution.acknowledged_at is None:
        distribution.acknowledged_at, distribution.acknowledged_by = timezone.now(), actor
        distribution.save(update_fields=["acknowledged_at", "acknowledged_by"])


def holders_of_superseded():
    """Embassies and CPs whose latest handbook received is not the version in force."""
    current = current_version()
    latest = {}
    for distribution in HandbookDistribution.objects.select_related(
            "version", "recipient").order_by("sent_at"):
        latest[(distribution.recipient_id, distribution.language)] = distribution
    return [d for d in latest.values() if current is None or d.version_id != current.pk]


# Publication: draft → review by the JCC (comments per section, return for changes) →
# approval, which publishes. One function per step; the version row is locked in each.

@transaction.atomic
def submit(*, actor: User) -> HandbookVersion:
    """Send the draft as it stands to the JCC (or resubmit a returned version)."""
    from django.utils.translation import gettext_lazy

    from approvals import services as approvals_services

    require_author(actor)
    snapshot = draft()
    problems = check_complete(snapshot)
    if problems:
        raise ValidationError(problems)
    open_version = HandbookVersion.objects.select_for_update().filter(
        status__in=[HandbookVersion.Status.IN_REVIEW, HandbookVersion.Status.RETURNED]).first()
    if open_version and open_version.status == HandbookVersion.Status.IN_REVIEW:
        raise ValidationError(_("A version is already with the JCC."))
    if open_version:
        mark_resubmitted(version=open_version, actor=actor)
        version = open_version
    else:
        version = HandbookVersion.objects.create(snapshot=snapshot, submitted_by=actor,
                                                 submitted_at=timezone.now())
    jcc = Organisation.objects.filter(code="jcc").first()
    for supervisor in authority.supervisors_of(jcc.pk if jcc else 0):
        approvals_services.notify(
            recipient=supervisor, url="/directory/handbook/",
            subject=gettext_lazy("The Handbook on Repatriation waits for your review"))
    return version


def _require_reviewer(actor: User) -> None:
    if not authority.organisations_where(actor, Role.COORDINATION_OFFICER).exists():
        raise PermissionDenied


@transaction.atomic
def return_for_changes(*, version: HandbookVersion, actor: User) -> None:
    from django.utils.translation import gettext_lazy

    from approvals import services as approvals_services

    _require_reviewer(actor)
    version = HandbookVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != HandbookVersion.Status.IN_REVIEW:
        raise ValidationError(_("This version is not in review."))
    if not version.comments.exists():
        raise ValidationError(_("Say what to change: comment on the sections first."))
    mark_returned(version=version)
    approvals_services.notify(
        recipient=version.submitted_by, url="/directory/handbook/",
        subject=gettext_lazy("The JCC returned the handbook for changes"))


@transaction.atomic
def approve(*, version: HandbookVersion, actor: User) -> HandbookVersion:
    _require_reviewer(actor)
    version = HandbookVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != HandbookVersion.Status.IN_REVIEW:
        raise ValidationError(_("This version is not in review."))
    if version.submitted_by_id == actor.pk:
        raise ValidationError(_("Nobody approves what they submitted."))
    return publish(version=version)
