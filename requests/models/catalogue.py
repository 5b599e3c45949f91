"""The material catalogue and the sites to rebuild."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.models import Town, TranslatedName


class Unit(models.TextChoices):
    CUBIC_METRE = "m3", _("m³")
    PIECE = "pieces", _("pieces")
    METRE = "m", _("m")
    KILOGRAM = "kg", _("kg")
    UNIT = "units", _("units")


class Material(TranslatedName):
    """An item of the catalogue, with the one unit it is counted in."""

    class Category(models.TextChoices):
        BUILDING = "building", _("Building materials")
        ENGINEERING = "engineering", _("Pipes and cable")
        FINISHING = "finishing", _("Finishing materials")
        EQUIPMENT = "equipment", _("Heavy equipment")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    # Estimated price per unit, used to decide whether an application needs the JCC.
    unit_price = models.DecimalField(
        _("estimated price per unit"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Which materials count as heavy equipment is data an administrator changes.
    is_heavy_equipment = models.BooleanField(_("heavy equipment"), default=False)
    # A line above this is absurd for one application and is refused with a message.
    max_quantity_per_line = models.DecimalField(
        _("largest quantity on one line"), max_digits=12, decimal_places=2
    )
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["category", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="material_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_quantity_per_line__gt=0), name="material_max_quantity_positive"
            ),
        ]


class Site(models.Model):
    """A place to rebuild in a town: a house, a school, a water pump station..."""

    class Kind(models.TextChoices):
        HOUSE = "house", _("House")
        SCHOOL = "school", _("School")
        WATER_PUMP_STATION = "water_pump_station", _("Water pump station")
        BAKERY = "bakery", _("Bakery")
        DWELLINGS = "dwellings", _("Dwellings")
        MEDICAL = "medical", _("Medical facility")
        OTHER = "other", _("Other")

    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="sites", verbose_name=_("town")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["town", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="site_name_unique_in_town")
        ]

    def __str__(self):
        return self.name
