from __future__ import annotations

from django.contrib import admin

from nastavnik.practices.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "form", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__short_name"]
    raw_id_fields = ["organisation", "pairing", "created_by"]
