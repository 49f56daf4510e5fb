from __future__ import annotations

from django.contrib import admin

from nastavnik.people.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "category", "class_name", "organisation", "birth_date"]
    list_filter = ["category", "organisation__municipality"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    autocomplete_fields = ["organisation", "user"]
