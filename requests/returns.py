"""State changes of returnee cases and of reports of forced or denied return: the only
place their status is assigned. The flow's acts (the town's answer, scheduling, arrival,
the JCC's review, withdrawal) are orchestrated by workflows.returns, which calls these.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import selectors as authority
from approvals import services as approvals_services
from approvals.models import ApprovalStep, User
from approvals.roles import Role

from .models import (
    CaseEvent,
    CheckpointDay,
    ConsentDeclaration,
    Crossing,
    ForcedReturnReport,
    HouseholdMember,
    IdentityDocument,
    MedicalNote,
    OfficeVisit,
    ReportStep,
    ReturneeCase,
)
from .services import check_upload
from .validation import has_control_characters

Step = ApprovalStep.Code
REPORT_DEADLINE = datetime.timedelta(hours=24)


@dataclass
class DocumentInput:
    kind: str
    number: str
    issuing_country: str


@dataclass
class MemberInput:
    name: str
    sex: str
    year_of_birth: int
    relationship: str
    documents: list[DocumentInput] = field(default_factory=list)


def _event(case, what, actor=None, note=""):
    CaseEvent.objects.create(case=case, what=what, actor=actor, note=note[:500])


def require_reception(actor: User, checkpoint, *roles) -> None:
    if not authority.organisations_where(actor, *(roles or [Role.RECEPTION_OFFICER])).filter(
            checkpoint=checkpoint).exists():
        raise PermissionDenied


def _check_text(value: str, label: str, problems: list, *, required=True, limit=200):
    value = (value or "").strip()
    if required and not value:
        problems.append(_("%(field)s is required.") % {"field": label})
    elif has_control_characters(value) or len(value) > limit:
        problems.append(_("%(field)s contains control characters or is too long.")
                        % {"field": label})
    return value


@transaction.atomic
def register_case(*, officer: User, checkpoint, destination, country_from: str, language: str,
                  members: list[MemberInput], needs_transport=False, needs_medical=False,
                  needs_material_support=False, vehicles: int = 0,
                  registered_at=None) -> ReturneeCase:
    """A reception officer at the CP registers a returning household."""
    require_reception(officer, checkpoint)
    problems = []
    this_year = timezone.localdate().year
    if not members:
        problems.append(_("Register at least the head of the household."))
    if sum(member.relationship == HouseholdMember.Relationship.HEAD for member in members) != 1:
        problems.append(_("Exactly one member is the head of the household."))
    for number, member in enumerate(members, start=1):
        member.name = _check_text(member.name, _("Member %(n)d: name") % {"n": number}, problems)
        if member.sex not in HouseholdMember.Sex.values:
            problems.append(_("Member %(n)d: choose the sex.") % {"n": number})
        if not isinstance(member.year_of_birth, int) or not 1900 <= member.year_of_birth <= this_year:
            problems.append(_("Member %(n)d: the year of birth is not plausible.") % {"n": number})
        for document in member.documents:
            document.number = _check_text(document.number, _("Member %(n)d: document number")
                                          % {"n": number}, problems, limit=40)
            if document.kind not in IdentityDocument.Kind.values:
                problems.append(_("Member %(n)d: choose the kind of document.") % {"n": number})
    if problems:
        raise ValidationError(problems)
    case = ReturneeCase.objects.create(
        checkpoint=checkpoint, destination=destination, country_from=country_from,
        language=language, needs_transport=needs_transport, needs_medical=needs_medical,
        needs_material_support=needs_material_support, vehicles=vehicles,
        registered_by=officer, registered_at=registered_at or timezone.now())
    for member in members:
        stored = HouseholdMember.objects.create(
            case=case, name=member.name, sex=member.sex, year_of_birth=member.year_of_birth,
            relationship=member.relationship)
        for document in member.documents:
            IdentityDocument.objects.create(member=stored, kind=document.kind,
                                            number=document.number,
                                            issuing_country=document.issuing_country)
    _event(case, "registered", officer)
    return case


def valid_declaration(case: ReturneeCase) -> ConsentDeclaration | None:
    """The declaration in force: the latest, for the current destination, not withdrawn."""
    latest = case.declarations.order_by("-declared_at", "-pk").first()
    if latest is None or latest.withdrawn_at is not None \
            or latest.destination_id != case.destination_id:
        return None
    return latest


def require_declaration(case: ReturneeCase) -> ConsentDeclaration:
    declaration = valid_declaration(case)
    if declaration is None:
        raise ValidationError(_("No step past registration happens without a valid "
                                "declaration of voluntary return."))
    return declaration


def add_declaration(*, case: ReturneeCase, officer: User, method: str, language: str,
                    handbook_offered: bool, signed_scan=None, document=None,
                    handbook_version=None) -> ConsentDeclaration:
    """Record the returnee's declaration: signed by hand and uploaded, or confirmed in
    person with the officer as witness."""
    require_reception(officer, case.checkpoint)
    if case.status in (ReturneeCase.Status.ARRIVED, ReturneeCase.Status.CLOSED):
        raise ValidationError(_("This case is closed."))
    if method not in ConsentDeclaration.Method.values or \
            language not in dict(ReturneeCase._meta.get_field("language").choices):
        raise ValidationError(_("Say how the returnee declared, and in which language."))
    if method == ConsentDeclaration.Method.SIGNED_UPLOAD and signed_scan is None:
        raise ValidationError(_("Upload the declaration signed by the returnee."))
    if signed_scan is not None:
        check_upload(signed_scan)
    declaration = ConsentDeclaration.objects.create(
        case=case, language=language, method=method, witness=officer,
        handbook_offered=handbook_offered, destination=case.destination, document=document,
        handbook_version=handbook_version,
        handbook_language=language if handbook_version else "", declared_at=timezone.now())
    if signed_scan is not None:
        declaration.signed_scan.save(f"{declaration.pk}.pdf", signed_scan, save=True)
    if case.status == ReturneeCase.Status.WITHDRAWN:
        case.status = ReturneeCase.Status.REGISTERED  # a new declaration, a new start
        case.save(update_fields=["status"])
    _event(case, "declared", officer, method)
    return declaration


@transaction.atomic
def record_visit(*, case: ReturneeCase, officer: User, office: int, note: str = "") -> OfficeVisit:
    """The offices are visited in order; only reception comes before the declaration."""
    require_reception(officer, case.checkpoint, Role.RECEPTION_OFFICER, Role.MEDICAL_OFFICER)
    if office not in OfficeVisit.Office.values:
        raise ValidationError(_("Choose an office."))
    if not case.is_open:
        raise ValidationError(_("This case is closed."))
    if office != OfficeVisit.Office.RECEPTION:
        require_declaration(case)
    done = set(case.visits.values_list("office", flat=True))
    if office in done:
        raise ValidationError(_("This office is already recorded."))
    missing = [o for o in OfficeVisit.Office.values if o < office and o not in done]
    if missing:
        raise ValidationError(_("First: %(office)s.") % {
            "office": OfficeVisit.Office(missing[0]).label})
    if has_control_characters(note):
        raise ValidationError(_("The note contains control characters."))
    visit = OfficeVisit.objects.create(case=case, office=office, done_by=officer,
                                       done_at=timezone.now(), note=note.strip()[:300])
    _event(case, "visit", officer, OfficeVisit.Office(office).label)
    return visit


def add_medical_note(*, case: ReturneeCase, officer: User, text: str) -> MedicalNote:
    require_reception(officer, case.checkpoint, Role.MEDICAL_OFFICER)
    problems = []
    text = _check_text(text, _("The medical note"), problems, limit=300)
    if problems:
        raise ValidationError(problems)
    note = MedicalNote.objects.create(case=case, text=text, recorded_by=officer)
    _event(case, "medical_note", officer)
    return note


def mark_step(*, case: ReturneeCase, step: str) -> None:
    status = {Step.TOWN_CONSENT: ReturneeCase.Status.AWAITING_TOWN,
              Step.COORDINATION_REVIEW: ReturneeCase.Status.TOWN_REFUSED}.get(step)
    if status and case.status != status:
        case.status = status
        case.save(update_fields=["status"])


def mark_scheduled(*, case: ReturneeCase) -> None:
    case.status = ReturneeCase.Status.SCHEDULED
    case.save(update_fields=["status"])


def mark_arrived(*, case: ReturneeCase) -> None:
    case.status, case.arrived_at = ReturneeCase.Status.ARRIVED, timezone.now()
    case.save(update_fields=["status", "arrived_at"])
    _event(case, "arrived")


def mark_withdrawn(*, case: ReturneeCase, actor: User, note: str) -> None:
    declaration = valid_declaration(case)
    if declaration is not None:
        declaration.withdrawn_at, declaration.withdrawal_note = timezone.now(), note[:300]
        declaration.save(update_fields=["withdrawn_at", "withdrawal_note"])
    release_crossing(case=case)
    case.status = ReturneeCase.Status.WITHDRAWN
    case.save(update_fields=["status"])
    _event(case, "withdrawn", actor, note)


def mark_new_destination(*, case: ReturneeCase, town, actor: User) -> None:
    """The JCC proposes another destination: the returnee must agree to it in a new
    declaration before anything else happens."""
    case.destination = town
    case.status = ReturneeCase.Status.REGISTERED
    case.save(update_fields=["destination", "status"])
    _event(case, "new_destination", actor, town.name_en)


def mark_closed(*, case: ReturneeCase, actor: User, note: str) -> None:
    case.status = ReturneeCase.Status.CLOSED
    case.save(update_fields=["status"])
    _event(case, "closed", actor, note)


# Capacity -----------------------------------------------------------------------------

class Overbooked(ValidationError):
    pass


def _room(checkpoint, day: CheckpointDay | None, people: int, vehicles: int) -> bool:
    booked_people = day.people if day else 0
    booked_vehicles = day.vehicles if day else 0
    if checkpoint.daily_capacity_people is not None and \
            booked_people + people > checkpoint.daily_capacity_people:
        return False
    return not (checkpoint.daily_capacity_vehicles is not None and
                booked_vehicles + vehicles > checkpoint.daily_capacity_vehicles)


def next_dates_with_room(checkpoint, after, people: int, vehicles: int, count: int = 3):
    days = {day.date: day for day in CheckpointDay.objects.filter(
        checkpoint=checkpoint, date__gt=after, date__lte=after + datetime.timedelta(days=60))}
    found, date = [], after
    while len(found) < count and date < after + datetime.timedelta(days=60):
        date += datetime.timedelta(days=1)
        if _room(checkpoint, days.get(date), people, vehicles):
            found.append(date)
    return found


def book_crossing(*, case: ReturneeCase, officer: User, date, vehicles: int) -> Crossing:
    """Book the household's crossing on `date`, within the CP's daily capacity in people
    and vehicles. The day's row is locked (SELECT FOR UPDATE; IMMEDIATE on SQLite): two
    officers booking the last places at once never overbook."""
    require_reception(officer, case.checkpoint)
    require_declaration(case)
    if date < timezone.localdate():
        raise ValidationError(_("Choose today or a later date."))
    people = case.members.count()
    with transaction.atomic():
        CheckpointDay.objects.get_or_create(checkpoint=case.checkpoint, date=date)
        day = CheckpointDay.objects.select_for_update().get(checkpoint=case.checkpoint, date=date)
        if not _room(case.checkpoint, day, people, vehicles):
            dates = next_dates_with_room(case.checkpoint, date, people, vehicles)
            raise Overbooked(
                _("%(checkpoint)s is full on %(date)s. Next dates with room: %(dates)s.")
                % {"checkpoint": case.checkpoint.name, "date": date.isoformat(),
                   "dates": ", ".join(d.isoformat() for d in dates) or _("none in 60 days")})
        day.people += people
        day.vehicles += vehicles
        day.save(update_fields=["people", "vehicles"])
        crossing = Crossing.objects.create(case=case, day=day, people=people, vehicles=vehicles,
                                           booked_by=officer)
        _event(case, "booked", officer, date.isoformat())
    return crossing


def release_crossing(*, case: ReturneeCase) -> None:
    crossing = Crossing.objects.filter(case=case).select_related("day").first()
    if crossing is None:
        return
    day = CheckpointDay.objects.select_for_update().get(pk=crossing.day_id)
    day.people -= crossing.people
    day.vehicles -= crossing.vehicles
    day.save(update_fields=["people", "vehicles"])
    crossing.delete()


# Reports of forced or denied return ------------------------------------------------------

@transaction.atomic
def file_report(*, staff: User, kind: str, account: str, case: ReturneeCase | None = None,
                checkpoint=None) -> ForcedReturnReport:
    """Any member of staff files; the JCC duty shift must act within 24 hours."""
    if not authority.organisations_where(staff).exists():
        raise PermissionDenied
    problems = []
    account = _check_text(account, _("What happened"), problems, limit=4000)
    if kind not in ForcedReturnReport.Kind.values:
        problems.append(_("Say whether it is a forced return or a denied return."))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    report = ForcedReturnReport.objects.create(
        kind=kind, case=case, checkpoint=checkpoint or (case.checkpoint if case else None),
        account=account, filed_by=staff, filed_at=now, due_at=now + REPORT_DEADLINE)
    for officer in _duty_shift():
        approvals_services.notify(
            recipient=officer,
            subject=gettext_lazy("A report of %(kind)s needs you within 24 hours"),
            params={"kind": ForcedReturnReport.Kind(kind).label}, url="/returns/reports/")
    return report


def _duty_shift():
    from approvals.models import Organisation
    from approvals.roles import OrganisationKind

    shift = Organisation.objects.filter(kind=OrganisationKind.DUTY_SHIFT).first()
    return authority.holders_of(shift.pk, Role.DUTY_SHIFT) if shift else []


def report_state(report: ForcedReturnReport) -> str:
    steps = {step.step for step in report.steps.all()}
    if ReportStep.Step.RESOLVED in steps:
        return ReportStep.Step.RESOLVED
    if ReportStep.Step.ACKNOWLEDGED in steps:
        return ReportStep.Step.ACKNOWLEDGED
    return "open"


@transaction.atomic
def act_on_report(*, report: ForcedReturnReport, officer: User, step: str, note: str = ""):
    if not authority.organisations_where(officer, Role.DUTY_SHIFT).exists():
        raise PermissionDenied
    report = ForcedReturnReport.objects.select_for_update().get(pk=report.pk)
    state = report_state(report)
    note = (note or "").strip()
    if state == ReportStep.Step.RESOLVED:
        raise ValidationError(_("This report is resolved."))
    if step == ReportStep.Step.ACKNOWLEDGED and state != "open":
        raise ValidationError(_("This report is already acknowledged."))
    if step == ReportStep.Step.RESOLVED and (state == "open" or not note):
        raise ValidationError(_("Acknowledge the report, then resolve it with notes."))
    if step not in (ReportStep.Step.ACKNOWLEDGED, ReportStep.Step.NOTE,
                    ReportStep.Step.RESOLVED) or has_control_characters(note):
        raise ValidationError(_("This cannot be recorded."))
    return ReportStep.objects.create(report=report, step=step, note=note[:4000], actor=officer)


def escalate_late_reports(*, now=None) -> int:
    """Reports not resolved by their deadline go to the JCC's supervisors, once."""
    now = now or timezone.now()
    late = ForcedReturnReport.objects.filter(due_at__lte=now).exclude(
        steps__step__in=[ReportStep.Step.RESOLVED, ReportStep.Step.ESCALATED])
    count = 0
    for report in late:
        with transaction.atomic():
            ReportStep.objects.create(report=report, step=ReportStep.Step.ESCALATED)
            from approvals.models import Organisation
            jcc = Organisation.objects.filter(code="jcc").first()
            for supervisor in authority.supervisors_of(jcc.pk if jcc else 0):
                approvals_services.notify(
                    recipient=supervisor,
                    subject=gettext_lazy("Late: a report of %(kind)s is not resolved"),
                    params={"kind": ForcedReturnReport.Kind(report.kind).label},
                    url="/returns/reports/")
            count += 1
    return count
