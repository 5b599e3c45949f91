"""Eight officials submit the same decision on one task at the same moment, 50 times:
exactly one decision each time, the others a clear "already decided", no server error.
Runs on SQLite (`make test`) and on PostgreSQL (`.ci/run`)."""

import threading

import pytest
from django.db import connections
from django.test import Client

from approvals import services as approvals_services
from approvals.models import Decision, Organisation, User
from approvals.roles import Role
from documents.certificates import ensure_official

OFFICIALS = 8
TRIALS = 50


def _officials():
    ministry = Organisation.objects.get(code="mopwh")
    people = []
    for number in range(OFFICIALS):
        person = User.objects.create_user(f"official{number}", password="x")
        approvals_services.add_membership(person=person, organisation=ministry,
                                          role=Role.MINISTRY_OFFICIAL)
        ensure_official(person, "x")
        people.append(person)
    return people


@pytest.mark.django_db(transaction=True)
def test_eight_officials_deciding_one_task_make_one_decision(file_application, open_task):
    clients = []
    for person in _officials():
        client = Client()
        client.force_login(person)
        clients.append(client)
    connections.close_all()

    outcomes = []
    for _trial in range(TRIALS):
        application = file_application(lines=[("cement", "Karm al-Jazmati school", "5")])
        task = open_task(application, "technical_review")
        line = application.lines.get()
        barrier = threading.Barrier(OFFICIALS)
        responses = [None] * OFFICIALS

        def decide(index, task_pk=task.pk, line_pk=line.pk, barrier=barrier,
                   responses=responses):
            try:
                barrier.wait()
                responses[index] = clients[index].post(
                    f"/work/tasks/{task_pk}/",
                    {"action": "approve", f"approved_{line_pk}": "5", "reason": "",
                     "password": "x",
                     f"reason_{line_pk}": "", f"comment_{line_pk}": ""})
            finally:
                connections.close_all()

        threads = [threading.Thread(target=decide, args=(i,)) for i in range(OFFICIALS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        codes = sorted(response.status_code for response in responses)
        refused = [response for response in responses if response.status_code == 409]
        outcomes.append((Decision.objects.filter(task_id=task.pk).count(), codes))
        assert all("This task has already been decided." in response.content.decode()
                   for response in refused)
        application.refresh_from_db()
        assert application.status == "approved"

    assert all(count == 1 for count, _codes in outcomes), outcomes
    assert all(codes == [302] + [409] * (OFFICIALS - 1) for _count, codes in outcomes), outcomes
