"""The administrator's screens. People are deactivated, never deleted; memberships go
through approvals.services so that authority and role never disagree."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import services
from .models import (
    ApprovalPolicy,
    ApprovalStep,
    Checkpoint,
    Delegation,
    HistoryEvent,
    Membership,
    Organisation,
    Province,
    Reason,
    Town,
    User,
)


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

    def get_readonly_fields(self, request, obj=None):
        # Who, where and which role are the membership: change them by ending it and
        # adding another, so that authority never outlives the role.
        return ("person", "organisation", "role") if obj else ()

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


@admin.register(ApprovalStep)
class ApprovalStepAdmin(admin.ModelAdmin):
    list_display = ("code", "organisation", "role", "deadline_hours", "reminder_hours")


@admin.register(ApprovalPolicy)
class ApprovalPolicyAdmin(admin.ModelAdmin):
    """A new policy row replaces the one in force; old rows stay as the record."""

    list_display = ("coordination_threshold", "currency", "created_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reason)
class ReasonAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ar", "name_ru", "is_active")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEvent)
class HistoryEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "application", "actor", "on_behalf_of")
    list_filter = ("kind",)


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ("principal", "acting", "starts_on", "ends_on", "revoked_at")
