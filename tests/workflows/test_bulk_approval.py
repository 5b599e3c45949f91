"""Bulk approval from the queue: a job, a result per application, never half of one."""

from approvals.models import Decision
from workflows.models import BulkJob

KARM = (("cement", "Karm al-Jazmati school", "5"), ("lumber", "Karm al-Jazmati school", "30"))


def test_bulk_approval_reports_a_result_per_application(client_for, file_application, open_task,
                                                        django_capture_on_commit_callbacks):
    first = file_application(lines=KARM)
    second = file_application(town="Khusham", lines=[("cement", "Khusham bakery", "22")])
    third = file_application(town="Al-Tabiyah",
                             lines=[("cement", "Al-Tabiyah primary school", "3")])
    tasks = [open_task(application, "technical_review") for application in (first, second, third)]
    supervisor = client_for("ministry.supervisor")
    # Someone else claims the third one before the job reaches it.
    client_for("ministry.official").post(f"/work/tasks/{tasks[2].pk}/", {"action": "claim"})

    official = supervisor  # the one who selects them
    with django_capture_on_commit_callbacks(execute=True):
        response = official.post("/work/tasks/bulk-approve/",
                                 {"tasks": [str(task.pk) for task in tasks],
                                  "comment": "Standard materials.",
                                  "password": "returns-demo-2026"})
    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/work/jobs/{job.pk}/"
    # The third was no longer in this official's queue when the job was made.
    assert job.items.count() == 2
    page = official.get(f"/work/jobs/{job.pk}/").content.decode()
    assert "Finished" in page and page.count('class="returns-job-item"') == 2
    assert f"{first.number}</bdi></a></td><td>Karm al-Jazmati</td>" in page
    assert {item.task_id: item.ok for item in job.items.all()} == {tasks[0].pk: True,
                                                                   tasks[1].pk: True}
    for application in (first, second):
        application.refresh_from_db()
        assert application.status == "approved"
    third.refresh_from_db()
    assert third.status == "in_review"


def test_a_failing_application_in_a_bulk_job_leaves_no_trace_and_others_go_on(
        client_for, file_application, open_task, person, organisation,
        django_capture_on_commit_callbacks):
    from approvals import services as approvals_services
    from approvals.roles import Role

    official = person("ministry.official")
    first = file_application(lines=KARM)
    # The official is also a local head of Khusham and files the second: not theirs to decide.
    approvals_services.add_membership(person=official, organisation=organisation("town-khusham"),
                                      role=Role.LOCAL_HEAD)
    from requests.models import Material, Site
    from requests.services import save_draft
    from requests.validation import LineInput
    from workflows.services import submit_application
    site = Site.objects.get(name="Khusham bakery")
    second, _ = save_draft(actor=official, town=site.town, purpose="Bakery", supplements_id=None,
                           lines=[LineInput(material=str(Material.objects.get(code="cement").pk),
                                            site=str(site.pk), quantity="4", unit="m3")])
    submit_application(application=second, actor=official)
    tasks = [open_task(first, "technical_review"), open_task(second, "technical_review")]
    with django_capture_on_commit_callbacks(execute=True):
        client_for("ministry.official").post("/work/tasks/bulk-approve/",
                                             {"tasks": [str(task.pk) for task in tasks],
                                              "password": "returns-demo-2026"})
    job = BulkJob.objects.get()
    results = {item.task_id: (item.ok, item.message) for item in job.items.all()}
    assert results[tasks[0].pk] == (True, "")
    assert results[tasks[1].pk] == (False, "Nobody may decide on their own application.")
    assert not Decision.objects.filter(application=second).exclude(step="correction").exists()
    second.refresh_from_db()
    assert second.status == "in_review"
    tasks[1].refresh_from_db()
    assert tasks[1].status == "NEW" and tasks[1].owner is None


def test_a_bulk_approval_signs_each_decision_with_the_officials_key_once_unlocked(
        client_for, file_application, open_task, django_capture_on_commit_callbacks, settings,
        tmp_path):
    from documents.models import Document
    from documents.verification import verify

    settings.MEDIA_ROOT = tmp_path
    applications = [file_application(lines=KARM) for _ in range(2)]
    tasks = [open_task(application, "technical_review") for application in applications]
    official = client_for("ministry.official")
    response = official.post("/work/tasks/bulk-approve/", {
        "tasks": [str(task.pk) for task in tasks], "password": "wrong"}, follow=True)
    assert "the password does not unlock your signing key" in response.content.decode()
    assert not BulkJob.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        official.post("/work/tasks/bulk-approve/", {
            "tasks": [str(task.pk) for task in tasks], "password": "returns-demo-2026"})
    for application in applications:
        record = Document.objects.get(application=application, kind="decision_record")
        with record.file.open("rb") as handle:
            verdict = verify(handle.read())
        assert verdict.valid and verdict.signatures[0].signer == "Rania Saleh"
        assert Document.objects.filter(application=application, kind="delivery_order").exists()
    from django.core.cache import cache
    assert cache.get(f"bulk-job:{BulkJob.objects.get().pk}") is None  # the grant is gone
