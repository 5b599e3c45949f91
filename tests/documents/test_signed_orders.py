"""A delivery order verifies from the one file: the service's certification, the final
approver's signature and one signed decision record per earlier step; any change, any
appended content, any revoked certificate makes it invalid."""

import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from documents import pki
from documents.models import Document, DocumentIsImmutable, SigningCertificate
from documents.verification import verify

from .conftest import PASSWORD


def _bytes(document):
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_order_verifies_with_every_signature_and_embedded_record(order):
    verdict = verify(_bytes(order))
    assert verdict.valid, verdict.lines()
    assert [(s.field, s.signer) for s in verdict.signatures] == [
        ("Certification", "Returns and Reconstruction issuing service"),
        ("Approval", "Yusuf Ibrahim")]
    assert sorted((record.signatures[0].signer, record.valid) for record in verdict.embedded) == [
        ("Ivan Petrov", True), ("Rania Saleh", True)]
    assert order.status == "valid" and len(order.sha256) == 64


def test_every_decision_has_its_own_signed_record(order):
    records = Document.objects.filter(application=order.application,
                                      kind=Document.Kind.DECISION_RECORD)
    assert records.count() == 3
    for record in records:
        verdict = verify(_bytes(record))
        assert verdict.valid and len(verdict.signatures) == 1


def test_one_changed_byte_is_invalid(order):
    data = bytearray(_bytes(order))
    position = data.index(b"/Type /Page") + 40
    data[position] = ord("X") if data[position] != ord("X") else ord("Y")
    assert not verify(bytes(data)).valid


def test_content_appended_after_the_last_signature_is_invalid(order):
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, NumberObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    # A later revision that turns the first page: not form filling.
    writer = IncrementalPdfFileWriter(BytesIO(_bytes(order)))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Rotate")] = NumberObject(90)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    verdict = verify(out.getvalue())
    assert not verdict.valid
    assert any("changed after" in problem or "whole file" in problem
               for signature in verdict.signatures for problem in signature.problems)


def test_a_revoked_certificate_makes_its_documents_invalid_and_signs_nothing(order, person,
                                                                              file_application,
                                                                              open_task):
    certificate = pki.current_certificate(person("logistics"))
    pki.revoke(certificate=certificate, reason="key compromise")
    verdict = verify(_bytes(order))
    assert not verdict.valid
    assert any("revoked" in problem for signature in verdict.signatures
               for problem in signature.problems)

    from workflows.services import ActionRefused, decide_task, full_approval
    application = file_application(lines=(("cement", "Karm al-Jazmati school", "5"),))
    official = person("ministry.official")
    pki.revoke(certificate=pki.current_certificate(official), reason="left the ministry")
    task = open_task(application, "technical_review")
    with pytest.raises(ActionRefused, match="no valid signing certificate"):
        decide_task(task=task, actor=official, outcome="approved",
                    verdicts=full_approval(task), password=PASSWORD)
    assert not application.decisions.exists()


def test_a_wrong_password_records_nothing(file_application, open_task, person):
    from workflows.services import ActionRefused, decide_task, full_approval

    application = file_application(lines=(("cement", "Karm al-Jazmati school", "5"),))
    task = open_task(application, "technical_review")
    with pytest.raises(ActionRefused, match="password does not unlock"):
        decide_task(task=task, actor=person("ministry.official"), outcome="approved",
                    verdicts=full_approval(task), password="guess")
    assert not application.decisions.exists() and not Document.objects.exists()
    task.refresh_from_db()
    assert task.status == "NEW"


def test_documents_are_immutable_and_issued_once(order):
    from documents.services import issue_delivery_order
    from documents.signing import unlock_official

    order.title = "Forged"
    with pytest.raises(DocumentIsImmutable):
        order.save()
    again = issue_delivery_order(application=order.application,
                                 final_decision=order.application.decisions.last(),
                                 signer=unlock_official(order.application.decisions.last()
                                                        .decided_by, PASSWORD))
    assert again.pk == order.pk
    assert Document.objects.filter(kind="delivery_order").count() == 1


def test_qpdf_finds_the_order_clean(order, tmp_path):
    path = tmp_path / "order.pdf"
    path.write_bytes(_bytes(order))
    result = subprocess.run(["qpdf", "--check", str(path)],  # noqa: S603, S607
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_arabic_text_is_extractable_in_logical_order(approved, tmp_path):
    application = approved(town="Khusham", lines=(("excavator", "Khusham bakery", "1"),
                                                  ("cement", "Khusham bakery", "5")))
    order = Document.objects.get(application=application, kind="delivery_order")
    assert order.language == "ar"
    path = tmp_path / "order.pdf"
    path.write_bytes(_bytes(order))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"],  # noqa: S603, S607
                          capture_output=True, text=True, check=True).stdout
    for phrase in ("أمر تسليم", "الإدارة المحلية في خشام", "حفارة", "إسمنت"):
        assert phrase in text, phrase


def test_private_keys_are_encrypted_files_never_in_the_database(order, settings):
    from pathlib import Path

    for certificate in SigningCertificate.objects.exclude(key_file=""):
        key = (Path(settings.DOCUMENTS_KEY_DIR) / certificate.key_file).read_bytes()
        assert key.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        assert b"PRIVATE KEY" not in certificate.certificate_pem.encode()


def test_verify_pdf_on_the_command_line(order, tmp_path):
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(_bytes(order))
    data = bytearray(_bytes(order))
    data[data.index(b"/Type /Page") + 40] ^= 1
    bad.write_bytes(bytes(data))
    out = StringIO()
    call_command("verify_pdf", str(good), stdout=out)
    assert "good.pdf: VALID" in out.getvalue() and "Yusuf Ibrahim" in out.getvalue()
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_pdf", str(bad), stdout=StringIO())
    assert exit_status.value.code == 1


def test_changing_the_password_re_encrypts_the_signing_key(client_for, person,
                                                           django_capture_on_commit_callbacks):
    client = client_for("ministry.official")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_change/", {
            "old_password": PASSWORD, "new_password1": "A-new-long-password-2026",
            "new_password2": "A-new-long-password-2026"})
    assert response.status_code == 302
    from documents.signing import SigningRefused, unlock_official
    official = person("ministry.official")
    assert unlock_official(official, "A-new-long-password-2026")
    with pytest.raises(SigningRefused):
        unlock_official(official, PASSWORD)
