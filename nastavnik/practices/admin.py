from __future__ import annotations

from django.contrib import admin

from nastavnik.practices.models import Award, AwardOrder, Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "form", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__short_name"]
    raw_id_fields = ["organisation", "pairing", "created_by"]


class AwardInline(admin.TabularInline):
    model = Award
    raw_id_fields = ["person"]
    extra = 0


@admin.register(AwardOrder)
class AwardOrderAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "organisation"]
    search_fields = ["number", "organisation__short_name"]
    raw_id_fields = ["organisation", "created_by"]
    inlines = [AwardInline]
