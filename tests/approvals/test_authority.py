import pytest
from django.core.exceptions import ValidationError

from approvals import selectors, services
from approvals.models import Membership, OrganisationPermission, PeopleAreNeverDeleted, User
from approvals.roles import Role


def test_a_role_grants_authority_on_its_organisation_only(person, organisation):
    head = person("head.khusham")
    assert head.has_perm("approvals.act_as_local_head", organisation("town-khusham"))
    assert not head.has_perm("approvals.act_as_local_head", organisation("town-al-tabiyah"))
    assert not head.has_perm("approvals.act_as_local_head")  # never a global permission
    assert list(selectors.organisations_where(head, Role.LOCAL_HEAD)) == [
        organisation("town-khusham")
    ]


def test_a_role_cannot_be_held_in_the_wrong_kind_of_organisation(person, organisation):
    with pytest.raises(ValidationError, match="cannot be a member"):
        services.add_membership(
            person=person("head.khusham"), organisation=organisation("mopwh"),
            role=Role.LOCAL_HEAD,
        )
    assert not Membership.objects.filter(
        person__username="head.khusham", organisation__code="mopwh"
    ).exists()


def test_one_person_can_hold_roles_in_several_organisations(person, organisation):
    officer = person("jcc.officer")
    services.add_membership(
        person=officer, organisation=organisation("jcc-duty-shift"), role=Role.DUTY_SHIFT
    )
    assert set(selectors.organisations_where(officer).values_list("code", flat=True)) == {
        "jcc", "jcc-duty-shift"
    }


def test_ending_a_membership_takes_its_authority_away(person, organisation):
    head = person("head.khusham")
    services.end_membership(membership=head.memberships.get())
    head = User.objects.get(pk=head.pk)  # fresh permission cache
    assert not head.has_perm("approvals.act_as_local_head", organisation("town-khusham"))
    assert not selectors.visible_towns(head).exists()


def test_a_deactivated_person_has_no_authority_and_keeps_their_history(person):
    head = person("head.khusham")
    services.deactivate_person(person=head)
    head.refresh_from_db()
    assert not head.is_active
    assert not selectors.organisations_where(head).exists()
    assert not selectors.visible_towns(head).exists()
    assert OrganisationPermission.objects.filter(user=head).exists()  # history kept


def test_people_are_never_deleted(person):
    with pytest.raises(PeopleAreNeverDeleted):
        person("observer").delete()
    with pytest.raises(PeopleAreNeverDeleted):
        User.objects.filter(username="observer").delete()
    assert User.objects.filter(username="observer").exists()


def test_the_administrator_screens_offer_no_delete_for_people(client_for, person):
    client = client_for("admin")
    response = client.get(f"/admin/approvals/user/{person('observer').pk}/delete/")
    assert response.status_code == 403
    assert User.objects.filter(username="observer").exists()
