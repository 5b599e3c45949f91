"""Signed documents: one delivery order rendered and fully signed (render, the service's
certification, the final approver's signature), and printing 200 orders as one PDF."""

import resource
import statistics
import subprocess
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from approvals.demo_people import DEMO_PASSWORD
from approvals.models import User
from documents import printing
from documents.models import Document
from documents.signing import unlock_official
from requests.models import Material, Site
from requests.services import save_draft
from requests.validation import LineInput
from workflows.services import decide_task, full_approval, submit_application

ORDERS = 20  # real orders issued; printing repeats them to 200 pages


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _approve_one(head, official, town, lines):
    from viewflow.workflow.models import Task

    application, problems = save_draft(actor=head, town=town, purpose="Bench",
                                       supplements_id=None, lines=lines)
    assert not problems
    submit_application(application=application, actor=head)
    task = Task.objects.get(process__supplyprocess__application=application, status="NEW")
    started = time.perf_counter()
    decide_task(task=task, actor=official, outcome="approved", verdicts=full_approval(task),
                password=DEMO_PASSWORD)
    return application, time.perf_counter() - started


def run():
    from documents.services import issue_delivery_order

    call_command("seed_demo", "--without-applications", stdout=StringIO())
    head = User.objects.get(username="head.karm")
    official = User.objects.get(username="ministry.official")
    town = head.memberships.get().organisation.town
    site = Site.objects.get(name="Karm al-Jazmati school")
    lines = [LineInput(material=str(material.pk), site=str(site.pk), quantity="5",
                       unit=material.unit)
             for material in Material.objects.exclude(is_heavy_equipment=True)]
    signer = unlock_official(official, DEMO_PASSWORD)

    decisions, orders = [], []
    for _ in range(ORDERS):
        application, seconds = _approve_one(head, official, town, lines)
        decisions.append(seconds)
        order = Document.objects.get(application=application, kind="delivery_order")
        # Issue the same order again from scratch: render, certify, sign (timed alone).
        final = application.decisions.last()
        Document.objects.filter(pk=order.pk).delete()
        started = time.perf_counter()
        order = issue_delivery_order(application=application, final_decision=final,
                                     signer=signer)
        orders.append(time.perf_counter() - started)
    peak_issue = _peak_mb()

    documents = list(Document.objects.filter(kind="delivery_order")) * (200 // ORDERS)
    started = time.perf_counter()
    merged = printing.merge(documents)
    print_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "print.pdf"
        path.write_bytes(merged)
        pages = subprocess.run(["qpdf", "--show-npages", str(path)],  # noqa: S603, S607
                               capture_output=True, text=True, check=True).stdout.strip()
        # The merge runs in qpdf: its own peak memory, from GNU time.
        qpdf_peak = subprocess.run(  # noqa: S603
            ["/usr/bin/time", "-f", "%M", "qpdf", "--empty", "--pages",  # noqa: S607
             *[document.file.path for document in documents], "--", str(path)],
            capture_output=True, text=True).stderr.strip().splitlines()[-1:]

    print(f"\n## Signed documents ({ORDERS} delivery orders, "
          f"{len(lines)} lines each, {documents[0].size // 1024} KB each)\n")
    print("| measured | median | target |")
    print("| --- | ---: | ---: |")
    print(f"| one delivery order rendered, certified and signed | "
          f"{statistics.median(orders) * 1000:.0f} ms | < 600 ms |")
    print(f"| a final approval: decision record + delivery order, all signed | "
          f"{statistics.median(decisions) * 1000:.0f} ms | |")
    print(f"| peak memory of the process issuing them | {peak_issue:.0f} MB | |")
    print(f"| print 200 orders as one PDF ({pages} pages, {len(merged) / 1e6:.1f} MB) | "
          f"{print_seconds:.2f} s | < 60 s |")
    if qpdf_peak and qpdf_peak[0].isdigit():
        print(f"| peak memory of that merge (qpdf) | {int(qpdf_peak[0]) / 1024:.0f} MB | |")
