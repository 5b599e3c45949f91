"""Supply applications at scale: query counts of the task and application pages with 10
and 10,000 applications and with 1 and 1,000 jurisdiction permissions, and the latency
of the inbox and of a decision at 10,000 applications."""

import statistics
import time
import uuid
from io import StringIO

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.token import Token

from approvals.demo_people import DEMO_PASSWORD
from approvals.models import Organisation, OrganisationPermission, Town, User
from approvals.roles import OrganisationKind
from requests.models import ApplicationLine, Material, Site, SupplyApplication
from requests.services import save_draft
from requests.validation import LineInput
from workflows.flows import SupplyApplicationFlow
from workflows.models import SupplyProcess
from workflows.services import decide_task, full_approval, submit_application

PAGES = ["/work/inbox/", "/work/queue/", "/supply/applications/"]


def _file(head, town, site, cement, lumber, count):
    applications = []
    for _ in range(count):
        application, problems = save_draft(
            actor=head, town=town, purpose="Benchmark", supplements_id=None,
            lines=[LineInput(material=str(cement.pk), site=str(site.pk), quantity="5", unit="m3"),
                   LineInput(material=str(lumber.pk), site=str(site.pk), quantity="3",
                             unit="m3")])
        assert not problems, problems
        assert not submit_application(application=application, actor=head)
        applications.append(application)
    return applications


def _bulk_applications(head, town, site, cement, count):
    """Applications waiting for technical review, written in bulk (the services take
    ~40 ms each; 10,000 of them would be the benchmark's whole budget)."""
    ministry = Organisation.objects.get(code="mopwh")
    ct = ContentType.objects.get_for_model(Organisation)
    now = timezone.now()
    with transaction.atomic():
        applications = SupplyApplication.objects.bulk_create(
            SupplyApplication(number="SB-" + uuid.uuid4().hex[:10].upper(), town=town,
                              applicant=head, purpose="Bulk", status="in_review", revision=1,
                              submitted_at=now)
            for _ in range(count))
        ApplicationLine.objects.bulk_create(
            ApplicationLine(application=application, material=cement, site=site, quantity=5)
            for application in applications)
        processes = Process.objects.bulk_create(
            Process(flow_class=SupplyApplicationFlow, status="NEW") for _ in applications)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {SupplyProcess._meta.db_table} "  # noqa: S608 - our own table name
                "(process_ptr_id, application_id) VALUES (%s, %s)",
                [(process.pk, application.pk) for process, application in
                 zip(processes, applications, strict=True)])
        Task.objects.bulk_create(
            Task(process=process, flow_task=SupplyApplicationFlow.technical_review,
                 flow_task_type="HUMAN", status="NEW", token=Token("start"),
                 owner_permission="approvals.act_as_ministry_official",
                 owner_permission_content_type=ct, owner_permission_obj_pk=str(ministry.pk))
            for process in processes)


def _grant(person, count):
    province = Town.objects.first().province
    permission = Permission.objects.get(codename="act_as_ministry_official")
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"bench-ministry-{i}", name_en=f"Bench ministry {i}",
                     kind=OrganisationKind.MINISTRY) for i in range(count))
    OrganisationPermission.objects.bulk_create(
        OrganisationPermission(user=person, permission=permission, content_object=organisation)
        for organisation in organisations)
    del province


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _median_ms(action, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run():
    call_command("seed_demo", "--without-applications", stdout=StringIO())
    head = User.objects.get(username="head.karm")
    official = User.objects.get(username="ministry.official")
    town = head.memberships.get().organisation.town
    site = Site.objects.get(name="Karm al-Jazmati school")
    cement, lumber = Material.objects.get(code="cement"), Material.objects.get(code="lumber")
    client = Client()
    client.force_login(official)

    # Claimed tasks fill the inbox; the rest wait in the queue.
    _file(head, town, site, cement, lumber, 10)
    for task in Task.objects.filter(flow_task_type="HUMAN", status="NEW")[:5]:
        client.post(f"/work/tasks/{task.pk}/", {"action": "claim"})
    rows = [("10 applications, 1 permission", *[_queries(client, url) for url in PAGES])]
    _grant(official, 999)
    rows.append(("10 applications, 1,000 permissions",
                 *[_queries(client, url) for url in PAGES]))
    started = time.perf_counter()
    _bulk_applications(head, town, site, cement, 9_990)
    loaded = time.perf_counter() - started
    rows.append(("10,000 applications, 1,000 permissions",
                 *[_queries(client, url) for url in PAGES]))

    print(f"\n## Supply applications ({SupplyApplication.objects.count():,} applications, "
          f"{Task.objects.count():,} tasks; bulk load {loaded:.1f} s)\n")
    print("| database holds | inbox | queue | application list |")
    print("| --- | ---: | ---: | ---: |")
    for label, *counts in rows:
        print(f"| {label} | " + " | ".join(f"{count} queries" for count in counts) + " |")

    inbox_ms = _median_ms(lambda: client.get("/work/inbox/"), 30)
    queue_ms = _median_ms(lambda: client.get("/work/queue/"), 30)
    fresh = _file(head, town, site, cement, lumber, 21)
    tasks = iter(Task.objects.filter(process__supplyprocess__application__in=fresh,
                                      status="NEW", flow_task_type="HUMAN"))

    def decide():
        task = next(tasks)
        decide_task(task=task, actor=official, outcome="approved", verdicts=full_approval(task),
                    password=DEMO_PASSWORD)

    decide()  # warm
    decide_ms = _median_ms(decide, 20)
    print("\n| at 10,000 applications | median |")
    print("| --- | ---: |")
    print(f"| inbox page | {inbox_ms:.1f} ms |")
    print(f"| queue page | {queue_ms:.1f} ms |")
    print(f"| a final approval (two lines): claim, decide, sign its record, issue and "
          f"sign the delivery order | {decide_ms:.1f} ms |")
