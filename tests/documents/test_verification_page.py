"""The public /verify/ pages: no log-in, the document's status and hash, and a verdict
on any uploaded PDF."""

from django.core.files.uploadedfile import SimpleUploadedFile


def _bytes(document):
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_qr_address_shows_what_the_document_is_without_log_in(client, order):
    response = client.get(f"/verify/{order.verification_id}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert order.title in page and order.sha256 in page and "Valid" in page
    assert "Yusuf Ibrahim" in page
    assert client.get("/verify/not-a-document/").status_code == 404


def test_uploading_the_order_gives_a_valid_verdict(client, order):
    response = client.post("/verify/", {"file": SimpleUploadedFile("order.pdf", _bytes(order))})
    page = response.content.decode()
    assert "Valid: every signature is intact" in page
    assert "This is the file we issued as" in page
    assert page.count("Rania Saleh") >= 1 and "Ivan Petrov" in page  # embedded records


def test_uploading_a_changed_copy_gives_not_valid(client, order):
    data = bytearray(_bytes(order))
    data[data.index(b"/Type /Page") + 40] ^= 1
    page = client.post("/verify/", {"file": SimpleUploadedFile("order.pdf", bytes(data))}
                       ).content.decode()
    assert "Not valid." in page and "This is the file we issued as" not in page


def test_a_file_that_is_not_a_pdf_gets_a_clear_verdict(client, db):
    from documents.certificates import ensure_authority_and_service

    ensure_authority_and_service()
    page = client.post("/verify/", {"file": SimpleUploadedFile("x.pdf", b"hello")}
                       ).content.decode()
    assert "Not valid." in page and "not a readable PDF" in page


def test_the_record_page_shows_a_revoked_signers_documents_no_longer_verify(client, order):
    from documents import pki
    from documents.models import SigningCertificate

    assert "its signatures verify today" in client.get(
        f"/verify/{order.verification_id}/").content.decode()
    pki.revoke(certificate=SigningCertificate.objects.get(person__username="logistics"),
               reason="key compromise")
    page = client.get(f"/verify/{order.verification_id}/").content.decode()
    assert "its signatures no longer verify" in page and "revoked" in page
