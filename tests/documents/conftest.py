import pytest

from documents.models import Document

PASSWORD = "returns-demo-2026"
HEAVY = (("excavator", "Karm al-Jazmati school", "1"), ("cement", "Karm al-Jazmati school", "5"))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def approved(file_application, open_task, person):
    """An application with heavy equipment approved through review, JCC and logistics:
    its delivery order embeds the review's and the JCC's signed decision records."""
    from workflows.services import decide_task, full_approval

    def approve(lines=HEAVY, town="Karm al-Jazmati"):
        application = file_application(town=town, lines=lines)
        for step, username in (("technical_review", "ministry.official"),
                               ("coordination_approval", "jcc.officer"),
                               ("logistics_check", "logistics")):
            task = open_task(application, step)
            decide_task(task=task, actor=person(username), outcome="approved",
                        verdicts=full_approval(task), password=PASSWORD)
        application.refresh_from_db()
        return application

    return approve


@pytest.fixture
def order(approved):
    application = approved()
    return Document.objects.get(application=application, kind=Document.Kind.DELIVERY_ORDER)
