"""Files on an application: validated by their bytes and size, served only to people
with authority over the application."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from approvals.models import HistoryEvent

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def application(file_application):
    return file_application()


def _upload(client, application, name, content):
    return client.post(f"/supply/applications/{application.pk}/attachments/",
                       {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_a_pdf_is_attached_recorded_and_served_to_those_with_authority(client_for, application,
                                                                       settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    head = client_for("head.karm")
    page = _upload(head, application, "bill of quantities.pdf", PDF).content.decode()
    assert "File attached." in page and "bill of quantities.pdf" in page
    attachment = application.attachments.get()
    assert application.history.filter(kind=HistoryEvent.Kind.ATTACHED).exists()
    url = f"/supply/applications/{application.pk}/attachments/{attachment.pk}/"

    for username in ("head.karm", "ministry.official"):
        response = client_for(username).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    assert client_for("head.khusham").get(url).status_code == 404
    assert client_for("observer").get(url).status_code == 403


def test_a_program_renamed_pdf_is_refused(client_for, application, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = _upload(client_for("head.karm"), application, "invoice.pdf",
                   b"MZ\x90\x00 this is an executable").content.decode()
    assert "Only PDF, PNG and JPEG files can be attached." in page
    assert not application.attachments.exists()
    assert not list(tmp_path.rglob("*.bin"))


@override_settings(RETURNS_ATTACHMENT_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused(client_for, application, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = _upload(client_for("head.karm"), application, "scan.pdf",
                   PDF + b"0" * 2048).content.decode()
    assert "The file is too large" in page
    assert not application.attachments.exists()
