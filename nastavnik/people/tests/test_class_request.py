from __future__ import annotations

import re
from unittest.mock import patch

import time_machine
from django.core import mail
from django.urls import reverse

from nastavnik.people import services
from nastavnik.people.models import Consent, ConsentLink
from nastavnik.people.tests.class_cast import NOW, ClassCastTestCase

LINK_RE = re.compile(r"http://testserver/consent/([\w-]+)/")


@time_machine.travel(NOW, tick=False)
class ClassRequestTestCase(ClassCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-class-request", args=[self.school_a.code])
        self.client.force_login(self.alice)

    def _post(self, class_name: str = "7Б", follow: bool = True, **data):
        data = {"class_name": class_name, "transfer_municipal": "on", **data}
        return self.client.post(self.url, data, follow=follow)

    def test_it_asks_every_pupil_of_the_class_in_one_action(self) -> None:
        r = self._post()
        self.assertEqual(r.status_code, 200)
        abramov = Consent.objects.get(person=self.abramov)
        self.assertEqual(abramov.status, Consent.Status.PENDING)
        self.assertEqual(abramov.basis, Consent.Basis.REPRESENTATIVE)
        self.assertEqual(abramov.signer, self.mother)
        self.assertTrue(abramov.transfer_municipal)
        self.assertEqual(Consent.objects.get(person=self.borisova).signer, self.father)
        self.assertEqual(self.volkov.consents.count(), 0)
        self.assertEqual(self.gromova.consents.count(), 1)
        self.assertEqual(self.yakovlev.consents.count(), 0)
        self.assertContains(r, "2 согласия ожидают подписи.")
        self.assertContains(r, "1 персональная ссылка отправлена по почте.")
        self.assertContains(r, "1 ученик уже дал согласие.")

    def test_it_emails_the_personal_links(self) -> None:
        r = self._post()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["abramova@example.org"])
        token = LINK_RE.search(message.body).group(1)
        link = services.consent_link_find(token)
        self.assertEqual(link.consent.person, self.abramov)
        self.assertEqual(link.sent_to, "abramova@example.org")
        self.assertContains(r, "Абрамов Артём, 7Б — abramova@example.org")
        self.assertNotContains(r, token)

    def test_the_outcome_is_shown_after_a_redirect_so_a_reload_sends_nothing(
        self,
    ) -> None:
        r = self._post(follow=False)
        asked = reverse("people-class-asked", args=[self.school_a.code])
        self.assertRedirects(r, asked)
        self.client.get(asked)
        r = self.client.get(asked)
        self.assertContains(r, "1 персональная ссылка отправлена по почте.")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(self.abramov.consents.count(), 1)

    def test_it_lists_the_pupils_without_a_guardian_or_an_email(self) -> None:
        r = self._post()
        page = r.content.decode()
        no_guardian = page.index("Нет законного представителя")
        no_email = page.index("Нет электронной почты")
        self.assertLess(no_guardian, page.index("Волков Денис"), no_email)
        self.assertGreater(page.index("Борисова Вера"), no_email)
        self.assertContains(r, reverse("people-guardian-add", args=[self.volkov.code]))

    def test_a_waiting_consent_without_an_email_is_listed_again(self) -> None:
        consent = services.consent_request(
            person=self.borisova,
            kind=Consent.Kind.PROCESSING,
            user=self.alice,
            signer=self.father,
        )
        # a link the curator passed on by phone earlier
        services.consent_link_create(
            consent=consent, user=self.alice, sent_to="+7 900 000-00-02"
        )
        page = self._post().content.decode()
        self.assertEqual(self.borisova.consents.get(), consent)
        self.assertGreater(
            page.index("Борисова Вера"), page.index("Нет электронной почты")
        )

    def test_a_guardian_who_is_not_a_legal_representative_does_not_sign(self) -> None:
        r = self._post("5А")
        self.assertEqual(self.yakovlev.consents.count(), 0)
        self.assertContains(r, "Яковлев Яков")
        self.assertContains(r, "0 согласий ожидают подписи.")

    def test_asking_again_sends_new_links_and_makes_no_second_consent(self) -> None:
        self._post()
        old = LINK_RE.search(mail.outbox[0].body).group(1)
        self._post()
        self.assertEqual(self.abramov.consents.count(), 1)
        self.assertEqual(self.borisova.consents.count(), 1)
        self.assertEqual(len(mail.outbox), 2)
        self.assertIsNone(services.consent_link_find(old))
        self.assertEqual(ConsentLink.objects.count(), 1)

    def test_nothing_is_saved_when_one_consent_fails(self) -> None:
        real = services.consent_link_create

        def fail_on_second(**kwargs):
            if ConsentLink.objects.exists():
                raise RuntimeError("the disk is full")
            return real(**kwargs)

        self.borisova.email = "vera@example.org"
        self.borisova.save()
        self.father.email = "borisov@example.org"
        self.father.save()
        with (
            patch.object(services, "consent_link_create", fail_on_second),
            self.assertRaises(RuntimeError),
        ):
            self._post()
        self.assertFalse(Consent.objects.filter(status="pending").exists())
        self.assertFalse(ConsentLink.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_letter_that_cannot_be_sent_is_listed(self) -> None:
        with patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=OSError("connection refused"),
        ):
            r = self._post()
        self.assertContains(r, "Письма не отправлены")
        self.assertContains(r, "0 персональных ссылок отправлено по почте.")
        self.assertEqual(Consent.objects.get(person=self.abramov).status, "pending")

    def test_a_term_in_the_past_is_refused_and_nothing_is_asked(self) -> None:
        r = self._post(valid_until="01.10.2026", follow=False)
        self.assertRedirects(
            r,
            reverse("people-class-consents", args=[self.school_a.code])
            + "?class_name=7%D0%91",
            fetch_redirect_response=False,
        )
        self.assertFalse(Consent.objects.filter(status="pending").exists())
        r = self.client.get(r.url)
        self.assertContains(r, "Срок должен закончиться в будущем.")

    def test_an_unknown_class_is_a_bad_request(self) -> None:
        self.assertEqual(self._post("9Я").status_code, 400)
        self.assertEqual(self._post("").status_code, 400)

    def test_it_requires_post(self) -> None:
        r = self.client.get(self.url + "?class_name=7Б")
        self.assertEqual(r.status_code, 405)

    def test_the_teammate_may_ask(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self._post().status_code, 200)
        self.assertEqual(self.abramov.consents.get().recorded_by, self.bob)

    def test_a_mentor_of_the_school_may_not(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self._post().status_code, 404)
        self.assertFalse(Consent.objects.filter(status="pending").exists())

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self._post().status_code, 404)
        self.assertFalse(Consent.objects.filter(status="pending").exists())

    def test_an_outsider_asks_only_their_own_class(self) -> None:
        self.client.force_login(self.charlie)
        url = reverse("people-class-request", args=[self.school_c.code])
        r = self.client.post(url, {"class_name": "7Б"}, follow=True)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Consent.objects.filter(status="pending").count(), 1)
        self.assertEqual(self.other.consents.count(), 1)
        self.assertEqual(mail.outbox[0].to, ["inna@example.org"])


@time_machine.travel(NOW, tick=False)
class BulkRequestTestCase(ClassCastTestCase):
    def test_the_ticked_pupils_are_asked_from_the_list(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-bulk", args=[self.school_a.code])
        data = {
            "action": "request_consents",
            "people": [self.yakovlev.code, self.abramov.code],
        }
        r = self.client.post(url, data, follow=True)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.abramov.consents.count(), 1)
        self.assertEqual(self.borisova.consents.count(), 0)
        self.assertContains(r, "Яковлев Яков</a>, 5А")
        self.assertContains(r, f"people={self.abramov.code}")
        self.assertEqual(len(mail.outbox), 1)

    def test_an_outsider_cannot_tick_another_schools_pupils(self) -> None:
        self.client.force_login(self.charlie)
        url = reverse("people-bulk", args=[self.school_c.code])
        data = {"action": "request_consents", "people": [self.abramov.code]}
        self.assertEqual(self.client.post(url, data).status_code, 400)
        self.assertEqual(self.abramov.consents.count(), 0)


class ClassAskedTestCase(ClassCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-class-asked", args=[self.school_a.code])

    def test_without_a_request_it_goes_to_the_classes(self) -> None:
        self.client.force_login(self.bob)
        r = self.client.get(self.url)
        self.assertRedirects(r, reverse("people-class-list", args=[self.school_a.code]))

    def test_the_outcome_is_not_shown_under_another_organisation(self) -> None:
        self.client.force_login(self.charlie)
        url = reverse("people-class-request", args=[self.school_c.code])
        self.client.post(url, {"class_name": "7Б"})
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_outsider_gets_404(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
