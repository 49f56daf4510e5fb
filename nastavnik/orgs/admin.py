from __future__ import annotations

from django.contrib import admin
from django.db import models

from nastavnik.orgs.models import Municipality, Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "centre_name"]
    list_filter = ["region"]
    search_fields = ["name", "centre_name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "type", "inn", "municipality", "head_name"]
    list_filter = ["type", "municipality__region", "municipality"]
    search_fields = ["short_name", "name", "inn"]
    autocomplete_fields = ["municipality"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
