"""Deliveries against an approved application: dispatch in shipments, receipt per line,
and the shortfall turned into a supplementary application. The only writers of
Shipment and ShipmentLine."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import selectors as authority
from approvals import services as approvals_services
from approvals.models import HistoryEvent, User
from approvals.roles import Role

from .models import ApplicationLine, Shipment, ShipmentLine, SupplyApplication
from .services import save_draft
from .validation import LineInput


def delivery_totals(application: SupplyApplication) -> dict[int, dict[str, Decimal]]:
    """Per line: approved, dispatched, received, still to dispatch, shortfall."""
    shipped = {
        row["line"]: row for row in ShipmentLine.objects.filter(shipment__application=application)
        .values("line").annotate(dispatched=Sum("quantity"), received=Sum("received_quantity"))
    }
    totals = {}
    for line in application.lines.all():
        approved = line.approved_quantity or Decimal("0")
        dispatched = shipped.get(line.pk, {}).get("dispatched") or Decimal("0")
        received = shipped.get(line.pk, {}).get("received") or Decimal("0")
        totals[line.pk] = {"approved": approved, "dispatched": dispatched, "received": received,
                           "to_dispatch": approved - dispatched,
                           "shortfall": approved - received}
    return totals


def _require(actor: User, role: str, application: SupplyApplication | None = None) -> None:
    organisations = authority.organisations_where(actor, role)
    if application is not None and role == Role.LOCAL_HEAD:
        organisations = organisations.filter(town=application.town_id)
    if not organisations.exists():
        raise PermissionDenied


@transaction.atomic
def dispatch(*, application: SupplyApplication, actor: User, quantities: dict[int, Decimal],
             note: str = "") -> Shipment:
    """A shipment leaves: never more, per line, than approved and not yet dispatched."""
    _require(actor, Role.LOGISTICS_STAFF)
    application = SupplyApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != SupplyApplication.Status.APPROVED:
        raise ValidationError(_("Only an approved application can be dispatched."))
    totals = delivery_totals(application)
    lines = {line.pk: line for line in application.lines.select_related("material")}
    wanted = {pk: quantity for pk, quantity in quantities.items() if quantity}
    problems = []
    for pk, quantity in wanted.items():
        if pk not in lines:
            problems.append(_("A line of another application was given."))
        elif quantity < 0 or quantity > totals[pk]["to_dispatch"]:
            problems.append(_("%(material)s: between 0 and %(most)s can still be dispatched.")
                            % {"material": lines[pk].material.name,
                               "most": totals[pk]["to_dispatch"].normalize()})
    if not wanted:
        problems.append(_("Enter what leaves in this shipment."))
    if problems:
        raise ValidationError(problems)
    shipment = Shipment.objects.create(
        application=application, number=application.shipments.count() + 1,
        dispatched_at=timezone.now(), dispatched_by=actor, note=note.strip()[:300])
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, line_id=pk, quantity=quantity)
        for pk, quantity in wanted.items())
    approvals_services.record_event(
        kind=HistoryEvent.Kind.DISPATCHED, application=application, actor=actor,
        note=note.strip(), data={"shipment": shipment.number})
    approvals_services.notify(
        recipient=application.applicant,
        subject=gettext_lazy("Shipment %(shipment)s of %(number)s is on its way: "
                             "confirm its receipt"),
        params={"number": application.number, "shipment": shipment.number},
        url=application.get_absolute_url())
    return shipment


@transaction.atomic
def confirm_receipt(*, shipment: Shipment, actor: User, received: dict[int, Decimal]) -> None:
    """The local head confirms what arrived, line by line."""
    _require(actor, Role.LOCAL_HEAD, shipment.application)
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if shipment.received_at is not None:
        raise ValidationError(_("This shipment's receipt is already confirmed."))
    problems = []
    lines = list(shipment.lines.select_related("line__material"))
    for shipped in lines:
        quantity = received.get(shipped.pk)
        if quantity is None or quantity < 0 or quantity > shipped.quantity:
            problems.append(_("%(material)s: received between 0 and %(most)s.")
                            % {"material": shipped.line.material.name,
                               "most": shipped.quantity.normalize()})
    if problems:
        raise ValidationError(problems)
    for shipped in lines:
        shipped.received_quantity = received[shipped.pk]
        shipped.save(update_fields=["received_quantity"])
    shipment.received_at, shipment.received_by = timezone.now(), actor
    shipment.save(update_fields=["received_at", "received_by"])
    short = [s for s in lines if s.received_quantity < s.quantity]
    approvals_services.record_event(
        kind=HistoryEvent.Kind.RECEIVED, application=shipment.application, actor=actor,
        note=", ".join(f"{s.line.material.name_en}: {s.received_quantity.normalize()}/"
                       f"{s.quantity.normalize()}" for s in short),
        data={"shipment": shipment.number, "short": len(short)})


def request_shortfall(*, application: SupplyApplication, actor: User) -> SupplyApplication:
    """One step: a draft supplementing the application with what did not arrive of what
    was dispatched and received in full shipments."""
    _require(actor, Role.LOCAL_HEAD, application)
    # What left and did not arrive, over the shipments whose receipt is confirmed; what
    # is still to be dispatched or on its way is not short.
    short = {
        row["line"]: row["short"] for row in ShipmentLine.objects.filter(
            shipment__application=application, shipment__received_at__isnull=False)
        .values("line").annotate(short=Sum(F("quantity") - F("received_quantity")))
    }
    lines = [
        LineInput(material=str(line.material_id), site=str(line.site_id),
                  quantity=str(short[line.pk]), unit=line.material.unit,
                  note=_("Shortfall of %(number)s") % {"number": application.number})
        for line in ApplicationLine.objects.filter(application=application).select_related(
            "material")
        if short.get(line.pk, 0) > 0
    ]
    if not lines:
        raise ValidationError(_("Nothing is short."))
    draft, problems = save_draft(
        actor=actor, town=application.town, supplements_id=application.pk, lines=lines,
        purpose=_("Shortfall of the deliveries against %(number)s") % {
            "number": application.number})
    if problems:
        raise ValidationError(problems)
    return draft
