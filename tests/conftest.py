import os

import pytest
from django.core.management import call_command

from approvals.management.commands.seed_demo import DEMO_PASSWORD
from approvals.models import Organisation, User

# Playwright's sync API runs an event loop in the test thread; the ORM calls our
# tests make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(db):
    """The demo data exactly as `make run` loads it."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def person(demo):
    """A demo person by username."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def organisation(demo):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def client_for(client, person):
    """A test client logged in as a demo person."""

    def log_in(username):
        client.force_login(person(username))
        return client

    return log_in


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD
