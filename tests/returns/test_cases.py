"""A returnee case from registration to arrival, and every way it can stop."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from approvals.models import Checkpoint, Town, User
from documents.models import Document
from documents.verification import verify
from requests import returns
from requests.models import CheckpointDay, OfficeVisit, ReturneeCase, TownConsent
from workflows import returns as case_flow
from workflows.models import TaskDeadline
from workflows.services import ActionRefused


def _person(username):
    return User.objects.get(username=username)


def test_nothing_past_registration_without_a_declaration(household):
    case = household()
    officer = _person("reception.salhiyah")
    returns.record_visit(case=case, officer=officer, office=OfficeVisit.Office.RECEPTION)
    with pytest.raises(ValidationError, match="without a valid declaration"):
        returns.record_visit(case=case, officer=officer, office=OfficeVisit.Office.MEDICAL)
    with pytest.raises(ValidationError, match="without a valid declaration"):
        returns.book_crossing(case=case, officer=officer, date=timezone.localdate(), vehicles=0)
    assert case_flow.open_task(case, "town_consent") is None


def test_the_offices_are_visited_in_order(declared):
    case = declared()
    officer = _person("reception.salhiyah")
    with pytest.raises(ValidationError, match="First: Reception"):
        returns.record_visit(case=case, officer=officer, office=OfficeVisit.Office.MEALS)
    for office in (1, 2, 3):
        returns.record_visit(case=case, officer=officer, office=office)
    assert list(case.visits.values_list("office", flat=True)) == [1, 2, 3]


def test_registration_lists_every_problem(demo):
    members = [returns.MemberInput("", "X", 1800, "child"),
               returns.MemberInput("A\x07b", "F", 2090, "child")]
    with pytest.raises(ValidationError) as error:
        returns.register_case(officer=_person("reception.salhiyah"),
                              checkpoint=Checkpoint.objects.get(name_en="Salhiyah"),
                              destination=Town.objects.get(name_en="Khusham"),
                              country_from="TR", language="ar", members=members)
    messages = error.value.messages
    assert "Exactly one member is the head of the household." in messages
    assert "Member 1: name is required." in messages
    assert "Member 1: choose the sex." in messages
    assert "Member 2: the year of birth is not plausible." in messages
    assert "Member 2: name contains control characters or is too long." in messages
    assert not ReturneeCase.objects.exists()


def test_an_officer_of_another_checkpoint_cannot_register_here(demo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        returns.register_case(officer=_person("reception.lebanon"),
                              checkpoint=Checkpoint.objects.get(name_en="Salhiyah"),
                              destination=Town.objects.get(name_en="Khusham"), country_from="TR",
                              language="ar",
                              members=[returns.MemberInput("A B", "M", 1980, "head")])


def test_the_whole_way_to_arrival_and_a_signed_certificate(declared):
    case = declared()
    declaration = Document.objects.get(case=case, kind="declaration")
    assert verify(declaration.file.read()).valid
    case_flow.town_answer(case=case, actor=_person("head.khusham"), consent=True)
    case.refresh_from_db()
    officer = _person("reception.salhiyah")
    case_flow.schedule_crossing(case=case, officer=officer, date=timezone.localdate(), vehicles=1)
    case.refresh_from_db()
    assert case.status == "scheduled" and case.crossing.people == 4
    case_flow.confirm_arrival(case=case, actor=_person("head.khusham"))
    case.refresh_from_db()
    assert case.status == "arrived" and case.arrived_at is not None
    certificate = Document.objects.get(case=case, kind="registration_certificate")
    verdict = verify(certificate.file.read())
    assert verdict.valid and verdict.signatures[0].signer.startswith("Returns and Reconstruction")


def test_only_the_destination_towns_head_answers(declared):
    case = declared()
    with pytest.raises(ActionRefused, match="no authority"):
        case_flow.town_answer(case=case, actor=_person("head.tabiyah"), consent=True)
    with pytest.raises(ActionRefused, match="reason for refusing"):
        case_flow.town_answer(case=case, actor=_person("head.khusham"), consent=False)
    assert not TownConsent.objects.exists()


def test_withdrawal_stops_the_case_and_only_a_new_declaration_restarts_it(declared):
    from viewflow.workflow.models import Task

    case = declared()
    case_flow.town_answer(case=case, actor=_person("head.khusham"), consent=True)
    officer = _person("reception.salhiyah")
    case_flow.withdraw(case=case, actor=officer, note="They decided to stay.")
    case.refresh_from_db()
    assert case.status == "withdrawn"
    assert not Task.objects.filter(process__returneeprocess__case=case, flow_task_type="HUMAN",
                                   status__in=["NEW", "ASSIGNED"]).exists()
    with pytest.raises(ValidationError, match="without a valid declaration"):
        returns.book_crossing(case=case, officer=officer, date=timezone.localdate(), vehicles=0)
    with pytest.raises(ActionRefused):
        case_flow.schedule_crossing(case=case, officer=officer, date=timezone.localdate())
    case_flow.declare(case=case, officer=officer, method="in_person", language="ar",
                      handbook_offered=True)
    case.refresh_from_db()
    assert case.status == "awaiting_town"
    assert case_flow.open_task(case, "town_consent") is not None


def test_withdrawal_frees_the_booked_places(declared):
    case = declared()
    case_flow.town_answer(case=case, actor=_person("head.khusham"), consent=True)
    day = timezone.localdate() + datetime.timedelta(days=3)
    case_flow.schedule_crossing(case=case, officer=_person("reception.salhiyah"), date=day,
                                vehicles=2)
    assert CheckpointDay.objects.get(date=day).people == 4
    case_flow.withdraw(case=case, actor=_person("head.khusham"))
    assert (CheckpointDay.objects.get(date=day).people,
            CheckpointDay.objects.get(date=day).vehicles) == (0, 0)


def test_a_refusal_goes_to_the_jcc_which_proposes_another_town_the_returnee_must_accept(declared):
    case = declared()
    case_flow.town_answer(case=case, actor=_person("head.khusham"), consent=False,
                          reason="The house is destroyed; no shelter yet.")
    case.refresh_from_db()
    assert case.status == "town_refused"
    tabiyah = Town.objects.get(name_en="Al-Tabiyah")
    case_flow.coordination_review(case=case, officer=_person("jcc.officer"),
                                  new_destination=tabiyah)
    case.refresh_from_db()
    assert case.destination == tabiyah and case.status == "registered"
    assert returns.valid_declaration(case) is None  # the earlier one was for Khusham
    case_flow.declare(case=case, officer=_person("reception.salhiyah"), method="in_person",
                      language="ar", handbook_offered=True)
    task = case_flow.open_task(case, "town_consent")
    assert task.owner_permission_obj_pk == str(tabiyah.local_administration.pk)


def test_no_answer_by_the_deadline_is_never_consent(declared):
    from django.core.management import call_command

    case = declared()
    TaskDeadline.objects.filter(task__process__returneeprocess__case=case).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115
    case.refresh_from_db()
    assert case.status == "town_refused"
    assert case.town_answers.get().answer == "no_answer"
    assert case_flow.open_task(case, "coordination_review") is not None
    assert case_flow.open_task(case, "crossing") is None


def test_an_overbooked_day_is_refused_with_the_next_dates_with_room(declared):
    checkpoint = Checkpoint.objects.get(name_en="Salhiyah")
    day = timezone.localdate() + datetime.timedelta(days=5)
    CheckpointDay.objects.create(checkpoint=checkpoint, date=day, people=798, vehicles=3)
    CheckpointDay.objects.create(checkpoint=checkpoint, date=day + datetime.timedelta(days=1),
                                 people=100, vehicles=10)
    case = declared()
    case_flow.town_answer(case=case, actor=_person("head.khusham"), consent=True)
    with pytest.raises(ActionRefused) as refusal:
        case_flow.schedule_crossing(case=case, officer=_person("reception.salhiyah"), date=day,
                                    vehicles=1)
    message = str(refusal.value)
    later = day + datetime.timedelta(days=2)
    assert f"Salhiyah is full on {day.isoformat()}" in message
    assert f"Next dates with room: {later.isoformat()}" in message  # the next day lacks vehicles
    assert CheckpointDay.objects.get(date=day).people == 798


def test_reports_go_to_the_duty_shift_and_are_never_edited(demo):
    from django.core.management import call_command

    from requests.models import ForcedReturnReport, ReportStep

    report = returns.file_report(staff=_person("logistics"), kind="forced_return",
                                 account="A bus was turned around at gunpoint.")
    duty = _person("duty.officer")
    assert duty.notifications.filter(subject__contains="24 hours").exists()
    with pytest.raises(ValidationError, match="Acknowledge the report"):
        returns.act_on_report(report=report, officer=duty, step="resolved", note="done")
    returns.act_on_report(report=report, officer=duty, step="acknowledged")
    returns.act_on_report(report=report, officer=duty, step="resolved",
                          note="Passengers found and escorted back; the unit is informed.")
    assert returns.report_state(report) == "resolved"
    report.account = "rewritten"
    with pytest.raises(ValueError, match="never edited"):
        report.save()
    with pytest.raises(ValueError, match="never deleted"):
        report.delete()
    late = returns.file_report(staff=_person("observer"), kind="denied_return",
                               account="A family was refused entry.")
    ForcedReturnReport.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert late.steps.filter(step=ReportStep.Step.ESCALATED).exists()
    assert _person("jcc.officer").notifications.filter(subject__startswith="Late").exists()
    with pytest.raises(Exception):  # noqa: B017 - only the duty shift acts on reports
        returns.act_on_report(report=late, officer=_person("logistics"), step="acknowledged")


def test_the_towns_consent_waits_in_the_local_heads_queue(declared, client_for):
    case = declared()
    page = client_for("head.khusham").get("/work/queue/").content.decode()
    assert case.number in page and case.get_absolute_url() in page
    assert case.number not in client_for("head.tabiyah").get("/work/queue/").content.decode()


def test_a_declaration_must_say_how_it_was_made(household):
    case = household()
    with pytest.raises(ValidationError, match="how the returnee declared"):
        returns.add_declaration(case=case, officer=_person("reception.salhiyah"), method="",
                                language="ar", handbook_offered=True)
    assert returns.valid_declaration(case) is None
