from __future__ import annotations

from django.contrib import admin

from nastavnik.reports.models import Report, ReportEvent


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["created", "user", "action", "comment"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "period_start", "due_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["organisation__short_name", "organisation__inn"]
    raw_id_fields = ["organisation", "created_by"]
    inlines = [ReportEventInline]
