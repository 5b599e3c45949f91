"""Checks on what an applicant typed, all at once, with messages in their language.

Nothing here writes: services call `check_application` and store only when it finds
no problem, so bad input never leaves anything half-stored.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import Material, Site, SupplyApplication, Unit

# Bidi embeddings and overrides reorder what a reviewer reads (a quantity can appear
# to be another): refused with the other control characters. Marks (LRM, RLM) are fine.
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")
_WHOLE_UNITS = {Unit.PIECE, Unit.UNIT}


@dataclass
class LineInput:
    material: str = ""
    site: str = ""
    quantity: str = ""
    unit: str = ""
    note: str = ""


@dataclass
class CleanLine:
    material: Material
    site: Site
    quantity: Decimal
    note: str


@dataclass
class CheckedApplication:
    purpose: str = ""
    supplements: SupplyApplication | None = None
    lines: list[CleanLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def has_control_characters(text: str) -> bool:
    return bool(_BIDI_OVERRIDES.search(text)) or any(
        unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in text
    )


def _quantity(text: str) -> Decimal | None:
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def check_application(
    *, town, purpose: str, supplements_id, lines: list[LineInput], complete: bool,
    application: SupplyApplication | None = None,
) -> CheckedApplication:
    """Every problem of an application at once. `complete` asks for what a submission
    needs beyond a draft (a purpose and at least one line)."""
    checked = CheckedApplication(purpose=(purpose or "").strip())
    problems = checked.problems

    if has_control_characters(checked.purpose):
        problems.append(_("The purpose contains control characters; please retype it."))
    if len(checked.purpose) > 4000:
        problems.append(_("The purpose is too long (at most 4,000 characters)."))
    if complete and not checked.purpose:
        problems.append(_("Say what the materials are for (the purpose)."))

    if supplements_id:
        earlier = SupplyApplication.objects.filter(pk=supplements_id).first()
        if earlier is None or earlier.town_id != town.pk:
            problems.append(_("An application can only supplement an earlier one of the same town."))
        elif application is not None and earlier.pk == application.pk:
            problems.append(_("An application cannot supplement itself."))
        elif earlier.status == SupplyApplication.Status.DRAFT:
            problems.append(_("An application cannot supplement a draft."))
        else:
            checked.supplements = earlier

    materials = Material.objects.in_bulk(
        [line.material for line in lines if str(line.material).isdigit()]
    )
    sites = Site.objects.in_bulk([line.site for line in lines if str(line.site).isdigit()])
    seen = set()
    for number, line in enumerate(lines, start=1):
        before = len(problems)
        material = materials.get(int(line.material)) if str(line.material).isdigit() else None
        site = sites.get(int(line.site)) if str(line.site).isdigit() else None
        quantity = _quantity(line.quantity)
        prefix = _("Line %(number)d") % {"number": number}

        if material is None or not material.is_active:
            problems.append(_("%(line)s: choose a material from the catalogue.") % {"line": prefix})
        if site is None or site.town_id != town.pk:
            problems.append(_("%(line)s: choose a site of %(town)s.") % {"line": prefix, "town": town.name})
        if quantity is None:
            problems.append(_("%(line)s: the quantity must be a number.") % {"line": prefix})
        elif quantity <= 0:
            problems.append(_("%(line)s: the quantity must be more than zero.") % {"line": prefix})
        elif quantity.as_tuple().exponent < -2:
            problems.append(_("%(line)s: at most two decimal places.") % {"line": prefix})
        elif material is not None:
            if quantity > material.max_quantity_per_line:
                problems.append(
                    _("%(line)s: %(quantity)s %(unit)s of %(material)s is more than one application can ask for (at most %(most)s).")
                    % {"line": prefix, "quantity": quantity, "unit": material.get_unit_display(),
                       "material": material.name, "most": material.max_quantity_per_line.normalize()}
                )
            if material.unit in _WHOLE_UNITS and quantity != quantity.to_integral_value():
                problems.append(_("%(line)s: %(material)s is counted in whole %(unit)s.")
                                % {"line": prefix, "material": material.name,
                                   "unit": material.get_unit_display()})
        if material is not None and line.unit and line.unit != material.unit:
            problems.append(
                _("%(line)s: %(material)s is counted in %(right)s, not %(wrong)s.")
                % {"line": prefix, "material": material.name, "right": material.get_unit_display(),
                   "wrong": dict(Unit.choices).get(line.unit, line.unit)}
            )
        if has_control_characters(line.note or ""):
            problems.append(_("%(line)s: the note contains control characters.") % {"line": prefix})
        if len(line.note or "") > 300:
            problems.append(_("%(line)s: the note is too long (at most 300 characters).") % {"line": prefix})
        if material is not None and site is not None:
            if (material.pk, site.pk) in seen:
                problems.append(_("%(line)s: %(material)s for %(site)s is already on another line.")
                                % {"line": prefix, "material": material.name, "site": site.name})
            seen.add((material.pk, site.pk))
        if len(problems) == before:
            checked.lines.append(CleanLine(material, site, quantity, (line.note or "").strip()))

    if complete and not lines:
        problems.append(_("Add at least one line."))
    return checked
