"""Returnee cases in the browser: register a household, consent, offices, the town's
consent, a crossing within capacity, arrival and certificate; withdrawal; refusal; no
answer; an overbooked day; a forced-return report through to resolution."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from approvals.models import Checkpoint, Town, User
from requests.models import CheckpointDay, ReturneeCase
from workflows import returns as case_flow

from .conftest import in_a_thread

pytestmark = pytest.mark.browser


def _register(page, site, head_name="Yasin Omari"):
    page.goto(f"{site}/returns/cases/new/")
    salhiyah = Checkpoint.objects.get(name_en="Salhiyah")
    page.select_option("select[name=checkpoint]", str(salhiyah.pk))
    page.select_option("select[name=destination]", str(Town.objects.get(name_en="Khusham").pk))
    page.select_option("select[name=country_from]", "TR")
    page.check("input[name=needs_transport]")
    for row, (name, sex, year) in enumerate([(head_name, "M", "1970"), ("Huda Omari", "F", "1975"),
                                             ("Adam Omari", "M", "2015")]):
        page.fill(f"input[name=name_{row}]", name)
        page.select_option(f"select[name=sex_{row}]", sex)
        page.fill(f"input[name=year_{row}]", year)
    page.fill("input[name=doc_number_0]", "TR-PASS-2231")
    page.locator("form.returns-form button[type=submit]").click()
    expect(page.locator(".returns-no-declaration")).to_be_visible()
    return ReturneeCase.objects.latest("pk")


def _declare(page):
    page.select_option(".returns-declare select[name=method]", "in_person")
    page.locator(".returns-declare button[type=submit]").click()
    expect(page.locator(".returns-declared")).to_be_visible()


def test_register_consent_offices_town_crossing_arrival(browser_as, site):
    officer = browser_as("reception.salhiyah")
    case = _register(officer, site)
    expect(officer.locator(".returns-id-number")).to_have_text("TR-PASS-2231")
    _declare(officer)
    for visited in range(1, 4):  # reception, medical checkup, sanitary treatment
        officer.locator("form:has(input[value=visit]) button").click()
        expect(officer.locator(".returns-visits li")).to_have_count(visited)

    head = browser_as("head.khusham", "ar")
    head.goto(f"{site}/returns/cases/{case.pk}/")
    expect(head.locator(".returns-id-number")).to_have_count(0)
    expect(head.locator(".returns-household")).to_contain_text("Huda Omari")
    head.locator(".returns-town button[value=consent]").click()
    expect(head.locator(".returns-town")).to_have_count(0)

    officer.goto(f"{site}/returns/cases/{case.pk}/")
    officer.fill(".returns-schedule input[name=date]", timezone.localdate().isoformat())
    officer.locator(".returns-schedule button").click()
    expect(officer.locator(".returns-crossing")).to_contain_text("3")
    expect(officer.locator(".returns-case-status")).to_have_text("Crossing scheduled")

    head.goto(f"{site}/returns/cases/{case.pk}/")
    head.locator("button[value=arrived]").click()
    expect(head.locator("button[value=arrived]")).to_have_count(0)
    expect(head.locator(".returns-case-status")).to_have_text("تم الوصول")  # Arrived
    case.refresh_from_db()
    assert case.status == "arrived"
    assert case.documents.filter(kind="registration_certificate").exists()


def test_withdrawal_mid_way(browser_as, site):
    case = ReturneeCase.objects.get(members__name="Mahmoud Jasim")  # waits for Khusham
    officer = browser_as("reception.salhiyah")
    officer.goto(f"{site}/returns/cases/{case.pk}/")
    officer.fill(".returns-withdraw input[name=note]", "They will stay with relatives abroad.")
    officer.locator(".returns-withdraw button").click()
    expect(officer.locator(".returns-no-declaration")).to_be_visible()
    case.refresh_from_db()
    assert case.status == "withdrawn"
    head = browser_as("head.khusham")
    head.goto(f"{site}/returns/cases/{case.pk}/")
    expect(head.locator(".returns-town")).to_have_count(0)


def test_the_town_refuses_and_the_jcc_proposes_another(browser_as, site):
    case = ReturneeCase.objects.get(members__name="Mahmoud Jasim")
    head = browser_as("head.khusham")
    head.goto(f"{site}/returns/cases/{case.pk}/")
    head.locator(".returns-town button[value=refuse]").click()
    expect(head.locator(".returns-messages")).to_contain_text("reason for refusing")
    head.fill(".returns-town input[name=reason]", "No shelter in the street yet.")
    head.locator(".returns-town button[value=refuse]").click()
    jcc = browser_as("jcc.officer")
    jcc.goto(f"{site}/returns/cases/{case.pk}/")
    jcc.select_option(".returns-review select[name=destination]",
                      str(Town.objects.get(name_en="Al-Tabiyah").pk))
    jcc.locator(".returns-review button").click()
    expect(jcc.locator(".returns-case-status")).to_have_text("Registered")
    case.refresh_from_db()
    assert case.destination.name_en == "Al-Tabiyah" and case.status == "registered"


def test_the_town_does_not_answer_and_the_case_escalates(browser_as, site):
    from django.core.management import call_command

    from workflows.models import TaskDeadline

    case = ReturneeCase.objects.get(members__name="Mahmoud Jasim")
    TaskDeadline.objects.filter(task__process__returneeprocess__case=case).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1))
    in_a_thread(call_command, "sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115
    jcc = browser_as("jcc.officer")
    jcc.goto(f"{site}/returns/cases/{case.pk}/")
    expect(jcc.locator(".returns-review")).to_be_visible()
    expect(jcc.locator("body")).to_contain_text("No answer by the deadline")


def test_an_overbooked_day(browser_as, site):
    case = ReturneeCase.objects.get(members__name="Mahmoud Jasim")
    in_a_thread(case_flow.town_answer, case=case, consent=True,
                actor=User.objects.get(username="head.khusham"))
    day = timezone.localdate() + datetime.timedelta(days=4)
    CheckpointDay.objects.create(checkpoint=case.checkpoint, date=day, people=799, vehicles=0)
    officer = browser_as("reception.salhiyah")
    officer.goto(f"{site}/returns/cases/{case.pk}/")
    officer.fill(".returns-schedule input[name=date]", day.isoformat())
    officer.locator(".returns-schedule button").click()
    expect(officer.locator(".returns-messages")).to_contain_text(
        f"Salhiyah is full on {day.isoformat()}. Next dates with room: "
        f"{(day + datetime.timedelta(days=1)).isoformat()}")


def test_a_forced_return_report_through_to_resolution(browser_as, site):
    reporter = browser_as("logistics")
    reporter.goto(f"{site}/returns/reports/")
    reporter.select_option(".returns-file-report select[name=kind]", "forced_return")
    reporter.fill(".returns-file-report textarea", "Twelve people were put on a bus by force.")
    reporter.locator(".returns-file-report button").click()
    expect(reporter.locator(".returns-report").first).to_contain_text("Twelve people")
    duty = browser_as("duty.officer")
    duty.goto(f"{site}/returns/reports/")
    row = duty.locator(".returns-report", has_text="Twelve people")
    row.locator("button[value=acknowledged]").click()
    row = duty.locator(".returns-report", has_text="Twelve people")
    row.locator("input[name=note]").fill("Convoy stopped; the people are safe and free to go.")
    row.locator("button[value=resolved]").click()
    expect(duty.locator(".returns-report", has_text="Twelve people")).to_have_class(
        re.compile("returns-report-resolved"))
