"""Logistics: print one or many signed orders, dispatch in shipments, receipt per line,
the shortfall as a supplementary application, and totals that stay right."""

import subprocess

import pytest

from requests.models import SupplyApplication


@pytest.fixture
def two_orders(approved):
    return approved(), approved(lines=(("excavator", "Karm al-Jazmati school", "1"),))


def _pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "print.pdf"
    path.write_bytes(pdf)
    return int(subprocess.run(["qpdf", "--show-npages", str(path)],  # noqa: S603, S607
                              capture_output=True, text=True, check=True).stdout)


def test_logistics_prints_selected_orders_as_one_pdf(client_for, two_orders, tmp_path):
    logistics = client_for("logistics")
    page = logistics.get("/supply/orders/").content.decode()
    for application in two_orders:
        assert application.number in page
    response = logistics.post("/supply/orders/print/",
                              {"applications": [str(a.pk) for a in two_orders]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _pages(response.content, tmp_path) == 2


def test_others_cannot_print_or_open_orders(client_for, two_orders):
    assert client_for("head.khusham").get("/supply/orders/").status_code == 403
    assert client_for("head.khusham").post("/supply/orders/print/", {
        "applications": [str(two_orders[0].pk)]}).status_code == 403
    document = two_orders[0].documents.get(kind="delivery_order")
    url = f"/supply/applications/{two_orders[0].pk}/documents/{document.pk}/"
    assert client_for("head.khusham").get(url).status_code == 404
    assert client_for("head.karm").get(url).status_code == 200


def _totals(application):
    from requests.deliveries import delivery_totals

    lines = {line.pk: line.material.code for line in application.lines.select_related("material")}
    return {lines[pk]: {key: float(value) for key, value in row.items()}
            for pk, row in delivery_totals(application).items()}


def test_two_shipments_a_receipt_with_a_shortfall_and_its_supplement(client_for, approved):
    application = approved(lines=(("cement", "Karm al-Jazmati school", "5"),
                                  ("excavator", "Karm al-Jazmati school", "1")))
    cement = application.lines.get(material__code="cement")
    excavator = application.lines.get(material__code="excavator")
    logistics = client_for("logistics")
    url = f"/supply/applications/{application.pk}/dispatch/"

    page = logistics.post(url, {f"dispatch_{cement.pk}": "6"}, follow=True).content.decode()
    assert "between 0 and 5 can still be dispatched" in page
    assert not application.shipments.exists()

    logistics.post(url, {f"dispatch_{cement.pk}": "3", f"dispatch_{excavator.pk}": "1",
                         "note": "Convoy 1"})
    logistics.post(url, {f"dispatch_{cement.pk}": "2", "note": "Convoy 2"})
    assert application.shipments.count() == 2
    assert _totals(application)["cement"] == {"approved": 5, "dispatched": 5, "received": 0,
                                              "to_dispatch": 0, "shortfall": 5}

    head = client_for("head.karm")
    first, second = application.shipments.order_by("number")
    shipped = {line.line.material.code: line for line in first.lines.select_related(
        "line__material")}
    head.post(f"/supply/applications/{application.pk}/shipments/{first.pk}/receipt/", {
        f"received_{shipped['cement'].pk}": "2", f"received_{shipped['excavator'].pk}": "1"})
    second_line = second.lines.get()
    head.post(f"/supply/applications/{application.pk}/shipments/{second.pk}/receipt/", {
        f"received_{second_line.pk}": "2"})
    assert _totals(application)["cement"]["received"] == 4
    assert _totals(application)["cement"]["shortfall"] == 1
    page = head.get(f"/supply/applications/{application.pk}/").content.decode()
    assert 'class="returns-shortfall"><bdi>1</bdi>' in page

    response = head.post(f"/supply/applications/{application.pk}/shortfall/")
    supplement = SupplyApplication.objects.get(supplements=application)
    assert response["Location"] == f"/supply/applications/{supplement.pk}/edit/"
    assert supplement.status == "draft"
    assert [(line.material.code, line.quantity) for line in supplement.lines.all()] == [
        ("cement", 1)]


def test_receipt_cannot_exceed_what_was_dispatched(client_for, approved):
    application = approved(lines=(("cement", "Karm al-Jazmati school", "5"),
                                  ("excavator", "Karm al-Jazmati school", "1")))
    cement = application.lines.get(material__code="cement")
    client_for("logistics").post(f"/supply/applications/{application.pk}/dispatch/",
                                 {f"dispatch_{cement.pk}": "3"})
    shipment = application.shipments.get()
    line = shipment.lines.get()
    page = client_for("head.karm").post(
        f"/supply/applications/{application.pk}/shipments/{shipment.pk}/receipt/",
        {f"received_{line.pk}": "4"}, follow=True).content.decode()
    assert "received between 0 and 3" in page
    shipment.refresh_from_db()
    assert shipment.received_at is None


def test_what_is_still_on_its_way_is_not_short(client_for, approved):
    application = approved(lines=(("cement", "Karm al-Jazmati school", "5"),
                                  ("excavator", "Karm al-Jazmati school", "1")))
    cement = application.lines.get(material__code="cement")
    logistics = client_for("logistics")
    url = f"/supply/applications/{application.pk}/dispatch/"
    logistics.post(url, {f"dispatch_{cement.pk}": "3"})
    logistics.post(url, {f"dispatch_{cement.pk}": "NaN"})  # not a number: refused, no 500
    first = application.shipments.get()
    line = first.lines.get()
    client_for("head.karm").post(
        f"/supply/applications/{application.pk}/shipments/{first.pk}/receipt/",
        {f"received_{line.pk}": "2"})
    client_for("logistics").post(url, {f"dispatch_{cement.pk}": "2"})  # in transit
    client_for("head.karm").post(f"/supply/applications/{application.pk}/shortfall/")
    supplement = SupplyApplication.objects.get(supplements=application)
    assert [(line.material.code, line.quantity) for line in supplement.lines.all()] == [
        ("cement", 1)]
