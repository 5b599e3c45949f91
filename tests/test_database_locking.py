"""Concurrent writers on one row: the database serialises them, nobody gets a 500.

On PostgreSQL, SELECT ... FOR UPDATE; on SQLite, IMMEDIATE transactions in WAL mode.
This is the locking every flow relies on (workflows.locks).
"""

import threading

import pytest
from django.db import connection, connections, transaction

from approvals.models import Checkpoint

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_each_get_their_turn():
    checkpoint = Checkpoint.objects.create(name_en="Lock test", kind="land",
                                           daily_capacity_people=0)
    barrier = threading.Barrier(WRITERS)
    errors = []

    def write():
        try:
            barrier.wait()
            with transaction.atomic():
                row = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
                row.daily_capacity_people += 1
                row.save(update_fields=["daily_capacity_people"])
        except Exception as error:  # noqa: BLE001 - the assertion lists them
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    checkpoint.refresh_from_db()
    assert checkpoint.daily_capacity_people == WRITERS


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
