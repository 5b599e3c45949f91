"""The Handbook on Repatriation: render and sign the three language versions (each about
20 pages) of the demo content, as a publication does."""

import resource
import statistics
import subprocess
import time
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from approvals.models import User
from documents import handbook
from documents.demo import seed_handbook
from documents.models import HandbookVersion


def run():
    call_command("seed_demo", "--without-applications", stdout=StringIO())
    seed_handbook()  # version 1, published like any other
    author, reviewer = (User.objects.get(username="mfa.official"),
                        User.objects.get(username="jcc.officer"))
    timings = []
    for _ in range(3):
        with transaction.atomic():
            version = handbook.submit(actor=author)
            started = time.perf_counter()
            handbook.approve(version=version, actor=reviewer)
            timings.append(time.perf_counter() - started)
    latest = HandbookVersion.objects.get(status="published")
    pages = {}
    for document in latest.documents.all():
        info = subprocess.run(["pdfinfo", document.file.path], capture_output=True,  # noqa: S603, S607
                              text=True, check=True).stdout
        pages[document.language] = next(line.split()[-1] for line in info.splitlines()
                                        if line.startswith("Pages:"))
    print(f"\n## Handbook on Repatriation (version {latest.number}; pages "
          + ", ".join(f"{code} {count}" for code, count in sorted(pages.items())) + ")\n")
    print("| measured | median | target |")
    print("| --- | ---: | ---: |")
    print(f"| render (PDF/A-3b) and sign the three language versions | "
          f"{statistics.median(timings):.2f} s | < 5 s |")
    print(f"| peak memory of the process so far | "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB | |")
