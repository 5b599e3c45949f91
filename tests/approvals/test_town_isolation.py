"""A person of one town cannot see anything of another town: by list, search or URL."""

import pytest

from approvals.models import Organisation


@pytest.fixture
def khusham(client_for):
    return client_for("head.khusham")


def test_the_organisation_list_shows_their_own_town_and_no_other(khusham):
    page = khusham.get("/directory/organisations/").content.decode()
    assert "Local administration of Khusham" in page
    assert "Local administration of Al-Tabiyah" not in page
    assert "Karm al-Jazmati" not in page
    assert "Ministry of Public Works and Housebuilding" in page  # national bodies are known


@pytest.mark.parametrize("text", ["Tabiyah", "الطابية", "Табия", "Karm", "administration"])
def test_search_finds_nothing_of_another_town(khusham, text):
    page = khusham.get("/directory/organisations/", {"q": text}).content.decode()
    assert "Al-Tabiyah" not in page and "Karm al-Jazmati" not in page


def test_another_towns_page_answers_404_like_a_missing_one(khusham, organisation):
    other = organisation("town-al-tabiyah")
    assert khusham.get(f"/directory/organisations/{other.pk}/").status_code == 404
    missing = Organisation.objects.order_by("-pk").first().pk + 1000
    assert khusham.get(f"/directory/organisations/{missing}/").status_code == 404


def test_their_own_town_shows_its_sites_and_members(khusham, organisation):
    page = khusham.get(f"/directory/organisations/{organisation('town-khusham').pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Khusham water pump station" in text and "Khalid" in text
    assert "Al-Tabiyah primary school" not in text


def test_a_national_official_sees_every_town(client_for, organisation):
    ministry = client_for("ministry.official")
    page = ministry.get("/directory/organisations/", {"q": "administration"}).content.decode()
    assert "Khusham" in page and "Al-Tabiyah" in page and "Karm al-Jazmati" in page
    other = organisation("town-al-tabiyah")
    assert ministry.get(f"/directory/organisations/{other.pk}/").status_code == 200


def test_checkpoints_are_for_national_roles_only(client_for):
    assert client_for("reception.salhiyah").get("/directory/checkpoints/").status_code == 200
    assert client_for("head.khusham").get("/directory/checkpoints/").status_code == 403


def test_the_home_page_lists_only_their_own_roles(khusham):
    page = khusham.get("/work/home/").content.decode()
    assert "Local administration of Khusham" in page
    assert "Al-Tabiyah" not in page
