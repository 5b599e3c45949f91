import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from approvals.models import Checkpoint, Membership, Organisation, Town, User
from approvals.roles import Role
from requests.models import Material, Site

ROOT = Path(__file__).resolve().parents[2]


def _counts():
    return [model.objects.count() for model in
            (Organisation, Town, Checkpoint, Material, Site, User, Membership)]


def test_seed_demo_is_idempotent(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert "Demo loaded: 25 organisations, 6 towns, 8 checkpoints, 9 materials" in out.getvalue()


def test_every_role_has_a_demo_person_who_can_log_in(demo, client, demo_password):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for username in User.objects.values_list("username", flat=True):
        assert client.login(username=username, password=demo_password), username


@pytest.mark.parametrize("name, kind, people, vehicles", [
    ("Salhiyah", "land", 800, 10),
    ("Damascus international airport", "air", 1050, None),
    ("Baniyas seaport", "sea", 1500, 50),
    ("Nasib", "land", None, None),
])
def test_checkpoint_capacities_come_from_the_domain_record(demo, name, kind, people, vehicles):
    checkpoint = Checkpoint.objects.get(name_en=name)
    assert (checkpoint.kind, checkpoint.daily_capacity_people,
            checkpoint.daily_capacity_vehicles) == (kind, people, vehicles)
    assert checkpoint.reception_office.parent.code == "reception-centre"


def test_the_catalogue_has_units_and_heavy_equipment(demo):
    assert Material.objects.get(code="cement").unit == "m3"
    assert Material.objects.get(code="duralumin-window").unit == "pieces"
    assert Material.objects.get(code="electric-cable").unit == "m"
    assert Material.objects.get(code="finishing-materials").unit == "kg"
    assert set(Material.objects.filter(is_heavy_equipment=True).values_list("code", flat=True)) \
        == {"dump-truck", "welder", "excavator"}


def test_the_command_line_loads_the_demo_into_a_fresh_database(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    for command in (["migrate", "--noinput"], ["seed_demo"], ["seed_demo"]):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr
    assert "14 people (password 'returns-demo-2026')" in result.stdout
