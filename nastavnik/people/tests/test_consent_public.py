from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import AuditEvent
from nastavnik.people import services
from nastavnik.people.models import Consent, ConsentLink, Person, SensitiveInfo
from nastavnik.people.tests.consent_cast import ConsentCastTestCase, make_person


# Midday at the school: a consent signed by link is valid from the school's
# day (Europe/Kirov), which from 21:00 UTC is already tomorrow in UTC.
@time_machine.travel("2026-12-07 12:00+03:00")
class PublicConsentTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.token = self.make_link()
        self.url = reverse("public-consent", args=[self.token])
        self.data = {"confirm": "on", "signer_name": "Иванова Алёна Викторовна"}
        self.events = AuditEvent.objects.count()

    def assertNothingRecorded(self, consent: Consent | None = None) -> None:
        consent = consent or self.consent
        status = consent.status
        consent.refresh_from_db()
        self.assertEqual(consent.status, status)
        self.assertEqual(AuditEvent.objects.count(), self.events)
        self.assertFalse(ConsentLink.objects.filter(used_at__isnull=False).exists())

    def test_it_shows_the_terms_a_parent_understands(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "Муниципальное общеобразовательное учреждение СОШ № 1")
        self.assertContains(r, "Иванов Пётр Сергеевич, 7Б класс")
        self.assertContains(r, "Иванова Алёна Викторовна, законный представитель")
        self.assertContains(r, "Участие в программе наставничества")
        self.assertContains(r, "<li>Дата рождения</li>", html=True)
        self.assertContains(r, "Муниципальному наставническому центру")
        self.assertContains(r, "Пока вы его не отзовёте")
        self.assertContains(r, "Я законный представитель и ознакомлен(а) с условиями")
        self.assertContains(r, "Даю согласие")
        self.assertContains(r, "Не даю согласие")
        self.assertContains(r, "css/public.css")

    def test_it_shows_nothing_else_of_the_organisation(self) -> None:
        SensitiveInfo.objects.create(
            person=self.child, on_register=True, note="Состоит на учёте в ПДН"
        )
        make_person(self.school_a, "Другой", "Ребёнок", category="pupil")
        r = self.client.get(self.url)
        self.assertNotContains(r, "ПДН")
        self.assertNotContains(r, "на учёте")
        self.assertNotContains(r, "Другой")
        self.assertNotContains(r, "Смирнова")
        self.assertNotContains(r, "mother@example.org")
        self.assertNotContains(r, 'class="nav"')

    def test_opening_the_link_records_nothing(self) -> None:
        self.client.get(self.url)
        self.assertNothingRecorded()

    def test_the_page_is_kept_out_of_caches_and_other_sites(self) -> None:
        r = self.client.get(self.url)
        self.assertIn("no-store", r["Cache-Control"])
        self.assertEqual(r["Referrer-Policy"], "same-origin")
        self.assertEqual(r["X-Robots-Tag"], "noindex, nofollow")
        self.assertContains(r, '<meta name="robots" content="noindex, nofollow">')

    def test_a_parent_signs_through_the_link(self) -> None:
        self.assertFalse(self.child.has_valid_consent())
        r = self.client.post(self.url, self.data)
        self.assertContains(r, "Спасибо! Согласие дано.")
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, Consent.Status.SIGNED)
        self.assertEqual(self.consent.channel, Consent.Channel.LINK)
        self.assertEqual(self.consent.signer_name, "Иванова Алёна Викторовна")
        self.assertTrue(self.child.has_valid_consent())
        self.assertIn(self.child, Person.objects.eligible())
        self.assertIsNotNone(ConsentLink.objects.get().used_at)
        event = AuditEvent.objects.first()
        self.assertIsNone(event.user)
        self.assertEqual(event.action, AuditEvent.Action.CONSENT)
        self.assertEqual(event.object_code, self.child.code)

    def test_the_name_ignores_case_yo_and_spaces(self) -> None:
        data = {**self.data, "signer_name": "  иванова   АЛЕНА викторовна "}
        self.assertEqual(self.client.post(self.url, data).status_code, 200)
        self.assertTrue(self.child.has_valid_consent())

    def test_a_name_that_does_not_match_is_a_form_error(self) -> None:
        data = {**self.data, "signer_name": "Петрова Мария Ивановна"}
        r = self.client.post(self.url, data)
        self.assertContains(r, "Имя не совпадает с тем, что записано в организации")
        self.assertNothingRecorded()

    def test_the_confirmation_box_is_required(self) -> None:
        r = self.client.post(self.url, {"signer_name": self.data["signer_name"]})
        self.assertContains(r, "Поставьте отметку, чтобы подтвердить")
        self.assertNothingRecorded()

    def test_a_forged_token_gets_a_clear_page_and_records_nothing(self) -> None:
        url = reverse("public-consent", args=["forged-" + self.token[7:]])
        r = self.client.get(url)
        self.assertContains(r, "Ссылка недействительна", status_code=404)
        self.assertNotContains(r, "СОШ № 1", status_code=404)
        r = self.client.post(url, self.data)
        self.assertEqual(r.status_code, 404)
        self.assertNothingRecorded()

    def test_a_refused_link_leaves_its_token_out_of_the_log(self) -> None:
        forged = reverse("public-consent", args=["forged-" + self.token[7:]])
        with self.assertNoLogs("django.request"):
            self.assertEqual(self.client.get(forged).status_code, 404)
        with (
            time_machine.travel(timezone.now() + timedelta(days=15)),
            self.assertNoLogs("django.request"),
        ):
            self.assertEqual(self.client.get(self.url).status_code, 410)

    def test_an_overlong_token_is_forged_too(self) -> None:
        url = reverse("public-consent", args=["x" * 500])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_expired_link_asks_for_a_new_one_and_records_nothing(self) -> None:
        with time_machine.travel(timezone.now() + timedelta(days=15)):
            r = self.client.get(self.url)
            self.assertContains(
                r,
                "Срок действия ссылки истёк, попросите куратора прислать новую",
                status_code=410,
            )
            r = self.client.post(self.url, self.data)
            self.assertEqual(r.status_code, 410)
        self.assertNothingRecorded()
        self.assertFalse(self.child.has_valid_consent())

    def test_the_link_still_works_after_signing(self) -> None:
        self.client.post(self.url, self.data)
        with time_machine.travel(timezone.now() + timedelta(days=10)):
            r = self.client.get(self.url)
        self.assertContains(r, "Согласие дано")
        self.assertContains(r, "Отозвать согласие")
        self.assertContains(r, reverse("public-consent-revoke", args=[self.token]))
        self.assertNotContains(r, "Даю согласие")

    def test_a_revoked_consent_cannot_be_signed_again(self) -> None:
        consent = services.consent_request(
            person=self.child,
            kind=Consent.Kind.DISSEMINATION,
            user=None,
            signer=self.mother,
        )
        token = self.make_link(consent)
        self.sign(consent)
        services.consent_revoke(consent=consent, user=None)
        self.events = AuditEvent.objects.count()
        url = reverse("public-consent", args=[token])
        r = self.client.get(url)
        self.assertContains(r, "Согласие отозвано")
        self.assertNotContains(r, "Даю согласие")
        r = self.client.post(url, self.data)
        self.assertEqual(r.status_code, 409)
        self.assertNothingRecorded(consent)

    def test_after_revoking_processing_the_link_is_dead(self) -> None:
        self.sign()
        services.consent_revoke(consent=self.consent, user=None)
        self.events = AuditEvent.objects.count()
        r = self.client.post(self.url, self.data)
        self.assertEqual(r.status_code, 404)
        self.assertNothingRecorded()
        self.assertFalse(Person.objects.get(pk=self.child.pk).has_valid_consent())

    def test_a_parent_who_declined_may_change_their_mind(self) -> None:
        services.consent_decline(consent=self.consent, user=None)
        r = self.client.get(self.url)
        self.assertContains(r, "Вы отказались дать согласие")
        self.assertNotContains(r, "Не даю согласие")
        self.client.post(self.url, self.data)
        self.assertTrue(self.child.has_valid_consent())

    def test_an_adult_confirms_without_being_a_representative(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.PROCESSING, user=None
        )
        url = reverse("public-consent", args=[self.make_link(consent)])
        r = self.client.get(url)
        self.assertContains(r, "Я ознакомлен(а) с условиями")
        self.assertContains(r, "ваши (Смирнова Ольга Ивановна)")
        data = {"confirm": "on", "signer_name": "Смирнова Ольга Ивановна"}
        self.client.post(url, data)
        self.assertTrue(self.teacher.has_valid_consent())

    def test_it_needs_csrf(self) -> None:
        self.client.handler.enforce_csrf_checks = True
        self.assertEqual(self.client.post(self.url, self.data).status_code, 403)
        self.assertNothingRecorded()
