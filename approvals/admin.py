"""The administrator's screens. People are deactivated, never deleted; memberships go
through approvals.services so that authority and role never disagree."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import services
from .models import Checkpoint, Membership, Organisation, Province, Town, User


@admin.register(User)
class PersonAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((None, {"fields": ("language", "notification_mode")}),)
    list_display = ("username", "first_name", "last_name", "email", "is_active")
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("person", "role", "is_supervisor")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_en", "kind", "town", "checkpoint")
    list_filter = ("kind",)
    search_fields = ("name_en", "name_ar", "name_ru", "code")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "organisation", "role", "is_supervisor")
    list_filter = ("role",)
    autocomplete_fields = ("organisation",)

    def save_model(self, request, obj, form, change):
        services.add_membership(
            person=obj.person, organisation=obj.organisation, role=obj.role,
            is_supervisor=obj.is_supervisor,
        )

    def delete_model(self, request, obj):
        services.end_membership(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.end_membership(membership=membership)


admin.site.register(Province)
admin.site.register(Town, list_display=("name_en", "province", "document_language"))
admin.site.register(
    Checkpoint,
    list_display=("name_en", "kind", "daily_capacity_people", "daily_capacity_vehicles"),
)
