"""Run the benchmarks on a fresh test database (PostgreSQL when DATABASE_URL says so).

    make bench                     # PostgreSQL at 127.0.0.1:5432 (see the Makefile)
    DATABASE_URL= python -m bench  # embedded SQLite
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def main() -> int:
    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from . import documents, handbook, supply

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"# make bench: {engine}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    try:
        documents.run()  # first: its peak memory is measured on a fresh process
        handbook.run()
        supply.run()
    finally:
        teardown_databases(databases, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
