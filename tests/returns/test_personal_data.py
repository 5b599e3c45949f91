"""Each role sees exactly what it should of a returnee case: seeded marker values never
appear in other roles' pages, and every view is logged."""

import pytest
from django.db import connection

from approvals.models import User
from requests import returns
from requests.models import MedicalNote, PersonalDataAccess

from .conftest import ID_MARKER, MEDICAL_MARKER

NAME = "Samira Jasim"


@pytest.fixture
def case(declared):
    case = declared()
    returns.add_medical_note(case=case, officer=User.objects.get(username="medical.salhiyah"),
                             text=MEDICAL_MARKER)
    return case


def _page(client, case):
    response = client.get(f"/returns/cases/{case.pk}/")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("username, name, id_number, medical", [
    ("reception.salhiyah", True, True, False),
    ("medical.salhiyah", True, False, True),
    ("head.khusham", True, False, False),
    ("jcc.officer", True, False, False),
    ("duty.officer", True, False, False),
])
def test_each_role_sees_what_it_needs(client_for, case, username, name, id_number, medical):
    status, page = _page(client_for(username), case)
    assert status == 200
    assert (NAME in page) is name
    assert (ID_MARKER in page) is id_number
    assert (MEDICAL_MARKER in page) is medical
    assert f'class="returns-size">{case.members.count()}</bdi>' in page


@pytest.mark.parametrize("username", ["observer", "head.tabiyah", "reception.lebanon",
                                      "ministry.official", "logistics", "mfa.official"])
def test_others_get_nothing_of_the_case(client_for, case, username):
    client = client_for(username)
    status, page = _page(client, case)
    assert status in (403, 404)
    for url in ("/returns/cases/", "/returns/counts/", "/returns/reports/", "/work/home/",
                "/directory/notifications/"):
        text = client.get(url).content.decode()
        assert NAME not in text and ID_MARKER not in text and MEDICAL_MARKER not in text


def test_observers_see_counts_only(client_for, case):
    client = client_for("observer")
    assert client.get("/returns/cases/").status_code == 403
    page = client.get("/returns/counts/").content.decode()
    assert "Salhiyah" in page and NAME not in page


def test_no_marker_in_documents_of_the_case(case):
    from documents.models import Document

    for document in Document.objects.filter(case=case):
        data = document.file.read()
        assert ID_MARKER.encode() not in data and MEDICAL_MARKER.encode() not in data
        assert ID_MARKER not in str(document.data) and MEDICAL_MARKER not in str(document.data)


def test_id_numbers_and_medical_notes_are_ciphertext_at_rest(case):
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM requests_identitydocument")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT text FROM requests_medicalnote")
        notes = [row[0] for row in cursor.fetchall()]
    assert stored and all(ID_MARKER not in value and value.startswith("gAAAAA") for value in stored)
    assert notes and all(MEDICAL_MARKER not in value for value in notes)
    assert MedicalNote.objects.get().text == MEDICAL_MARKER


def test_keys_rotate(case, settings):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old = settings.PERSONAL_DATA_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_personal_data_keys", stdout=out)
    assert "identity documents: 1 re-encrypted" in out.getvalue()
    settings.PERSONAL_DATA_KEYS = [new]  # the old key is gone: data still reads
    assert MedicalNote.objects.get().text == MEDICAL_MARKER
    assert case.members.get(relationship="head").documents.get().number == ID_MARKER


def test_every_view_is_logged_and_the_log_needs_its_own_permission(client_for, case):
    client_for("reception.salhiyah").get(f"/returns/cases/{case.pk}/")
    client_for("head.khusham").get(f"/returns/cases/{case.pk}/")
    assert list(PersonalDataAccess.objects.filter(case=case).order_by("pk").values_list(
        "person__username", "what")) == [("reception.salhiyah", "case"), ("head.khusham", "case")]
    assert client_for("reception.salhiyah").get("/returns/access_log/").status_code == 403
    assert client_for("jcc.officer").get("/returns/access_log/").status_code == 403
    page = client_for("admin").get("/returns/access_log/").content.decode()
    assert case.number in page and "Lina Darwish" in page


def test_no_personal_data_in_urls_or_notifications(case):
    from approvals.models import Notification

    assert NAME not in case.get_absolute_url()
    for notification in Notification.objects.all():
        assert NAME not in notification.subject + notification.url
        assert ID_MARKER not in notification.subject + notification.body


def test_the_declaration_to_sign_prints_in_the_returnees_language(client_for, case):
    response = client_for("reception.salhiyah").get(
        f"/returns/cases/{case.pk}/declaration/?language=ru")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert client_for("head.khusham").get(
        f"/returns/cases/{case.pk}/declaration/").status_code == 403


def test_error_reports_carry_no_personal_data(rf):
    from django.views.debug import ExceptionReporter

    request = rf.post("/returns/cases/new/", {"name_0": NAME, "doc_number_0": ID_MARKER})
    member_name = NAME  # a local variable in the failing frame
    try:
        raise RuntimeError(f"boom {len(member_name)}")
    except RuntimeError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        text = report.get_traceback_text()
    assert NAME not in text and ID_MARKER not in text
