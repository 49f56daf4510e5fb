from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import AuditEvent, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["region", "municipality", "organisation"]
    fields = ["role", "region", "municipality", "organisation", "is_active"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "last_name", "first_name", "email"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Personal info"),
            {"fields": ["last_name", "first_name", "patronymic", "email"]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "role",
        "region",
        "municipality",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__short_name"]
    autocomplete_fields = ["user", "region", "municipality", "organisation"]
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate selected memberships"))
    def deactivate(self, request, queryset) -> None:
        queryset.update(is_active=False)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: a log that can be edited proves nothing."""

    list_display = ["created", "user", "organisation", "action", "object_type"]
    list_filter = ["action", "object_type"]
    search_fields = ["user__username", "object_code", "organisation__short_name"]
    date_hierarchy = "created"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
