"""The inbox, queue and archive take the same number of queries however much authority a
person holds (viewflow's stock queue adds two queries per object permission)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals.models import Organisation, OrganisationPermission, Town
from approvals.roles import OrganisationKind


def _grant_towns(person, count):
    province = Town.objects.first().province
    permission = Permission.objects.get(codename="act_as_local_head")
    towns = Town.objects.bulk_create(
        Town(province=province, name_en=f"Bench town {i}") for i in range(count)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"bench-{i}", name_en=f"Bench {i}",
                     kind=OrganisationKind.LOCAL_ADMINISTRATION, town=town)
        for i, town in enumerate(towns)
    )
    OrganisationPermission.objects.bulk_create(
        OrganisationPermission(user=person, permission=permission, content_object=organisation)
        for organisation in organisations
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/work/inbox/", "/work/queue/", "/work/archive/", "/work/home/",
                                 "/directory/organisations/", "/supply/applications/",
                                 "/supply/totals/"])
def test_pages_take_the_same_queries_with_1_and_1000_jurisdictions(client_for, person, url):
    head = person("head.khusham")
    client = client_for("head.khusham")
    with_one = _queries(client, url)
    _grant_towns(head, 999)
    assert OrganisationPermission.objects.filter(user=head).count() == 1000
    assert _queries(client, url) == with_one
