"""An official approves; the order appears for logistics, is printed, dispatched in two
shipments, and received with a shortfall that becomes a supplementary application."""

import re

import pytest
from playwright.sync_api import expect

from requests.models import SupplyApplication

from .test_supply_journeys import _open_task_from_queue

pytestmark = pytest.mark.browser


def test_approve_print_dispatch_twice_and_receive_short(browser_as, site):
    application = SupplyApplication.objects.get(number="SA-KRM-2018-01")
    official = browser_as("ministry.official")
    _open_task_from_queue(official, site, application)
    official.fill("input[name=password]", "returns-demo-2026")
    official.locator("button[value=approve]").click()
    expect(official.locator("h1")).not_to_contain_text(application.number)

    logistics = browser_as("logistics")
    logistics.goto(f"{site}/supply/orders/")
    row = logistics.locator("tr.returns-order", has_text=application.number)
    expect(row).to_contain_text("DO-KRM-2018-01")
    row.locator("input[type=checkbox]").check()
    with logistics.expect_popup() as popup:
        logistics.locator("#print-form button[type=submit]").click()
    printed = popup.value
    printed.wait_for_load_state()
    assert printed.url.endswith("/supply/orders/print/")

    logistics.goto(f"{site}/supply/applications/{application.pk}/")
    lines = {line.material.code: line for line in application.lines.all()}
    logistics.fill(f"input[name=dispatch_{lines['cement'].pk}]", "5")
    logistics.fill(f"input[name=dispatch_{lines['lumber'].pk}]", "20")
    logistics.fill(".returns-dispatch input[name=note]", "Convoy 1")
    logistics.locator(".returns-dispatch button[type=submit]").click()
    expect(logistics.locator(".returns-shipment")).to_have_count(1)
    logistics.fill(f"input[name=dispatch_{lines['lumber'].pk}]", "10")
    logistics.fill(f"input[name=dispatch_{lines['finishing-materials'].pk}]", "600")
    logistics.fill(f"input[name=dispatch_{lines['electric-cable'].pk}]", "3000")
    logistics.locator(".returns-dispatch button[type=submit]").click()
    expect(logistics.locator(".returns-shipment")).to_have_count(2)

    head = browser_as("head.karm")
    head.goto(f"{site}/supply/applications/{application.pk}/")
    first = head.locator(".returns-receipt").first
    first.locator("tr", has_text="Lumber").locator("input").fill("18")  # 18 of 20 arrived
    first.locator("button[type=submit]").click()
    expect(head.locator(".returns-receipt")).to_have_count(1)
    head.locator(".returns-receipt button[type=submit]").click()
    expect(head.locator(".returns-receipt")).to_have_count(0)
    lumber = head.locator(f".returns-deliveries tr[data-line='{lines['lumber'].pk}']")
    expect(lumber.locator(".returns-shortfall")).to_have_text("2")

    head.locator("form[action$='/shortfall/'] button").click()
    expect(head).to_have_url(re.compile(r"/supply/applications/\d+/edit/$"))
    expect(head.locator(".returns-messages")).to_contain_text("shortfall")
    supplement = SupplyApplication.objects.get(supplements=application)
    assert [(line.material.code, line.quantity) for line in supplement.lines.all()] == [
        ("lumber", 2)]
