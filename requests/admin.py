from django.contrib import admin

from .models import Material, Site


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("name_en", "category", "unit", "unit_price", "is_heavy_equipment", "is_active")
    list_filter = ("category", "is_heavy_equipment", "is_active")
    list_editable = ("unit_price", "is_heavy_equipment", "is_active")


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "town", "kind", "address")
    list_filter = ("kind", "town")
