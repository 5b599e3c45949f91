"""Deadlines: a reminder before, an escalation after, from the background sweep that
`make run` starts (here run from the command line, as the loop runs it)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from approvals.models import HistoryEvent
from workflows.models import TaskDeadline

KARM = (("cement", "Karm al-Jazmati school", "5"),)


def _sweep():
    out = StringIO()
    call_command("sweep", stdout=out)
    return out.getvalue()


def test_each_task_gets_the_deadline_of_its_step(file_application, open_task):
    application = file_application(lines=KARM)
    deadline = open_task(application, "technical_review").deadline
    assert timedelta(hours=71) < deadline.due_at - timezone.now() <= timedelta(hours=72)
    assert deadline.due_at - deadline.remind_at == timedelta(hours=24)


def test_the_assignee_is_reminded_before_the_deadline(client_for, file_application, open_task,
                                                      person):
    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    client_for("ministry.official").post(f"/work/tasks/{task.pk}/", {"action": "claim"})
    TaskDeadline.objects.filter(task=task).update(remind_at=timezone.now() - timedelta(minutes=1))
    assert "reminded: 1" in _sweep()
    assert "reminded: 0" in _sweep()  # once
    official = person("ministry.official")
    assert official.notifications.filter(subject__startswith="Reminder").count() == 1
    assert not person("ministry.supervisor").notifications.filter(
        subject__startswith="Reminder").exists()
    assert application.history.filter(kind=HistoryEvent.Kind.REMINDED).exists()


def test_an_overdue_task_escalates_to_the_supervisor_and_is_recorded(client_for, file_application,
                                                                     open_task, person):
    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    TaskDeadline.objects.filter(task=task).update(due_at=timezone.now() - timedelta(minutes=1))
    assert "escalated: 1" in _sweep()
    assert "escalated: 0" in _sweep()
    supervisor = person("ministry.supervisor")
    assert supervisor.notifications.filter(subject__startswith="Overdue").count() == 1
    event = application.history.get(kind=HistoryEvent.Kind.ESCALATED)
    assert event.data["to"] == [supervisor.pk]
    page = client_for("head.karm").get(f"/supply/applications/{application.pk}/")
    assert "Escalated" in page.content.decode()


def test_a_decided_task_neither_reminds_nor_escalates(file_application, open_task, person):
    from workflows.services import decide_task, full_approval

    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    decide_task(task=task, actor=person("ministry.official"), outcome="approved",
                verdicts=full_approval(task), password="returns-demo-2026")
    TaskDeadline.objects.filter(task=task).update(due_at=timezone.now() - timedelta(hours=1),
                                                  remind_at=timezone.now() - timedelta(hours=2))
    output = _sweep()
    assert "reminded: 0" in output and "escalated: 0" in output
