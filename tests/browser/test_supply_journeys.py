"""Supply applications as the roles walk them in the browser, in English and in Arabic."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from approvals.models import Decision, User
from requests.models import Material, Site, SupplyApplication
from workflows.models import TaskDeadline

pytestmark = pytest.mark.browser
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _fill_line(page, index, material, site, quantity):
    material = Material.objects.get(code=material)
    page.select_option(f"select[name=lines-{index}-material]", str(material.pk))
    page.select_option(f"select[name=lines-{index}-site]", str(Site.objects.get(name=site).pk))
    page.fill(f"input[name=lines-{index}-quantity]", quantity)
    page.select_option(f"select[name=lines-{index}-unit]", material.unit)


def _open_task_from_queue(page, site, application):
    page.goto(f"{site}/work/queue/")
    page.locator("tr", has_text=application.number).locator("a").first.click()
    expect(page.locator("h1")).to_contain_text(application.number)


def _line_row(page, material):
    return page.locator(f"tr[data-line='{material}']")


def _reason_value(page, index=1):
    return page.locator("select[name=reason] option").nth(index).get_attribute("value")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_submit_cut_return_resubmit_and_approve(browser_as, site, language):
    head = browser_as("head.karm", language)
    head.goto(f"{site}/supply/applications/new/")
    _fill_line(head, 0, "cement", "Karm al-Jazmati school", "5")
    _fill_line(head, 1, "lumber", "Karm al-Jazmati school", "30")
    head.fill("textarea[name=purpose]", "Restore the school.")
    head.locator("button[name=save]").click()
    expect(head.locator(".returns-messages")).to_be_visible()
    application = SupplyApplication.objects.filter(town__name_en="Karm al-Jazmati").latest("pk")
    assert application.status == "draft"
    head.locator("button[name=submit]").click()
    expect(head.locator(".returns-status")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "in_review"
    if language == "ar":
        assert ARABIC.search(head.locator(".returns-status").inner_text())

    official = browser_as("ministry.official", language)
    _open_task_from_queue(official, site, application)
    lumber = application.lines.get(material__code="lumber")
    official.select_option(f"select[name=reason_{lumber.pk}]", index=5)
    official.fill(f"input[name=comment_{lumber.pk}]", "Which classrooms?")
    official.select_option("select[name=reason]", index=5)
    official.fill("textarea[name=comment]", "Say which classrooms the lumber is for.")
    official.fill("input[name=password]", "returns-demo-2026")
    official.locator("button[value=return]").click()
    expect(official.locator("h1")).not_to_contain_text(application.number)
    application.refresh_from_db()
    assert application.status == "returned"

    head.goto(f"{site}/supply/applications/{application.pk}/edit/")
    expect(head.locator(".returns-problems")).to_contain_text("Say which classrooms")
    expect(head.locator(".returns-problems")).to_contain_text("Which classrooms?")
    head.fill("input[name=lines-1-quantity]", "20")
    head.fill("textarea[name=purpose]", "Restore the school: classrooms 1 to 4.")
    head.locator("button[name=submit]").click()
    expect(head.locator(".returns-status")).to_be_visible()
    application.refresh_from_db()
    assert (application.status, application.revision) == ("in_review", 2)

    _open_task_from_queue(official, site, application)
    expect(official.locator(".returns-diff-changed")).to_contain_text("20")
    cement = application.lines.get(material__code="cement")
    official.fill(f"input[name=approved_{cement.pk}]", "4")
    official.select_option(f"select[name=reason_{cement.pk}]", index=2)
    official.fill("input[name=password]", "returns-demo-2026")
    official.locator("button[value=approve]").click()
    expect(official.locator("h1")).not_to_contain_text(application.number)
    application.refresh_from_db()
    assert application.status == "approved"
    assert {line.material.code: line.approved_quantity for line in application.lines.all()} == {
        "cement": 4, "lumber": 20}

    head.goto(f"{site}/supply/applications/{application.pk}/")
    expect(head.locator(".returns-status")).to_have_class(re.compile("returns-status-approved"))
    expect(head.locator(".returns-decision").last).to_contain_text("4 / 5")


def test_heavy_equipment_parallel_approval_in_arabic(browser_as, site):
    application = SupplyApplication.objects.get(number="SA-TAB-2018-02")  # at the JCC already
    jcc = browser_as("jcc.officer", "ar")
    logistics = browser_as("logistics", "ar")
    _open_task_from_queue(jcc, site, application)
    assert ARABIC.search(jcc.locator("button[value=approve]").inner_text())
    expect(jcc.locator("html")).to_have_attribute("dir", "rtl")
    jcc.fill("input[name=password]", "returns-demo-2026")
    jcc.locator("button[value=approve]").click()
    expect(jcc.locator("h1")).not_to_contain_text(application.number)
    application.refresh_from_db()
    assert application.status == "in_review"  # waiting for logistics at the join

    _open_task_from_queue(logistics, site, application)
    windows = application.lines.get(material__code="duralumin-window")
    logistics.fill(f"input[name=approved_{windows.pk}]", "20")
    logistics.select_option(f"select[name=reason_{windows.pk}]", index=1)
    logistics.fill("input[name=password]", "returns-demo-2026")
    logistics.locator("button[value=approve]").click()
    expect(logistics.locator("h1")).not_to_contain_text(application.number)
    application.refresh_from_db()
    assert application.status == "approved"
    windows.refresh_from_db()
    assert windows.approved_quantity == 20


def test_rejection_reaches_the_applicant(browser_as, site):
    application = SupplyApplication.objects.get(number="SA-KRM-2018-01")
    official = browser_as("ministry.official")
    _open_task_from_queue(official, site, application)
    official.fill("input[name=password]", "returns-demo-2026")
    official.locator("button[value=reject]").click()
    expect(official.locator(".returns-messages")).to_contain_text("Give a reason")
    official.select_option("select[name=reason]", index=7)
    official.fill("input[name=password]", "returns-demo-2026")
    official.locator("button[value=reject]").click()
    expect(official.locator("h1")).not_to_contain_text(application.number)
    head = browser_as("head.karm")
    head.goto(f"{site}/directory/notifications/")
    expect(head.locator(".returns-notifications")).to_contain_text(
        f"Application {application.number} was rejected")
    head.locator(".returns-notifications a").first.click()
    expect(head.locator(".returns-status")).to_have_text("Rejected")


def test_delegation_to_an_acting_approver(browser_as, site):
    application = SupplyApplication.objects.get(number="SA-KRM-2018-01")
    official = browser_as("ministry.official")
    _open_task_from_queue(official, site, application)
    official.locator("button[value=claim]").click()
    official.goto(f"{site}/directory/delegations/")
    supervisor = User.objects.get(username="ministry.supervisor")
    official.select_option("select[name=acting]", str(supervisor.pk))
    today = timezone.localdate()
    official.fill("input[name=starts_on]", today.isoformat())
    official.fill("input[name=ends_on]", (today + timedelta(days=14)).isoformat())
    official.locator("form.returns-form button[type=submit]").click()
    expect(official.locator(".returns-table")).to_contain_text("Fadi Mansour")

    acting = browser_as("ministry.supervisor")
    acting.goto(f"{site}/work/inbox/")
    row = acting.locator("tr", has_text=application.number)
    expect(row).to_contain_text("you act for them")
    row.locator("a").first.click()
    acting.fill("input[name=password]", "returns-demo-2026")
    acting.locator("button[value=approve]").click()
    expect(acting.locator("h1")).not_to_contain_text(application.number)
    acting.goto(f"{site}/supply/applications/{application.pk}/")
    expect(acting.locator(".returns-decision")).to_contain_text(
        "decided by Fadi Mansour on behalf of Rania Saleh")
    decision = Decision.objects.get(application=application)
    assert decision.on_behalf_of.username == "ministry.official"


def test_escalation_by_the_timer_sweep(browser_as, site):
    application = SupplyApplication.objects.get(number="SA-KRM-2018-01")
    TaskDeadline.objects.filter(task__process__supplyprocess__application=application,
                                step="technical_review").update(
        due_at=timezone.now() - timedelta(minutes=5))
    call_command("sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115 - what `make run` loops
    supervisor = browser_as("ministry.supervisor")
    supervisor.goto(f"{site}/directory/notifications/")
    link = supervisor.locator(".returns-notifications a", has_text="Overdue")
    expect(link).to_contain_text(application.number)
    link.click()
    expect(supervisor.locator("h1")).to_contain_text(application.number)
    supervisor.goto(f"{site}/supply/applications/{application.pk}/")
    expect(supervisor.locator(".returns-history")).to_contain_text("Escalated")


def test_bulk_approval_from_the_queue(browser_as, site):
    supervisor = browser_as("ministry.supervisor")
    karm = SupplyApplication.objects.get(number="SA-KRM-2018-01")
    supervisor.goto(f"{site}/work/queue/")
    for number in ("SA-KRM-2018-01",):
        supervisor.locator("tr", has_text=number).locator("input[type=checkbox]").check()
    supervisor.fill("#bulk-form input[name=password]", "returns-demo-2026")
    supervisor.locator("#bulk-form button[type=submit]").click()
    expect(supervisor.locator(".returns-job-status")).to_have_text("Finished")
    expect(supervisor.locator(".returns-job-item")).to_have_count(1)
    expect(supervisor.locator(".returns-job-item")).to_contain_text("approved")
    karm.refresh_from_db()
    assert karm.status == "approved"
