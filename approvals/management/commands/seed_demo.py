"""Load the demo: organisations, towns, checkpoints, catalogue and one person per role.

Idempotent: every row is found by its natural key and updated, never duplicated.
Figures come from ../shared/domain.md (a 2018 joint coordination centre record).
"""

from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from approvals import services
from approvals.demo_people import DEMO_PASSWORD
from approvals.models import (
    ApprovalPolicy,
    ApprovalStep,
    Checkpoint,
    Organisation,
    Province,
    Reason,
    Town,
    User,
)
from approvals.roles import OrganisationKind as K
from approvals.roles import Role
from documents.certificates import ensure_authority_and_service, ensure_official, signing_officials
from documents.demo import seed_handbook
from requests.models import Material, Site, Unit
from workflows.demo import seed_returnee_cases, seed_supply_applications

PROVINCES = {
    "deir-ez-zor": ("Deir ez-Zor", "دير الزور", "Дейр-эз-Зор"),
    "aleppo": ("Aleppo", "حلب", "Алеппо"),
    "homs": ("Homs", "حمص", "Хомс"),
    "rif-dimashq": ("Rif Dimashq", "ريف دمشق", "Риф-Дамаск"),
}

# code: (province, English, Arabic, Russian)
TOWNS = {
    "khusham": ("deir-ez-zor", "Khusham", "خشام", "Хушам"),
    "al-tabiyah": ("deir-ez-zor", "Al-Tabiyah", "الطابية", "Эт-Табия"),
    "karm-al-jazmati": ("aleppo", "Karm al-Jazmati", "كرم الجزماتي", "Карм-эль-Джазмати"),
    "al-muntar": ("aleppo", "Al-Muntar", "المنطار", "Эль-Мунтар"),
    "al-ghantu": ("homs", "Al-Ghantu", "الغنطو", "Эль-Ганту"),
    "eastern-ghouta": ("rif-dimashq", "Eastern Ghouta", "الغوطة الشرقية", "Восточная Гута"),
}

# code: (English, Arabic, Russian, kind, border, people/day, vehicles/day)
CHECKPOINTS = {
    "salhiyah": ("Salhiyah", "الصالحية", "Салихия", "land", "Deir ez-Zor province", 800, 10),
    "damascus-airport": ("Damascus international airport", "مطار دمشق الدولي",
                         "Международный аэропорт Дамаска", "air", "", 1050, None),
    "baniyas-seaport": ("Baniyas seaport", "ميناء بانياس", "Морской порт Банияс",
                        "sea", "", 1500, 50),
    "zemrani": ("Zemrani", "الزمراني", "Земрани", "land", "Syria–Lebanon", None, None),
    "jaydet-yabus": ("Jaydet-Yabus (Zabadani)", "جديدة يابوس (الزبداني)",
                     "Джейдет-Ябус (Забадани)", "land", "Syria–Lebanon", None, None),
    "al-dabusiyah": ("al-Dabusiyah (al-Aarida)", "الدبوسية (العريضة)",
                     "Эд-Дабусия (Эль-Арида)", "land", "Syria–Lebanon", None, None),
    "nasib": ("Nasib", "نصيب", "Насиб", "land", "Syria–Jordan", None, None),
    "abu-al-duhur": ("Abu al-Duhur", "أبو الضهور", "Абу-эд-Духур", "land",
                     "to the Idlib zone", None, None),
}

# code: (English, Arabic, Russian, kind, parent code)
ORGANISATIONS = {
    "mopwh": ("Ministry of Public Works and Housebuilding", "وزارة الأشغال العامة والإسكان",
              "Министерство общественных работ и жилищного строительства", K.MINISTRY, None),
    "mofa": ("Ministry of Foreign Affairs", "وزارة الخارجية", "Министерство иностранных дел",
             K.MINISTRY, None),
    "jcc": ("Joint Coordination Centre", "مركز التنسيق المشترك", "Объединённый координационный центр",
            K.COORDINATION_CENTRE, None),
    "jcc-duty-shift": ("JCC duty shift", "المناوبة في مركز التنسيق", "Дежурная смена ОКЦ",
                       K.DUTY_SHIFT, "jcc"),
    "reception-centre": ("Centre for Refugee Reception, Distribution and Settlement",
                         "مركز استقبال اللاجئين وتوزيعهم وإسكانهم",
                         "Центр приёма, распределения и размещения беженцев",
                         K.RECEPTION_CENTRE, None),
    "logistics": ("Logistics service", "خدمة الإمداد", "Служба логистики", K.LOGISTICS, None),
    "un-observer": ("United Nations humanitarian liaison", "مكتب الاتصال الإنساني للأمم المتحدة",
                    "Гуманитарная миссия связи ООН", K.OBSERVER, None),
    "administration": ("System administration", "إدارة النظام", "Администрирование системы",
                       K.ADMINISTRATION, None),
    "embassy-beirut": ("Embassy in Beirut", "السفارة في بيروت", "Посольство в Бейруте",
                       K.EMBASSY, "mofa"),
    "embassy-amman": ("Embassy in Amman", "السفارة في عمّان", "Посольство в Аммане",
                      K.EMBASSY, "mofa"),
    "embassy-moscow": ("Embassy in Moscow", "السفارة في موسكو", "Посольство в Москве",
                       K.EMBASSY, "mofa"),
}

# code: (English, Arabic, Russian, category, unit, price per unit, heavy, max per line)
MATERIALS = {
    "cement": ("Cement", "إسمنت", "Цемент", "building", Unit.CUBIC_METRE, "110", False, 2000),
    "lumber": ("Lumber", "أخشاب", "Пиломатериалы", "building", Unit.CUBIC_METRE, "280", False, 1000),
    "duralumin-window": ("Duralumin window", "نافذة من الدورالومين", "Дюралюминиевое окно",
                         "building", Unit.PIECE, "240", False, 2000),
    "tubes-water-sewer": ("Tubes (water and sewer)", "أنابيب (مياه وصرف صحي)",
                          "Трубы (водопровод и канализация)", "engineering", Unit.METRE, "14",
                          False, 50000),
    "electric-cable": ("Electric cable", "كابل كهربائي", "Электрический кабель", "engineering",
                       Unit.METRE, "3", False, 100000),
    "finishing-materials": ("Finishing materials (filler, lime)", "مواد إكساء (معجون، كلس)",
                            "Отделочные материалы (шпатлёвка, известь)", "finishing",
                            Unit.KILOGRAM, "1.2", False, 100000),
    "dump-truck": ("Dump truck", "شاحنة قلابة", "Самосвал", "equipment", Unit.UNIT, "85000",
                   True, 10),
    "welder": ("Welder", "آلة لحام", "Сварочный аппарат", "equipment", Unit.UNIT, "1500", True, 50),
    "excavator": ("Excavator", "حفارة", "Экскаватор", "equipment", Unit.UNIT, "140000", True, 5),
}

# town: [(kind, name, address)]
SITES = {
    "khusham": [
        ("house", "House, Al-Jami' street 14", "Al-Jami' street 14"),
        ("water_pump_station", "Khusham water pump station", "Euphrates bank, north of the bridge"),
        ("bakery", "Khusham bakery", "Market square"),
    ],
    "al-tabiyah": [
        ("school", "Al-Tabiyah primary school", "School street 1"),
        ("water_pump_station", "Al-Tabiyah water pump station", "River road"),
        ("dwellings", "Dwelling, Al-Nour street 3", "Al-Nour street 3"),
        ("dwellings", "Dwelling, Al-Nour street 7", "Al-Nour street 7"),
    ],
    "karm-al-jazmati": [
        ("school", "Karm al-Jazmati school", "Al-Madaris street 22"),
    ],
}

# username: (first, last, role, organisation code, supervisor)
PEOPLE = {
    "head.khusham": ("Khalid", "Al-Hassan", Role.LOCAL_HEAD, "town-khusham", True),
    "head.tabiyah": ("Omar", "Al-Ahmad", Role.LOCAL_HEAD, "town-al-tabiyah", True),
    "head.karm": ("Samir", "Haddad", Role.LOCAL_HEAD, "town-karm-al-jazmati", True),
    "ministry.official": ("Rania", "Saleh", Role.MINISTRY_OFFICIAL, "mopwh", False),
    "ministry.supervisor": ("Fadi", "Mansour", Role.MINISTRY_OFFICIAL, "mopwh", True),
    "jcc.officer": ("Ivan", "Petrov", Role.COORDINATION_OFFICER, "jcc", True),
    "reception.salhiyah": ("Lina", "Darwish", Role.RECEPTION_OFFICER, "cp-salhiyah", False),
    "reception.lebanon": ("Hadi", "Nasser", Role.RECEPTION_OFFICER, "cp-zemrani", False),
    "medical.salhiyah": ("Mariam", "Azar", Role.MEDICAL_OFFICER, "cp-salhiyah", False),
    "mfa.official": ("Nadia", "Khoury", Role.FOREIGN_AFFAIRS_OFFICIAL, "mofa", False),
    "logistics": ("Yusuf", "Ibrahim", Role.LOGISTICS_STAFF, "logistics", True),
    "duty.officer": ("Sergey", "Volkov", Role.DUTY_SHIFT, "jcc-duty-shift", True),
    "observer": ("Anna", "Lindqvist", Role.OBSERVER, "un-observer", False),
    "admin": ("System", "Administrator", Role.ADMINISTRATOR, "administration", True),
}


# code: (English, Arabic, Russian)
REASONS = {
    "not-in-stock": ("Not available in stock", "غير متوفر في المخزون", "Нет в наличии на складе"),
    "quantity-above-need": ("Quantity above the site's need", "الكمية تتجاوز حاجة الموقع",
                            "Количество превышает потребность объекта"),
    "over-budget": ("Exceeds the budget", "يتجاوز الميزانية", "Превышает бюджет"),
    "documents-missing": ("Documents missing or incomplete", "وثائق ناقصة أو غير مكتملة",
                          "Документы отсутствуют или неполны"),
    "specification-unclear": ("Site or specification unclear", "الموقع أو المواصفات غير واضحة",
                              "Объект или спецификация не ясны"),
    "covered-elsewhere": ("Already covered by another application", "مشمول بطلب آخر",
                          "Уже покрыто другой заявкой"),
    "not-eligible": ("Not eligible", "غير مؤهل", "Не соответствует условиям"),
}

# step: (organisation code, role, deadline hours, reminder hours before)
STEPS = {
    ApprovalStep.Code.TECHNICAL_REVIEW: ("mopwh", Role.MINISTRY_OFFICIAL, 72, 24),
    ApprovalStep.Code.COORDINATION_APPROVAL: ("jcc", Role.COORDINATION_OFFICER, 48, 12),
    ApprovalStep.Code.LOGISTICS_CHECK: ("logistics", Role.LOGISTICS_STAFF, 48, 12),
    # The applicant corrects; an overdue correction is escalated to the ministry.
    ApprovalStep.Code.CORRECTION: ("mopwh", Role.LOCAL_HEAD, 168, 48),
    # Returnee cases: the destination town and the CP vary with the case.
    ApprovalStep.Code.TOWN_CONSENT: (None, Role.LOCAL_HEAD, 48, 12),
    ApprovalStep.Code.COORDINATION_REVIEW: ("jcc", Role.COORDINATION_OFFICER, 48, 12),
    ApprovalStep.Code.CROSSING: (None, Role.RECEPTION_OFFICER, 72, 24),
    ApprovalStep.Code.ARRIVAL: (None, Role.LOCAL_HEAD, 168, 24),
}

COORDINATION_THRESHOLD = Decimal("50000")


# More roles for the same people: one officer serves the three CPs on the Lebanese border.
EXTRA_MEMBERSHIPS = [
    ("reception.lebanon", Role.RECEPTION_OFFICER, "cp-jaydet-yabus"),
    ("reception.lebanon", Role.RECEPTION_OFFICER, "cp-al-dabusiyah"),
    # The foreign-affairs official also serves the embassies that hand out the handbook.
    ("mfa.official", Role.FOREIGN_AFFAIRS_OFFICIAL, "embassy-beirut"),
    ("mfa.official", Role.FOREIGN_AFFAIRS_OFFICIAL, "embassy-amman"),
    ("mfa.official", Role.FOREIGN_AFFAIRS_OFFICIAL, "embassy-moscow"),
]


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisations, catalogue and people."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-applications", action="store_true",
            help="Only organisations, places, catalogue and people (the tests' clean slate).",
        )

    def handle(self, *args, without_applications=False, **options):
        # The demo's history is not news: its notifications stay in the product, unmailed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self.load(with_applications=not without_applications)

    @transaction.atomic
    def load(self, with_applications=True):
        provinces = {
            code: Province.objects.update_or_create(
                name_en=en, defaults={"name_ar": ar, "name_ru": ru}
            )[0]
            for code, (en, ar, ru) in PROVINCES.items()
        }
        organisations = {}
        for code, (en, ar, ru, kind, parent) in ORGANISATIONS.items():
            organisations[code] = Organisation.objects.update_or_create(
                code=code,
                defaults={"name_en": en, "name_ar": ar, "name_ru": ru, "kind": kind,
                          "parent": organisations.get(parent)},
            )[0]
        towns = {}
        for code, (province, en, ar, ru) in TOWNS.items():
            towns[code] = Town.objects.update_or_create(
                province=provinces[province], name_en=en,
                defaults={"name_ar": ar, "name_ru": ru, "document_language": "ar"},
            )[0]
            Organisation.objects.update_or_create(
                code=f"town-{code}",
                defaults={"name_en": f"Local administration of {en}",
                          "name_ar": f"الإدارة المحلية في {ar}",
                          "name_ru": f"Местная администрация: {ru}",
                          "kind": K.LOCAL_ADMINISTRATION, "town": towns[code]},
            )
        for code, (en, ar, ru, kind, border, people, vehicles) in CHECKPOINTS.items():
            checkpoint = Checkpoint.objects.update_or_create(
                name_en=en,
                defaults={"name_ar": ar, "name_ru": ru, "kind": kind, "border": border,
                          "daily_capacity_people": people, "daily_capacity_vehicles": vehicles},
            )[0]
            Organisation.objects.update_or_create(
                code=f"cp-{code}",
                defaults={"name_en": f"Reception office, {en}",
                          "name_ar": f"مكتب الاستقبال، {ar}",
                          "name_ru": f"Пункт приёма: {ru}",
                          "kind": K.RECEPTION_OFFICE, "checkpoint": checkpoint,
                          "parent": organisations["reception-centre"]},
            )
        for code, (en, ar, ru, category, unit, price, heavy, most) in MATERIALS.items():
            Material.objects.update_or_create(
                code=code,
                defaults={"name_en": en, "name_ar": ar, "name_ru": ru, "category": category,
                          "unit": unit, "unit_price": Decimal(price),
                          "is_heavy_equipment": heavy, "max_quantity_per_line": most},
            )
        for town, sites in SITES.items():
            for kind, name, address in sites:
                Site.objects.update_or_create(
                    town=towns[town], name=name, defaults={"kind": kind, "address": address}
                )
        for username, (first, last, role, organisation, supervisor) in PEOPLE.items():
            person, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last,
                          "email": f"{username}@returns.example"},
            )
            if created:
                person.set_password(DEMO_PASSWORD)
                person.save(update_fields=["password"])
            services.add_membership(
                person=person, organisation=Organisation.objects.get(code=organisation),
                role=role, is_supervisor=supervisor,
            )
        for code, (en, ar, ru) in REASONS.items():
            Reason.objects.update_or_create(
                code=code, defaults={"name_en": en, "name_ar": ar, "name_ru": ru}
            )
        for step, (organisation, role, hours, reminder) in STEPS.items():
            ApprovalStep.objects.update_or_create(
                code=step,
                defaults={"name_en": str(step.label), "organisation":
                          Organisation.objects.get(code=organisation) if organisation else None,
                          "role": role,
                          "deadline_hours": hours, "reminder_hours": reminder},
            )
        if not ApprovalPolicy.objects.exists():
            ApprovalPolicy.objects.create(coordination_threshold=COORDINATION_THRESHOLD)
        for username, role, organisation in EXTRA_MEMBERSHIPS:
            services.add_membership(person=User.objects.get(username=username), role=role,
                                    organisation=Organisation.objects.get(code=organisation))
        # Reading who viewed personal data takes its own permission: the administrator's.
        User.objects.get(username="admin").user_permissions.add(
            Permission.objects.get(codename="read_access_log"))
        # Signing: our authority, the issuing service, and a key for every deciding
        # official, encrypted with their (demo) password.
        ensure_authority_and_service()
        for official in signing_officials():
            ensure_official(official, DEMO_PASSWORD)
        applications = seed_supply_applications() if with_applications else 0
        handbook_version = seed_handbook() if with_applications else 0
        households = seed_returnee_cases() if with_applications else 0
        self.stdout.write(self.style.SUCCESS(
            f"Demo loaded: {Organisation.objects.count()} organisations, "
            f"{Town.objects.count()} towns, {Checkpoint.objects.count()} checkpoints, "
            f"{Material.objects.count()} materials, {len(PEOPLE)} people "
            f"(password {DEMO_PASSWORD!r}), {applications} new supply applications, "
            f"{households} new returnee cases, handbook version {handbook_version or 'kept'}."
        ))
