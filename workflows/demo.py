"""The three supply applications of the domain record, one at each stage, driven
through the real services (so every decision, history line and total is consistent).

- Karm al-Jazmati: submitted, waiting for the ministry's technical review.
- Al-Tabiyah (in addition to an earlier request): reviewed by the ministry; with an
  excavator it now waits for the JCC and the logistics check, in parallel.
- Khusham (in addition to an earlier request): approved through every step, windows cut,
  its signed delivery order issued, and a first shipment received short of 5 m of tubes.
"""

from decimal import Decimal

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from approvals.demo_people import DEMO_PASSWORD
from approvals.models import Decision, Reason, Town, User
from requests import deliveries
from requests.models import Material, Site, SupplyApplication
from requests.services import save_draft
from requests.validation import LineInput

from . import services
from .flows import SupplyApplicationFlow

# number: (town, supplements, purpose, [(material, site, quantity)])
APPLICATIONS = {
    "SA-KHU-2018-01": ("Khusham", None, "Urgent repair of the house roof before winter.",
                       [("cement", "House, Al-Jami' street 14", "10")]),
    "SA-TAB-2018-01": ("Al-Tabiyah", None, "First repairs of the primary school.",
                       [("lumber", "Al-Tabiyah primary school", "5")]),
    "SA-KHU-2018-02": ("Khusham", "SA-KHU-2018-01",
                       "Overhaul of a house, the water pump station and the bakery.",
                       [("dump-truck", "Khusham water pump station", "1"),
                        ("welder", "Khusham water pump station", "2"),
                        ("duralumin-window", "House, Al-Jami' street 14", "15"),
                        ("cement", "Khusham bakery", "22"),
                        ("tubes-water-sewer", "Khusham water pump station", "87"),
                        ("lumber", "House, Al-Jami' street 14", "26")]),
    "SA-TAB-2018-02": ("Al-Tabiyah", "SA-TAB-2018-01",
                       "Overhaul of the school, the water pump station and two dwellings.",
                       [("excavator", "Al-Tabiyah water pump station", "1"),
                        ("duralumin-window", "Al-Tabiyah primary school", "28"),
                        ("cement", "Al-Tabiyah primary school", "23"),
                        ("tubes-water-sewer", "Al-Tabiyah water pump station", "183"),
                        ("lumber", "Dwelling, Al-Nour street 3", "13"),
                        ("lumber", "Dwelling, Al-Nour street 7", "13")]),
    "SA-KRM-2018-01": ("Karm al-Jazmati", None, "Restoration of the school.",
                       [("cement", "Karm al-Jazmati school", "5"),
                        ("lumber", "Karm al-Jazmati school", "30"),
                        ("finishing-materials", "Karm al-Jazmati school", "600"),
                        ("electric-cable", "Karm al-Jazmati school", "3000")]),
}

HEADS = {"Khusham": "head.khusham", "Al-Tabiyah": "head.tabiyah",
         "Karm al-Jazmati": "head.karm"}


def _file(number: str) -> SupplyApplication:
    town_name, supplements, purpose, lines = APPLICATIONS[number]
    town = Town.objects.get(name_en=town_name)
    head = User.objects.get(username=HEADS[town_name])
    inputs = [
        LineInput(material=str(Material.objects.get(code=material).pk),
                  site=str(Site.objects.get(town=town, name=site).pk), quantity=quantity,
                  unit=Material.objects.get(code=material).unit)
        for material, site, quantity in lines
    ]
    earlier = SupplyApplication.objects.get(number=supplements).pk if supplements else None
    application, problems = save_draft(actor=head, town=town, purpose=purpose,
                                       supplements_id=earlier, lines=inputs)
    assert not problems, problems
    SupplyApplication.objects.filter(pk=application.pk).update(number=number)
    application.refresh_from_db()
    assert not services.submit_application(application=application, actor=head)
    return application


def _open_task(application, step):
    return Task.objects.get(process__supplyprocess__application=application,
                            flow_task=getattr(SupplyApplicationFlow, step),
                            status__in=[STATUS.NEW, STATUS.ASSIGNED])


def _approve(application, step, username, cuts=None, comment=""):
    task = _open_task(application, step)
    verdicts = services.full_approval(task)
    reason = Reason.objects.get(code="quantity-above-need")
    for verdict in verdicts:
        line = application.lines.select_related("material").get(pk=verdict.line)
        if cuts and line.material.code in cuts:
            verdict.approved_quantity = Decimal(cuts[line.material.code])
            verdict.reason = reason.pk
    services.decide_task(task=task, actor=User.objects.get(username=username),
                         outcome=Decision.Outcome.APPROVED, verdicts=verdicts, comment=comment,
                         password=DEMO_PASSWORD)


def _deliver_in_part(application) -> None:
    """The first of two shipments left and arrived short of 5 m of tubes."""
    lines = {line.material.code: line for line in application.lines.select_related("material")}
    shipment = deliveries.dispatch(
        application=application, actor=User.objects.get(username="logistics"),
        quantities={lines["dump-truck"].pk: Decimal("1"), lines["cement"].pk: Decimal("22"),
                    lines["tubes-water-sewer"].pk: Decimal("50")},
        note="Truck convoy 1, via Deir ez-Zor")
    received = {shipped.pk: shipped.quantity for shipped in shipment.lines.all()}
    tubes = shipment.lines.get(line=lines["tubes-water-sewer"])
    received[tubes.pk] = Decimal("45")
    deliveries.confirm_receipt(shipment=shipment, actor=User.objects.get(username="head.khusham"),
                               received=received)


def seed_supply_applications() -> int:
    if SupplyApplication.objects.filter(number__in=APPLICATIONS).exists():
        return 0
    for number in ("SA-KHU-2018-01", "SA-TAB-2018-01"):
        _approve(_file(number), "technical_review", "ministry.official")
    khusham = _file("SA-KHU-2018-02")
    _approve(khusham, "technical_review", "ministry.official", cuts={"duralumin-window": "12"},
             comment="Twelve windows cover the house; three are for rooms not yet rebuilt.")
    _approve(khusham, "coordination_approval", "jcc.officer")
    _approve(khusham, "logistics_check", "logistics")
    _deliver_in_part(khusham)
    tabiyah = _file("SA-TAB-2018-02")
    _approve(tabiyah, "technical_review", "ministry.supervisor")
    _file("SA-KRM-2018-01")
    return len(APPLICATIONS)


# Returnee cases -------------------------------------------------------------------------
# The last 24 hours from Lebanon, as the record reports them: 348 people, Zemrani 47,
# Jaydet-Yabus 155, al-Dabusiyah 146; among them 104 women and 177 children. Each CP's
# households are built from its women (one per household), men and children.
LEBANON = {  # CP: (women, men, children)
    "Zemrani": (14, 9, 24),
    "Jaydet-Yabus (Zabadani)": (46, 30, 79),
    "al-Dabusiyah (al-Aarida)": (44, 28, 74),
}
FIRST = ["Ahmad", "Omar", "Khalid", "Yusuf", "Hassan", "Ali", "Samir", "Walid", "Rami", "Fadi"]
WOMEN = ["Fatima", "Aisha", "Mariam", "Layla", "Huda", "Rania", "Nour", "Salma", "Yasmin", "Amal"]
CHILDREN = ["Adam", "Lina", "Karim", "Sara", "Zaid", "Hala", "Tariq", "Dana", "Majd", "Reem"]
FAMILY = ["Al-Hassan", "Haddad", "Khoury", "Saleh", "Darwish", "Mansour", "Nasser", "Azar",
          "Ibrahim", "Khalil", "Youssef", "Hamdan"]
DESTINATIONS = ["Eastern Ghouta", "Khusham", "Al-Tabiyah", "Karm al-Jazmati", "Al-Muntar"]


def _households(women: int, men: int, children: int):
    """`women` households: the first `men` with a father, children dealt in turn."""
    families = [{"women": 1, "men": 1 if index < men else 0, "children": 0}
                for index in range(women)]
    for index in range(children):
        families[index % women]["children"] += 1
    return families


def _members(number: int, family: dict):
    from requests.models import HouseholdMember
    from requests.returns import DocumentInput, MemberInput

    surname = FAMILY[number % len(FAMILY)]
    members = []
    if family["men"]:
        members.append(MemberInput(f"{FIRST[number % 10]} {surname}", "M", 1975 + number % 20,
                                   HouseholdMember.Relationship.HEAD,
                                   [DocumentInput("passport", f"N{4000000 + number * 7}", "LB")]))
    members.append(MemberInput(
        f"{WOMEN[number % 10]} {surname}", "F", 1978 + number % 18,
        HouseholdMember.Relationship.SPOUSE if family["men"] else
        HouseholdMember.Relationship.HEAD,
        [DocumentInput("national_id", f"{10000000 + number * 13}", "LB")]))
    for child in range(family["children"]):
        members.append(MemberInput(f"{CHILDREN[(number + child) % 10]} {surname}",
                                   "F" if child % 2 else "M", 2010 + (number + child) % 14,
                                   HouseholdMember.Relationship.CHILD))
    return members


def seed_returnee_cases() -> int:
    from datetime import timedelta

    from django.utils import timezone

    from approvals.models import Checkpoint
    from requests.models import ReturneeCase
    from requests.returns import register_case

    if ReturneeCase.objects.exists():
        return 0
    officer = User.objects.get(username="reception.lebanon")
    now = timezone.now()
    number = 0
    for checkpoint_name, (women, men, children) in LEBANON.items():
        checkpoint = Checkpoint.objects.get(name_en=checkpoint_name)
        for family in _households(women, men, children):
            number += 1
            register_case(
                officer=officer, checkpoint=checkpoint,
                destination=Town.objects.get(name_en=DESTINATIONS[number % len(DESTINATIONS)]),
                country_from="LB", language="ar", members=_members(number, family),
                needs_transport=number % 3 == 0, needs_material_support=number % 2 == 0,
                registered_at=now - timedelta(hours=1 + number % 20))
    return number + _seed_salhiyah_cases()


def _seed_salhiyah_cases() -> int:
    """Households at Salhiyah at each stage of a case, driven through the services."""
    from datetime import timedelta

    from django.utils import timezone

    from approvals.models import Checkpoint
    from requests import returns
    from requests.models import ConsentDeclaration
    from requests.returns import DocumentInput, MemberInput, register_case

    from . import returns as case_flow

    officer = User.objects.get(username="reception.salhiyah")
    head = User.objects.get(username="head.khusham")
    checkpoint = Checkpoint.objects.get(name_en="Salhiyah")
    khusham = Town.objects.get(name_en="Khusham")

    def household(surname, size):
        members = [MemberInput(f"Mahmoud {surname}", "M", 1969, "head",
                               [DocumentInput("passport", "SY-DEMO-" + surname.upper(), "TR")]),
                   MemberInput(f"Samira {surname}", "F", 1972, "spouse")]
        members += [MemberInput(f"Child {index + 1} {surname}", "M", 2012 + index, "child")
                    for index in range(size - 2)]
        return register_case(officer=officer, checkpoint=checkpoint, destination=khusham,
                             country_from="TR", language="ar", members=members,
                             needs_transport=True)

    def declared(case):
        case_flow.declare(case=case, officer=officer, method=ConsentDeclaration.Method.IN_PERSON,
                          language="ar", handbook_offered=True)
        for office in range(1, 4):
            returns.record_visit(case=case, officer=officer, office=office)
        return case

    declared(household("Jasim", 5))  # waits for Khusham's consent
    scheduled = declared(household("Obeid", 4))
    case_flow.town_answer(case=scheduled, actor=head, consent=True)
    case_flow.schedule_crossing(case=scheduled, officer=officer,
                                date=timezone.localdate() + timedelta(days=2), vehicles=1)
    arrived = declared(household("Hamadi", 3))
    case_flow.town_answer(case=arrived, actor=head, consent=True)
    case_flow.schedule_crossing(case=arrived, officer=officer, date=timezone.localdate(),
                                vehicles=1)
    case_flow.confirm_arrival(case=arrived, actor=head)
    withdrawn = declared(household("Sabri", 4))
    case_flow.withdraw(case=withdrawn, actor=officer, note="The family decided to stay.")
    household("Fares", 6)  # registered, no declaration yet
    returns.file_report(staff=officer, kind="denied_return", checkpoint=checkpoint,
                        account="A family of five was turned back at the crossing at night.")
    return 5
