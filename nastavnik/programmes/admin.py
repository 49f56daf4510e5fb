from __future__ import annotations

from django.contrib import admin

from nastavnik.programmes.models import MentorshipForm, Programme, Roadmap


@admin.register(MentorshipForm)
class MentorshipFormAdmin(admin.ModelAdmin):
    list_display = ["name", "federal_form", "track", "organisation", "is_active"]
    list_filter = ["track", "is_active"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["organisation"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "school_year", "status"]
    list_filter = ["status", "school_year"]
    raw_id_fields = ["organisation", "curator"]


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "municipality", "template"]
    raw_id_fields = ["programme", "municipality"]
