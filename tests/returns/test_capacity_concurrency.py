"""Two officers booking the last places at the same moment never overbook (run on SQLite
by `make test` and on PostgreSQL by .ci/run)."""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from approvals import services as approvals_services
from approvals.models import Checkpoint, Organisation, User
from approvals.roles import Role
from requests.models import CheckpointDay, Crossing
from workflows import returns as case_flow
from workflows.services import ActionRefused

TRIALS = 10


@pytest.mark.django_db(transaction=True)
def test_two_officers_booking_the_last_places_never_overbook(declared):
    checkpoint = Checkpoint.objects.get(name_en="Salhiyah")
    second = User.objects.create_user("reception.second", password="x")
    approvals_services.add_membership(person=second, role=Role.RECEPTION_OFFICER,
                                      organisation=Organisation.objects.get(code="cp-salhiyah"))
    head = User.objects.get(username="head.khusham")
    officers = [User.objects.get(username="reception.salhiyah"), second]
    for trial in range(TRIALS):
        day = timezone.localdate() + datetime.timedelta(days=10 + trial)
        CheckpointDay.objects.create(checkpoint=checkpoint, date=day, people=794, vehicles=0)
        cases = [declared(size=4), declared(size=4)]  # 4 + 4 > the 6 places left
        for case in cases:
            case_flow.town_answer(case=case, actor=head, consent=True)
        barrier = threading.Barrier(2)
        outcomes = []

        def book(case, officer, day=day, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                case_flow.schedule_crossing(case=case, officer=officer, date=day)
                outcomes.append("booked")
            except ActionRefused as refusal:
                outcomes.append(str(refusal))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=book, args=(case, officer))
                   for case, officer in zip(cases, officers, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcome == "booked" for outcome in outcomes) == [False, True], outcomes
        assert CheckpointDay.objects.get(checkpoint=checkpoint, date=day).people == 798
        assert Crossing.objects.filter(day__date=day).count() == 1
