"""Who sees what of a returnee case, by need:

- reception officers of the case's CP: the household, its ID documents, the visits, the
  declarations and the crossing;
- medical officers of the CP: the household and the medical notes, not the ID numbers;
- the destination town's local head: the household's names, size and needs;
- the JCC (coordination officers, duty shift): names, size, needs and the case's course;
- observers: counts only (returns.counts), never a case.

Every view of a case, its documents or attachments is logged (PersonalDataAccess).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from approvals import selectors as authority
from approvals.models import User
from approvals.roles import Role

from .models import HouseholdMember, PersonalDataAccess, ReturneeCase


@dataclass(frozen=True)
class CaseAccess:
    details: bool = False       # sex, year of birth, relationship, visits, declarations
    id_numbers: bool = False
    medical: bool = False
    act_at_checkpoint: bool = False
    act_for_town: bool = False
    coordinate: bool = False


def visible_cases(user: User) -> QuerySet[ReturneeCase]:
    if not user.is_active:
        return ReturneeCase.objects.none()
    checkpoints = authority.organisations_where(
        user, Role.RECEPTION_OFFICER, Role.MEDICAL_OFFICER).values("checkpoint")
    towns = authority.organisations_where(user, Role.LOCAL_HEAD).values("town")
    jcc = authority.organisations_where(user, Role.COORDINATION_OFFICER, Role.DUTY_SHIFT)
    query = Q(checkpoint__in=checkpoints) | Q(destination__in=towns)
    if jcc.exists():
        query |= Q(pk__isnull=False)
    return ReturneeCase.objects.filter(query).select_related("checkpoint", "destination")


def access_to(user: User, case: ReturneeCase) -> CaseAccess:
    at_checkpoint = authority.organisations_where(user, Role.RECEPTION_OFFICER).filter(
        checkpoint=case.checkpoint_id).exists()
    medical = authority.organisations_where(user, Role.MEDICAL_OFFICER).filter(
        checkpoint=case.checkpoint_id).exists()
    return CaseAccess(
        details=at_checkpoint or medical, id_numbers=at_checkpoint, medical=medical,
        act_at_checkpoint=at_checkpoint,
        act_for_town=authority.organisations_where(user, Role.LOCAL_HEAD).filter(
            town=case.destination_id).exists(),
        coordinate=authority.organisations_where(user, Role.COORDINATION_OFFICER).exists(),
    )


def get_case_for_user(user: User, pk: int, *, what: str = "case") -> ReturneeCase:
    """The case, if the person may see it (404 otherwise); the view is logged."""
    case = get_object_or_404(visible_cases(user), pk=pk)
    PersonalDataAccess.objects.create(person=user, case=case, what=what)
    return case


def case_list(user: User, *, status: str = ""):
    cases = visible_cases(user).annotate(size=Count("members"))
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-registered_at", "-pk")


def counts(*, since=None) -> list[dict]:
    """Returns per CP: people, women, children; the only view observers have."""
    adult_year = timezone.localdate().year - 18
    members = HouseholdMember.objects.exclude(case__status=ReturneeCase.Status.WITHDRAWN)
    if since is not None:
        members = members.filter(case__registered_at__gte=since)
    return list(
        members.values("case__checkpoint__name_en", "case__checkpoint")
        .annotate(people=Count("pk"),
                  women=Count("pk", filter=Q(sex="F", year_of_birth__lte=adult_year)),
                  children=Count("pk", filter=Q(year_of_birth__gt=adult_year)),
                  households=Count("case", distinct=True))
        .order_by("case__checkpoint__name_en")
    )


def may_read_access_log(user: User) -> bool:
    return user.is_active and user.has_perm("requests.read_access_log")


def access_log(case: ReturneeCase | None = None):
    entries = PersonalDataAccess.objects.select_related("person", "case")
    return entries.filter(case=case) if case else entries
