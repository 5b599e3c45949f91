"""What changed between two submissions, line by line: the reviewer sees it on
resubmission, the applicant sees what was returned."""

from dataclasses import dataclass
from decimal import Decimal

from .models import Material, Site, SupplyApplication


@dataclass
class LineChange:
    material: str
    site: str
    unit: str
    before: Decimal | None  # None: the line is new
    after: Decimal | None  # None: the line was removed

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if self.before != self.after else "same"


def revision_diff(application: SupplyApplication) -> list[LineChange] | None:
    """Changes from the previous submission to the latest one; None before a resubmission."""
    revisions = list(application.revisions.order_by("-number")[:2])
    if len(revisions) < 2:
        return None
    latest, previous = revisions

    def by_key(revision):
        return {(line["material"], line["site"]): line for line in revision.lines}

    before, after = by_key(previous), by_key(latest)
    keys = set(before) | set(after)
    materials = Material.objects.in_bulk({material for material, _site in keys})
    sites = Site.objects.in_bulk({site for _material, site in keys})
    changes = []
    for key in list(before) + [key for key in after if key not in before]:
        old, new = before.get(key), after.get(key)
        line = new or old
        material, site = materials.get(key[0]), sites.get(key[1])
        changes.append(LineChange(
            material=material.name if material else line["material_name"],
            site=site.name if site else line["site_name"],
            unit=material.get_unit_display() if material else line["unit"],
            before=Decimal(old["quantity"]) if old else None,
            after=Decimal(new["quantity"]) if new else None,
        ))
    return changes
