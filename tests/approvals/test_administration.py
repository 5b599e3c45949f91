"""Thresholds and heavy equipment are data an administrator changes in the admin."""

from decimal import Decimal

from approvals.models import ApprovalPolicy
from requests.models import Material


def test_the_administrator_raises_the_threshold_and_it_is_in_force(client_for, demo):
    admin = client_for("admin")
    assert admin.get("/admin/approvals/approvalpolicy/add/").status_code == 200
    response = admin.post("/admin/approvals/approvalpolicy/add/",
                          {"coordination_threshold": "125000", "currency": "USD"})
    assert response.status_code == 302
    assert ApprovalPolicy.objects.latest().coordination_threshold == Decimal("125000")


def test_the_administrator_decides_what_is_heavy_equipment(client_for, demo, file_application,
                                                           open_task):
    cement = Material.objects.get(code="cement")
    admin = client_for("admin")
    page = admin.get(f"/admin/requests/material/{cement.pk}/change/")
    assert page.status_code == 200
    data = {field: getattr(cement, field) for field in
            ("code", "name_en", "name_ar", "name_ru", "category", "unit", "unit_price",
             "max_quantity_per_line")}
    response = admin.post(f"/admin/requests/material/{cement.pk}/change/",
                          {**data, "is_heavy_equipment": "on", "is_active": "on"})
    assert response.status_code == 302
    application = file_application(lines=[("cement", "Karm al-Jazmati school", "5")])
    from approvals.models import User
    from workflows.services import decide_task, full_approval
    task = open_task(application, "technical_review")
    decide_task(task=task, actor=User.objects.get(username="ministry.official"),
                outcome="approved", verdicts=full_approval(task), password="returns-demo-2026")
    assert open_task(application, "coordination_approval")


def test_nobody_else_reaches_the_admin(client_for, demo):
    assert client_for("ministry.official").get("/admin/").status_code == 302
    assert client_for("admin").get("/admin/approvals/historyevent/").status_code == 200
    assert client_for("admin").get("/admin/approvals/historyevent/add/").status_code == 403
