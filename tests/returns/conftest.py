import pytest

from approvals.models import Checkpoint, Town, User
from requests.returns import DocumentInput, MemberInput, register_case

ID_MARKER = "IDMARK-7731"
MEDICAL_MARKER = "needs medical escort MEDMARK-5519"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def household(demo):
    """Register a household at Salhiyah bound for Khusham, as its reception officer."""

    def register(size=4, destination="Khusham", checkpoint="Salhiyah"):
        members = [MemberInput("Mahmoud Jasim", "M", 1969, "head",
                               [DocumentInput("passport", ID_MARKER, "TR")]),
                   MemberInput("Samira Jasim", "F", 1972, "spouse")]
        members += [MemberInput(f"Child {index} Jasim", "F", 2014, "child")
                    for index in range(size - 2)]
        return register_case(officer=User.objects.get(username="reception.salhiyah"),
                             checkpoint=Checkpoint.objects.get(name_en=checkpoint),
                             destination=Town.objects.get(name_en=destination),
                             country_from="TR", language="ar", members=members,
                             needs_transport=True)

    return register


@pytest.fixture
def declared(household):
    from requests.models import ConsentDeclaration
    from workflows import returns as case_flow

    def declare(size=4, **kwargs):
        case = household(size=size, **kwargs)
        case_flow.declare(case=case, officer=User.objects.get(username="reception.salhiyah"),
                          method=ConsentDeclaration.Method.IN_PERSON, language="ar",
                          handbook_offered=True)
        case.refresh_from_db()
        return case

    return declare
