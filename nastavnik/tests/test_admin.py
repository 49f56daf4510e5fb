from __future__ import annotations

from io import StringIO

from django.contrib import admin
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from nastavnik.accounts.models import User


class AdminTestCase(TestCase):
    """The back office opens every list, add form and change form, in Russian."""

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())
        cls.admin = User.objects.create_superuser("root", "root@example.org", "x")

    def test_it_opens_every_registered_model(self) -> None:
        self.client.force_login(self.admin)
        for model in admin.site._registry:
            meta = model._meta
            prefix = f"admin:{meta.app_label}_{meta.model_name}"
            urls = [reverse(f"{prefix}_changelist")]
            # django-axes, the task results of django-tasks-db and the audit
            # log are read-only
            read_only = meta.app_label in ("axes", "django_tasks_database")
            if not read_only and meta.model_name != "auditevent":
                urls.append(reverse(f"{prefix}_add"))
            first = model.objects.first()
            if first is not None:
                urls.append(reverse(f"{prefix}_change", args=[first.pk]))
            for url in urls:
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_speaks_russian(self) -> None:
        self.client.force_login(self.admin)
        r = self.client.get(reverse("admin:index"))
        self.assertContains(r, "Наставник: администрирование")
        self.assertContains(r, "Организации")

    def test_it_keeps_demo_users_out(self) -> None:
        self.client.force_login(User.objects.get(username="curator"))
        r = self.client.get(reverse("admin:index"))
        self.assertEqual(r.status_code, 302)

    def test_it_searches_people(self) -> None:
        self.client.force_login(self.admin)
        url = reverse("admin:people_person_changelist")
        self.assertEqual(self.client.get(url, {"q": "Иван"}).status_code, 200)
