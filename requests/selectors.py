"""Reads of supply applications that apply a person's authority: local heads see their
towns' applications; the officials who decide them (and their acting approvers) see all;
everyone else sees none. "Missing" and "not yours" both answer 404."""

from django.db import models
from django.db.models import Exists, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from approvals import selectors as authority
from approvals.models import Town, User
from approvals.roles import Role

from .models import ApplicationLine, Material, ShipmentLine, Site, SupplyApplication

DECIDING_ROLES = (Role.MINISTRY_OFFICIAL, Role.COORDINATION_OFFICER, Role.LOGISTICS_STAFF,
                  Role.ADMINISTRATOR)


def applicant_towns(user: User) -> QuerySet[Town]:
    """Towns for which the person may file applications."""
    return Town.objects.filter(
        local_administration__in=authority.organisations_where(user, Role.LOCAL_HEAD)
    ).order_by("name_en")


def visible_applications(user: User) -> QuerySet[SupplyApplication]:
    if not user.is_active:
        return SupplyApplication.objects.none()
    own_towns = authority.organisations_where(user, Role.LOCAL_HEAD).values("town")
    deciding = authority.organisations_where(user, *DECIDING_ROLES, acting=True)
    return SupplyApplication.objects.filter(Q(town__in=own_towns) | Exists(deciding))


def application_list(user: User, *, status: str = "", town: str = "", search: str = ""):
    applications = visible_applications(user).select_related(
        "town", "applicant", "supplements"
    )
    if status:
        applications = applications.filter(status=status)
    if town.isdigit():
        applications = applications.filter(town_id=int(town))
    if search:
        applications = applications.filter(
            Q(number__icontains=search) | Q(purpose__icontains=search)
        )
    return applications


def get_application_for_user(user: User, pk: int) -> SupplyApplication:
    return get_object_or_404(
        visible_applications(user).select_related("town__province", "applicant", "supplements"),
        pk=pk,
    )


def editable_application_for_user(user: User, pk: int) -> SupplyApplication:
    """Only the town's local heads edit, and only drafts and returned applications."""
    application = get_object_or_404(
        SupplyApplication.objects.filter(
            town__in=applicant_towns(user),
            status__in=[SupplyApplication.Status.DRAFT, SupplyApplication.Status.RETURNED],
        ).select_related("town"),
        pk=pk,
    )
    return application


def sites_of(town: Town) -> QuerySet[Site]:
    return town.sites.order_by("name")


def earlier_applications(town: Town, *, excluding: int | None = None):
    """What a new application of the town may supplement."""
    return (
        SupplyApplication.objects.filter(town=town)
        .exclude(status=SupplyApplication.Status.DRAFT)
        .exclude(pk=excluding)
        .order_by("-submitted_at")
    )


def supplement_chain(application: SupplyApplication) -> list[int]:
    """The application, the earlier ones it supplements and the later ones that supplement
    it: one chain of requests of one town."""
    root = application
    seen = {root.pk}
    while root.supplements_id and root.supplements_id not in seen:
        root = SupplyApplication.objects.only("pk", "supplements").get(pk=root.supplements_id)
        seen.add(root.pk)
    chain, frontier = {root.pk}, [root.pk]
    while frontier:
        frontier = list(
            SupplyApplication.objects.filter(supplements__in=frontier)
            .exclude(pk__in=chain).values_list("pk", flat=True)
        )
        chain.update(frontier)
    return sorted(chain)


def running_totals(applications) -> list[dict]:
    """Requested, approved, dispatched and received per site and material, over submitted
    applications (drafts and rejected ones count for nothing)."""
    rows = (
        ApplicationLine.objects.filter(application__in=applications)
        .exclude(application__status__in=[SupplyApplication.Status.DRAFT,
                                          SupplyApplication.Status.REJECTED])
        .values("site", "material")
        .annotate(
            requested=Sum("quantity"),
            approved=Sum("approved_quantity",
                         filter=Q(application__status=SupplyApplication.Status.APPROVED)),
        )
        .order_by("site", "material")
    )
    rows = list(rows)
    shipped = {
        (row["line__site"], row["line__material"]): row
        for row in ShipmentLine.objects.filter(line__application__in=applications)
        .values("line__site", "line__material")
        .annotate(dispatched=Sum("quantity"), received=Sum("received_quantity"))
    }
    for row in rows:
        delivered = shipped.get((row["site"], row["material"]), {})
        row["dispatched"] = delivered.get("dispatched") or 0
        row["received"] = delivered.get("received") or 0
    sites = Site.objects.in_bulk({row["site"] for row in rows})
    materials = Material.objects.in_bulk({row["material"] for row in rows})
    for row in rows:
        row["site"] = sites[row["site"]]
        row["material"] = materials[row["material"]]
        row["approved"] = row["approved"] or 0
    return rows


def is_logistics(user: User) -> bool:
    return user.is_active and authority.organisations_where(
        user, Role.LOGISTICS_STAFF, acting=True).exists()


def approved_orders(user: User):
    """Approved applications with their delivery order, newest first."""
    from documents.models import Document

    return (visible_applications(user).filter(status=SupplyApplication.Status.APPROVED)
            .select_related("town").prefetch_related(
                models.Prefetch("documents", to_attr="orders",
                                queryset=Document.objects.filter(kind="delivery_order")))
            .order_by("-decided_at"))


def order_documents(user: User, application_ids: list[int]):
    from documents.models import Document

    return Document.objects.filter(
        kind=Document.Kind.DELIVERY_ORDER, application__in=visible_applications(user).filter(
            pk__in=application_ids)).order_by("application__decided_at", "pk")
