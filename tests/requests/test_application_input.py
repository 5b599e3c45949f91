"""Filing an application through its page: drafts as you go, every problem at once,
nothing stored half-way, messages in the applicant's language."""

import pytest

from approvals.models import User
from requests.models import Material, Site, SupplyApplication


@pytest.fixture
def khusham(client_for):
    return client_for("head.khusham")


def _line(index, material="", site="", quantity="", unit="", note=""):
    prefix = f"lines-{index}-"
    return {prefix + "material": material, prefix + "site": site, prefix + "quantity": quantity,
            prefix + "unit": unit, prefix + "note": note}


def _post(client, url, lines, purpose="Overhaul of the bakery.", action="save", **extra):
    data = {"lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000",
            "purpose": purpose, "supplements": extra.pop("supplements", ""), action: "1"}
    for index, line in enumerate(lines):
        data.update(_line(index, **line))
    return client.post(url, data)


def _ids(material, site):
    material = Material.objects.get(code=material)
    return {"material": str(material.pk), "unit": material.unit,
            "site": str(Site.objects.get(name=site).pk)}


def test_a_draft_is_saved_as_you_go_and_submitted_when_ready(khusham):
    response = _post(khusham, "/supply/applications/new/", [
        {**_ids("cement", "Khusham bakery"), "quantity": "22"},
    ], purpose="")
    application = SupplyApplication.objects.get()
    assert response.status_code == 302 and application.status == "draft"
    assert application.lines.get().quantity == 22

    response = _post(khusham, f"/supply/applications/{application.pk}/edit/", [
        {**_ids("cement", "Khusham bakery"), "quantity": "22"},
        {**_ids("tubes-water-sewer", "Khusham water pump station"), "quantity": "87"},
    ], action="submit")
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == "in_review" and application.revision == 1
    assert application.lines.count() == 2


def test_submission_lists_every_problem_at_once_and_stores_nothing(khusham):
    _post(khusham, "/supply/applications/new/", [
        {**_ids("cement", "Khusham bakery"), "quantity": "22"}])
    application = SupplyApplication.objects.get()
    response = _post(khusham, f"/supply/applications/{application.pk}/edit/", [
        {**_ids("cement", "Khusham bakery"), "quantity": "0"},
        {**_ids("lumber", "House, Al-Jami' street 14"), "quantity": "-3"},
        {**_ids("electric-cable", "Khusham bakery"), "quantity": "9999999"},
        {**_ids("duralumin-window", "House, Al-Jami' street 14"), "quantity": "2",
         "unit": "kg"},
        {**_ids("welder", "Al-Tabiyah primary school"), "quantity": "1"},
        {**_ids("tubes-water-sewer", "Khusham bakery"), "quantity": "12", "note": "pipe\x07"},
        {**_ids("dump-truck", "Khusham bakery"), "quantity": "1.5"},
    ], purpose="Bakery \u202eoverhaul", action="submit")
    page = response.content.decode()
    assert response.status_code == 200
    for message in [
        "The purpose contains control characters",
        "Line 1: the quantity must be more than zero.",
        "Line 2: the quantity must be more than zero.",
        "Line 3: 9999999 m of Electric cable is more than one application can ask for",
        "Line 4: Duralumin window is counted in pieces, not kg.",
        "Line 5: choose a site of Khusham.",
        "Line 6: the note contains control characters.",
        "Line 7: Dump truck is counted in whole units.",
    ]:
        assert message in page, message
    application.refresh_from_db()
    assert application.status == "draft" and application.purpose == "Overhaul of the bakery."
    assert [(line.material.code, line.quantity) for line in application.lines.all()] == [
        ("cement", 22)]


def test_a_supplement_must_be_of_the_same_town(khusham, file_application):
    other_town = file_application(town="Al-Tabiyah", lines=[
        ("cement", "Al-Tabiyah primary school", "3")])
    response = _post(khusham, "/supply/applications/new/", [
        {**_ids("cement", "Khusham bakery"), "quantity": "5"}], supplements=str(other_town.pk))
    assert response.status_code == 200
    assert ("An application can only supplement an earlier one of the same town."
            in response.content.decode())
    assert not SupplyApplication.objects.filter(town__name_en="Khusham").exists()


def test_the_service_refuses_a_supplement_of_another_town(demo, file_application, person):
    from requests.services import save_draft

    other_town = file_application(town="Al-Tabiyah", lines=[
        ("cement", "Al-Tabiyah primary school", "3")])
    head = person("head.khusham")
    application, problems = save_draft(
        actor=head, town=head.memberships.get().organisation.town, purpose="x",
        supplements_id=other_town.pk, lines=[])
    assert application is None
    assert problems == ["An application can only supplement an earlier one of the same town."]


def test_problems_are_listed_in_the_applicants_language(khusham):
    User.objects.filter(username="head.khusham").update(language="ar")
    response = _post(khusham, "/supply/applications/new/", [
        {**_ids("cement", "Khusham bakery"), "quantity": "0"}], action="submit")
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "the quantity must be more than zero" not in page
    assert not SupplyApplication.objects.exists()


def test_another_towns_application_answers_404_everywhere(client_for, file_application):
    application = file_application()  # Karm al-Jazmati
    khusham = client_for("head.khusham")
    for url in [f"/supply/applications/{application.pk}/",
                f"/supply/applications/{application.pk}/edit/"]:
        assert khusham.get(url).status_code == 404
    assert application.number not in khusham.get("/supply/applications/").content.decode()
    found = khusham.get("/supply/applications/", {"q": application.number}).content.decode()
    assert f"/supply/applications/{application.pk}/" not in found and "No applications." in found
    assert "Karm al-Jazmati" not in khusham.get("/supply/totals/").content.decode()


@pytest.mark.parametrize("username", ["observer", "reception.salhiyah", "duty.officer",
                                      "mfa.official"])
def test_roles_without_business_with_applications_are_refused(client_for, file_application,
                                                              username):
    application = file_application()
    client = client_for(username)
    assert client.get("/supply/applications/").status_code == 403
    assert client.get(f"/supply/applications/{application.pk}/").status_code == 403
