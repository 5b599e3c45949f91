import os

import pytest
from django.core.management import call_command

from approvals.management.commands.seed_demo import DEMO_PASSWORD
from approvals.models import Organisation, User

_KEY_POOL = []


@pytest.fixture(autouse=True)
def reuse_signing_keys(monkeypatch):
    """RSA key generation is slow and says nothing about the product: tests draw keys
    from a pool made once per session. Certificates are still issued one by one."""
    from documents import pki

    def pooled(bits=pki.KEY_BITS):
        if len(_KEY_POOL) < 24:
            _KEY_POOL.append(pki.rsa.generate_private_key(public_exponent=65537, key_size=2048))
        key = _KEY_POOL.pop(0)
        _KEY_POOL.append(key)
        return key

    monkeypatch.setattr(pki, "_new_key", pooled)


# Playwright's sync API runs an event loop in the test thread; the ORM calls our
# tests make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(db):
    """The demo's organisations, places, catalogue and people, with no applications."""
    call_command("seed_demo", "--without-applications", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def demo_applications(db):
    """The demo exactly as `make run` loads it, applications included."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def person(demo):
    """A demo person by username."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def organisation(demo):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def client_for(person):
    """A test client (a browser of its own) logged in as a demo person."""
    from django.test import Client

    def log_in(username):
        client = Client()
        client.force_login(person(username))
        return client

    return log_in


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD


@pytest.fixture
def file_application(demo):
    """File (and by default submit) an application as a town's local head."""
    from requests.models import Material, Site
    from requests.services import save_draft
    from requests.validation import LineInput
    from workflows.services import submit_application

    heads = {"Khusham": "head.khusham", "Al-Tabiyah": "head.tabiyah",
             "Karm al-Jazmati": "head.karm"}

    def file(town="Karm al-Jazmati", lines=(("cement", "Karm al-Jazmati school", "5"),),
             purpose="Restore the school.", submit=True, supplements=None):
        head = User.objects.get(username=heads[town])
        town_obj = head.memberships.get(role="local_head").organisation.town
        inputs = [
            LineInput(material=str(Material.objects.get(code=code).pk),
                      site=str(Site.objects.get(town=town_obj, name=site).pk),
                      quantity=quantity, unit=Material.objects.get(code=code).unit)
            for code, site, quantity in lines
        ]
        application, problems = save_draft(actor=head, town=town_obj, purpose=purpose,
                                           supplements_id=supplements, lines=inputs)
        assert problems == []
        if submit:
            assert submit_application(application=application, actor=head) == []
            application.refresh_from_db()
        return application

    return file


@pytest.fixture
def open_task():
    """The open task of an application at a step."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.flows import SupplyApplicationFlow

    def find(application, step):
        return Task.objects.get(process__supplyprocess__application=application,
                                flow_task=getattr(SupplyApplicationFlow, step),
                                status__in=[STATUS.NEW, STATUS.ASSIGNED])

    return find
