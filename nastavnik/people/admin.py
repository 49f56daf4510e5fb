from __future__ import annotations

from django.contrib import admin

from nastavnik.people.models import (
    Consent,
    GuardianLink,
    ImportBatch,
    MenteeProfile,
    MentorProfile,
    Person,
    Topic,
)

# SensitiveInfo is deliberately not here: special categories are for the
# organisation's curator alone, not for the operators of the back office.


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "category", "class_name", "organisation", "birth_date"]
    list_filter = ["category", "organisation__municipality"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    autocomplete_fields = ["organisation", "user"]
    exclude = ["snils"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "code"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "source", "status", "training_done", "capacity"]
    list_filter = ["status", "source", "training_done"]
    search_fields = ["person__last_name", "person__first_name"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["topics"]


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "status", "stated_by"]
    list_filter = ["status", "category"]
    search_fields = ["person__last_name", "person__first_name"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["topics"]


@admin.register(GuardianLink)
class GuardianLinkAdmin(admin.ModelAdmin):
    list_display = ["guardian", "relation", "child", "is_legal_representative"]
    search_fields = ["child__last_name", "guardian__last_name"]
    autocomplete_fields = ["child", "guardian"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "basis", "status", "signed_at", "valid_until"]
    list_filter = ["kind", "status", "basis"]
    search_fields = ["person__last_name", "signer_name"]
    autocomplete_fields = ["person", "signer"]
    readonly_fields = ["signed_at", "revoked_at", "declined_at", "recorded_by"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "organisation",
        "status",
        "created",
        "committed_at",
    ]
    list_filter = ["status"]
    exclude = ["rows", "file"]
    readonly_fields = ["report", "mapping"]
