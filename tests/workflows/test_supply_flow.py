"""The approval of supply applications, as the officials meet it through the task page."""

from decimal import Decimal

import pytest
from django.core import mail

from approvals import services as approvals_services
from approvals.models import Decision, HistoryEvent, Reason
from approvals.roles import Role
from documents.certificates import ensure_official
from requests.models import SupplyApplication

KARM = (("cement", "Karm al-Jazmati school", "5"), ("lumber", "Karm al-Jazmati school", "30"))
HEAVY = (("excavator", "Karm al-Jazmati school", "1"), ("cement", "Karm al-Jazmati school", "5"))


def _reason(code="quantity-above-need"):
    return str(Reason.objects.get(code=code).pk)


def _decide(client, task, action, lines=None, reason="", comment=""):
    data = {"action": action, "reason": reason, "comment": comment,
            "password": "returns-demo-2026"}
    for line in task.process.supplyprocess.application.lines.all():
        given = (lines or {}).get(line.material.code, {})
        data[f"approved_{line.pk}"] = given.get("approved", str(
            line.quantity if task.flow_task.name == "technical_review" else line.approved_quantity))
        data[f"reason_{line.pk}"] = given.get("reason", "")
        data[f"comment_{line.pk}"] = given.get("comment", "")
    return client.post(f"/work/tasks/{task.pk}/", data)


def _status(application):
    application.refresh_from_db()
    return application.status


def test_a_small_application_is_approved_by_the_ministry_alone(client_for, file_application,
                                                               open_task):
    application = file_application(lines=KARM)
    response = _decide(client_for("ministry.official"), open_task(application, "technical_review"),
                       "approve")
    assert response.status_code == 302
    assert _status(application) == "approved"
    assert [line.approved_quantity for line in application.lines.all()] == [5, 30]


def test_a_line_is_cut_with_a_reason_and_refused_with_another(client_for, file_application,
                                                               open_task):
    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    official = client_for("ministry.official")
    response = _decide(official, task, "approve", {"cement": {"approved": "3"}})
    assert response.status_code == 422
    assert "give a reason for cutting or refusing it" in response.content.decode()
    assert _status(application) == "in_review" and not Decision.objects.exists()

    response = _decide(official, task, "approve", {
        "cement": {"approved": "3", "reason": _reason(), "comment": "Two are enough later"},
        "lumber": {"approved": "0", "reason": _reason("not-in-stock")}})
    assert response.status_code == 302
    decision = Decision.objects.get()
    verdicts = {line.material.code: (line.verdict, line.approved_quantity, line.requested_quantity)
                for line in decision.lines.all()}
    assert verdicts == {"cement": ("part", 3, 5), "lumber": ("refused", 0, 30)}
    assert [line.approved_quantity for line in application.lines.all()] == [3, 0]


def test_approving_more_than_requested_is_refused(client_for, file_application, open_task):
    application = file_application(lines=KARM)
    response = _decide(client_for("ministry.official"), open_task(application, "technical_review"),
                       "approve", {"cement": {"approved": "6"}})
    assert response.status_code == 422
    assert "approve between 0 and 5" in response.content.decode()
    assert not Decision.objects.exists()


def test_heavy_equipment_goes_to_the_jcc_and_logistics_in_parallel(client_for, file_application,
                                                                    open_task):
    application = file_application(lines=HEAVY)
    _decide(client_for("ministry.official"), open_task(application, "technical_review"), "approve")
    assert _status(application) == "in_review"
    jcc_task = open_task(application, "coordination_approval")
    logistics_task = open_task(application, "logistics_check")
    assert f"/work/tasks/{jcc_task.pk}/" in client_for("jcc.officer").get(
        "/work/queue/").content.decode()
    _decide(client_for("logistics"), logistics_task, "approve",
            {"cement": {"approved": "4", "reason": _reason("not-in-stock")}})
    assert _status(application) == "in_review"  # the join waits for the JCC
    _decide(client_for("jcc.officer"), jcc_task, "approve")
    assert _status(application) == "approved"
    assert {line.material.code: line.approved_quantity for line in application.lines.all()} == {
        "excavator": 1, "cement": 4}


def test_the_value_threshold_sends_an_application_to_the_jcc(client_for, file_application,
                                                              open_task):
    from approvals.models import ApprovalPolicy

    ApprovalPolicy.objects.create(coordination_threshold=Decimal("500"))
    application = file_application(lines=KARM)  # 5 m3 cement, 30 m3 lumber: 8,950
    _decide(client_for("ministry.official"), open_task(application, "technical_review"), "approve")
    assert open_task(application, "coordination_approval")


def test_return_for_correction_then_the_reviewer_sees_the_difference(
        client_for, file_application, open_task, person):
    application = file_application(lines=KARM)
    official = client_for("ministry.official")
    response = _decide(official, open_task(application, "technical_review"), "return",
                       {"lumber": {"reason": _reason("specification-unclear"),
                                   "comment": "Which rooms?"}},
                       reason=_reason("specification-unclear"), comment="Say which rooms.")
    assert response.status_code == 302
    assert _status(application) == "returned"
    head = client_for("head.karm")
    page = head.get(f"/supply/applications/{application.pk}/edit/").content.decode()
    assert "Returned for correction" in page and "Say which rooms." in page
    assert "Which rooms?" in page
    assert application.applicant.notifications.filter(
        subject__contains="was returned to you for correction").exists()

    from tests.requests.test_application_input import _ids, _post
    response = _post(head, f"/supply/applications/{application.pk}/edit/", [
        {**_ids("cement", "Karm al-Jazmati school"), "quantity": "5"},
        {**_ids("lumber", "Karm al-Jazmati school"), "quantity": "20"},
        {**_ids("electric-cable", "Karm al-Jazmati school"), "quantity": "3000"},
    ], purpose="Restore the school: classrooms 1-4.", action="submit")
    assert response.status_code == 302
    assert _status(application) == "in_review" and application.revision == 2

    task = open_task(application, "technical_review")
    page = client_for("ministry.official").get(f"/work/tasks/{task.pk}/").content.decode()
    assert "Changes since the previous submission" in page
    assert "returns-diff-changed" in page and "returns-diff-added" in page
    assert "30 m³" in page and "20 m³" in page


def test_rejection_needs_a_reason_and_ends_the_application(client_for, file_application,
                                                           open_task):
    application = file_application(lines=KARM)
    official = client_for("ministry.official")
    task = open_task(application, "technical_review")
    response = _decide(official, task, "reject")
    assert response.status_code == 422
    assert "Give a reason" in response.content.decode()
    _decide(official, task, "reject", reason=_reason("not-eligible"), comment="Not eligible.")
    assert _status(application) == "rejected"
    assert Decision.objects.get().outcome == "rejected"


def test_nobody_decides_their_own_application(file_application, open_task, person, organisation):
    head = person("head.karm")
    approvals_services.add_membership(person=head, organisation=organisation("mopwh"),
                                      role=Role.MINISTRY_OFFICIAL)
    ensure_official(head, "returns-demo-2026")
    application = file_application(lines=KARM)
    from workflows.services import ActionRefused, decide_task, full_approval
    task = open_task(application, "technical_review")
    with pytest.raises(ActionRefused, match="their own application"):
        decide_task(task=task, actor=head, outcome="approved", verdicts=full_approval(task),
                    password="returns-demo-2026")
    assert _status(application) == "in_review"


def test_nobody_decides_two_steps_of_one_application(client_for, file_application, open_task,
                                                     person, organisation):
    official = person("ministry.official")
    approvals_services.add_membership(person=official, organisation=organisation("jcc"),
                                      role=Role.COORDINATION_OFFICER)
    application = file_application(lines=HEAVY)
    client = client_for("ministry.official")
    _decide(client, open_task(application, "technical_review"), "approve")
    response = _decide(client, open_task(application, "coordination_approval"), "approve")
    assert response.status_code == 422
    assert "already decided another step" in response.content.decode()
    assert not Decision.objects.filter(step="coordination_approval").exists()


def test_claim_hand_back_and_a_claimed_task_is_not_someone_elses(client_for, file_application,
                                                                 open_task):
    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    official, supervisor = client_for("ministry.official"), client_for("ministry.supervisor")
    assert official.post(f"/work/tasks/{task.pk}/", {"action": "claim"}).status_code == 302
    assert application.number in official.get("/work/inbox/").content.decode()
    assert application.number not in supervisor.get("/work/queue/").content.decode()
    response = _decide(supervisor, task, "approve")
    assert response.status_code == 422
    assert "claimed by someone else" in response.content.decode()
    official.post(f"/work/tasks/{task.pk}/", {"action": "hand_back"})
    assert application.number in supervisor.get("/work/queue/").content.decode()
    assert list(HistoryEvent.objects.filter(application=application)
                .values_list("kind", flat=True))[-2:] == ["claimed", "handed_back"]


def test_an_acting_approver_decides_on_behalf_of_the_official(client_for, file_application,
                                                              open_task, person):
    from datetime import timedelta

    from django.utils import timezone

    application = file_application(lines=KARM)
    head = person("head.tabiyah")  # not a ministry official: acts only by delegation
    ensure_official(head, "returns-demo-2026")  # and signs with a key of their own
    approvals_services.delegate(principal=person("ministry.official"), acting=head,
                                starts_on=timezone.localdate(),
                                ends_on=timezone.localdate() + timedelta(days=7))
    acting = client_for("head.tabiyah")
    assert application.number in acting.get("/work/queue/").content.decode()
    assert acting.get(f"/supply/applications/{application.pk}/").status_code == 200
    response = _decide(acting, open_task(application, "technical_review"), "approve")
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.decided_by.username, decision.on_behalf_of.username) == (
        "head.tabiyah", "ministry.official")
    page = acting.get(f"/supply/applications/{application.pk}/").content.decode()
    assert "decided by Omar Al-Ahmad" in page and "on behalf of Rania Saleh" in page


def test_an_expired_delegation_gives_nothing(client_for, file_application, open_task, person):
    from datetime import timedelta

    from django.utils import timezone

    application = file_application(lines=KARM)
    today = timezone.localdate()
    approvals_services.delegate(principal=person("ministry.official"),
                                acting=person("head.tabiyah"),
                                starts_on=today - timedelta(days=9),
                                ends_on=today - timedelta(days=2))
    acting = client_for("head.tabiyah")
    assert application.number not in acting.get("/work/queue/").content.decode()
    assert acting.get(f"/work/tasks/{open_task(application, 'technical_review').pk}/"
                      ).status_code == 404


def test_the_history_is_append_only(file_application):
    from approvals.models import HistoryIsAppendOnly

    application = file_application(lines=KARM)
    event = application.history.first()
    event.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        event.save()
    with pytest.raises(HistoryIsAppendOnly):
        event.delete()
    with pytest.raises(HistoryIsAppendOnly):
        application.history.update(note="rewritten")
    with pytest.raises(HistoryIsAppendOnly):
        application.history.all().delete()


def test_a_decision_that_fails_stores_nothing_and_sends_nothing(file_application, open_task,
                                                                 person, monkeypatch):
    from workflows import services

    application = file_application(lines=KARM)
    mail.outbox.clear()
    task = open_task(application, "technical_review")
    decisions, history = Decision.objects.count(), HistoryEvent.objects.count()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.approvals_services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.decide_task(task=task, actor=person("ministry.official"), outcome="rejected",
                             verdicts=[], reason=int(_reason("not-eligible")),
                             password="returns-demo-2026")
    assert (Decision.objects.count(), HistoryEvent.objects.count()) == (decisions, history)
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner is None
    assert _status(application) == "in_review"
    assert mail.outbox == []
    assert not application.applicant.notifications.filter(subject__contains="rejected").exists()


def test_notifications_go_to_the_person_who_must_act_by_their_preference(
        client_for, file_application, open_task, person, django_capture_on_commit_callbacks):
    supervisor = person("ministry.supervisor")
    supervisor.notification_mode = "daily_digest"
    supervisor.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = file_application(lines=KARM)
    # The task waits in the ministry's queue: its supervisor is told, in the product only.
    assert supervisor.notifications.filter(subject__contains=application.number).exists()
    assert not any(supervisor.email in message.to for message in mail.outbox)
    assert not person("ministry.official").notifications.exists()

    from django.utils import timezone

    from approvals.services import send_daily_digests
    noon = timezone.localtime().replace(hour=12)
    assert send_daily_digests(now=noon) == 1
    assert send_daily_digests(now=noon) == 0  # once a day
    digest = [message for message in mail.outbox if supervisor.email in message.to]
    assert len(digest) == 1 and application.number in digest[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client_for("ministry.official"), open_task(application, "technical_review"),
                "return", reason=_reason("documents-missing"))
    assert [message.to for message in mail.outbox] == [[application.applicant.email]]


def test_the_status_is_only_what_the_services_say(file_application):
    application = file_application(lines=KARM)
    assert application.status == SupplyApplication.Status.IN_REVIEW


@pytest.mark.parametrize("username", ["jcc.officer", "logistics", "head.karm"])
def test_a_step_is_decided_only_by_the_organisation_it_belongs_to(client_for, file_application,
                                                                  open_task, username):
    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    response = _decide(client_for(username), task, "approve")
    assert response.status_code == 422
    assert "You have no authority over this task." in response.content.decode()
    assert not Decision.objects.exists() and _status(application) == "in_review"
    assert client_for(username).post(f"/work/tasks/{task.pk}/",
                                     {"action": "claim"}).status_code == 422


def test_a_claimed_task_is_not_decided_after_the_role_is_gone(client_for, file_application,
                                                              open_task, person):
    application = file_application(lines=KARM)
    task = open_task(application, "technical_review")
    official = client_for("ministry.official")
    official.post(f"/work/tasks/{task.pk}/", {"action": "claim"})
    membership = person("ministry.official").memberships.get()
    approvals_services.end_membership(membership=membership)
    response = _decide(official, task, "approve")
    assert response.status_code in (403, 404, 422)
    assert not Decision.objects.exists()
