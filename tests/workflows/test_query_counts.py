"""Pages and decisions take a fixed number of queries whatever the database holds."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.services import decide_task, full_approval

LINES = (("cement", "Karm al-Jazmati school", "5"), ("lumber", "Karm al-Jazmati school", "30"))
PAGES = ["/work/queue/", "/work/inbox/", "/work/archive/", "/supply/applications/",
         "/work/home/"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _file_many(file_application, count, claim_by=None, open_task=None):
    for _ in range(count):
        application = file_application(lines=LINES)
        if claim_by:
            claim_by.post(f"/work/tasks/{open_task(application, 'technical_review').pk}/",
                          {"action": "claim"})


def test_task_and_application_pages_do_not_grow_with_the_database(client_for, file_application,
                                                                  open_task):
    official = client_for("ministry.official")
    _file_many(file_application, 3, official, open_task)
    _file_many(file_application, 3)
    few = {url: _queries(official, url) for url in PAGES}
    _file_many(file_application, 30, official, open_task)
    _file_many(file_application, 30)
    assert {url: _queries(official, url) for url in PAGES} == few


def test_a_decision_takes_the_same_queries_whatever_else_is_stored(file_application, open_task,
                                                                   person):
    official = person("ministry.official")

    def decide_one():
        application = file_application(lines=LINES)
        task = open_task(application, "technical_review")
        verdicts = full_approval(task)
        with CaptureQueriesContext(connection) as captured:
            decide_task(task=task, actor=official, outcome="approved", verdicts=verdicts,
                        password="returns-demo-2026")
        return len(captured)

    first = decide_one()
    for _ in range(25):
        file_application(lines=LINES)
    assert decide_one() == first
