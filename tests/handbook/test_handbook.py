"""The Handbook on Repatriation: authored in three languages, reviewed by the JCC,
published as signed PDFs with a version number, superseded but never deleted."""

import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import Organisation, User
from documents import handbook
from documents.models import Document, HandbookSection, HandbookVersion
from documents.verification import verify

TEXT = {
    "en": ("Before you travel", "Register at an embassy.\n\n## Documents\n- Passport\n- Family book"
                                "\n\n| Document | Use |\n| Passport | Identity |"),
    "ar": ("قبل السفر", "سجّل في إحدى السفارات.\n\n## الوثائق\n- جواز السفر\n- دفتر العائلة"),
    "ru": ("Перед поездкой", "Зарегистрируйтесь в посольстве.\n\n- Паспорт"),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _user(name):
    return User.objects.get(username=name)


@pytest.fixture
def written(demo):
    author = _user("mfa.official")
    section = handbook.add_section(actor=author, key="before-you-travel")
    for language, (title, body) in TEXT.items():
        handbook.save_text(actor=author, section=section, language=language, title=title,
                           body=body)
    return section


def _publish():
    version = handbook.submit(actor=_user("mfa.official"))
    return handbook.approve(version=version, actor=_user("jcc.officer"))


def test_only_safe_formatting_is_accepted(written):
    with pytest.raises(ValidationError, match="simple formatting only"):
        handbook.save_text(actor=_user("mfa.official"), section=written, language="en",
                           title="x", body="<script>alert(1)</script>")
    with pytest.raises(PermissionDenied):
        handbook.save_text(actor=_user("jcc.officer"), section=written, language="en",
                           title="x", body="y")


def test_missing_and_out_of_step_translations_are_shown(written, client_for):
    author = _user("mfa.official")
    other = handbook.add_section(actor=author, key="documents")
    handbook.save_text(actor=author, section=other, language="en", title="Documents",
                       body="Bring them.")
    with pytest.raises(ValidationError, match="has no Arabic text"):
        handbook.submit(actor=author)
    page = client_for("mfa.official").get("/directory/handbook/").content.decode()
    assert "no translation" in page
    for language in ("ar", "ru"):
        handbook.save_text(actor=author, section=other, language=language, title="—",
                           body="…")
    _publish()
    handbook.save_text(actor=author, section=written, language="en", title="Before you travel",
                       body="Register at an embassy first.")
    row = next(row for row in handbook.draft_status() if row["section"] == written)
    assert row["out_of_step"] == ["en"]
    assert "changed only in" in client_for("mfa.official").get(
        "/directory/handbook/").content.decode()


def test_review_comments_return_and_publication(written):
    author, reviewer = _user("mfa.official"), _user("jcc.officer")
    version = handbook.submit(actor=author)
    with pytest.raises(ValidationError, match="comment on the sections first"):
        handbook.return_for_changes(version=version, actor=reviewer)
    handbook.comment(version=version, section=written, author=reviewer,
                     text="Say where to register in Jordan.")
    handbook.return_for_changes(version=version, actor=reviewer)
    version.refresh_from_db()
    assert version.status == "returned"
    with pytest.raises(PermissionDenied):
        handbook.approve(version=version, actor=author)
    handbook.save_text(actor=author, section=written, language="en", title="Before you travel",
                       body="Register at an embassy, in Amman or in Beirut.")
    version = handbook.submit(actor=author)
    published = handbook.approve(version=version, actor=reviewer)
    assert (published.number, published.status) == (1, "published")
    documents = list(published.documents.order_by("language"))
    assert [document.language for document in documents] == ["ar", "en", "ru"]
    for document in documents:
        with document.file.open("rb") as handle:
            verdict = verify(handle.read())
        assert verdict.valid and verdict.signatures[0].signer.startswith("Returns and")
    english = next(document for document in documents if document.language == "en")
    assert "in Amman or in Beirut" in _text(english)


def _text(document):
    with document.file.open("rb") as handle:
        return subprocess.run(["pdftotext", "-", "-"], input=handle.read(),  # noqa: S603, S607
                              capture_output=True, check=True).stdout.decode()


def test_a_new_version_supersedes_the_old_which_stays(written, client):
    first = _publish()
    handbook.save_text(actor=_user("mfa.official"), section=written, language="ru",
                       title="Перед поездкой", body="Зарегистрируйтесь в посольстве заранее.")
    second = _publish()
    first.refresh_from_db()
    assert (first.status, second.number) == ("superseded", 2)
    assert set(first.documents.values_list("status", flat=True)) == {"superseded"}
    page = client.get("/handbook/").content.decode()
    assert "Version 2" in page and "Version 1" in page and "Superseded" in page
    for document in second.documents.all():
        assert document.sha256 in page and document.get_absolute_url() in page
    old = first.documents.get(language="ar")
    response = client.get("/handbook/1/ar/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert "Superseded" in client.get(old.get_absolute_url()).content.decode()


def test_the_arabic_handbook_extracts_shaped_in_logical_order(written):
    version = _publish()
    text = _text(version.documents.get(language="ar"))
    assert "دليل العودة إلى الوطن" in text
    assert "سجّل في إحدى السفارات" in text or "سجل في إحدى السفارات" in text
    assert not any("\ufb50" <= char <= "\ufeff" for char in text), "presentation forms"


def test_distribution_and_who_holds_a_superseded_version(written, client_for):
    author = _user("mfa.official")
    first = _publish()
    cp = Organisation.objects.get(code="cp-salhiyah")
    sent = handbook.send(actor=author, version=first, recipient=cp, language="ar", copies=300)
    with pytest.raises(PermissionDenied):
        handbook.acknowledge(actor=_user("head.khusham"), distribution=sent)
    client_for("reception.salhiyah").post("/directory/handbook/", {
        "action": "acknowledge", "distribution": str(sent.pk)})
    sent.refresh_from_db()
    assert sent.acknowledged_by.username == "reception.salhiyah"
    handbook.save_text(actor=author, section=written, language="ar", title="قبل السفر",
                       body="سجّل في السفارة قبل السفر بأسبوع.")
    _publish()
    holders = handbook.holders_of_superseded()
    assert [(d.recipient.code, d.version.number) for d in holders] == [("cp-salhiyah", 1)]
    page = client_for("jcc.officer").get("/directory/handbook/").content.decode()
    assert "Still holding a superseded version" in page
    assert "Reception office, Salhiyah: v1" in page


def test_a_declaration_records_the_version_and_language_offered(written):
    from approvals.models import Checkpoint, Town
    from requests.returns import MemberInput, register_case
    from workflows import returns as case_flow

    version = _publish()
    officer = _user("reception.salhiyah")
    case = register_case(officer=officer, checkpoint=Checkpoint.objects.get(name_en="Salhiyah"),
                         destination=Town.objects.get(name_en="Khusham"), country_from="TR",
                         language="ru", members=[MemberInput("Ivan Jasim", "M", 1980, "head")])
    declaration = case_flow.declare(case=case, officer=officer, method="in_person",
                                    language="ru", handbook_offered=True)
    assert (declaration.handbook_version, declaration.handbook_language) == (version, "ru")
    assert declaration.document.data["handbook_version"] == 1


def test_sections_keep_their_history(written):
    first = _publish()
    assert HandbookSection.objects.count() == 1
    assert HandbookVersion.objects.get(pk=first.pk).snapshot["before-you-travel"]["en"][
        "title"] == "Before you travel"
    assert Document.objects.filter(kind="handbook").count() == 3
