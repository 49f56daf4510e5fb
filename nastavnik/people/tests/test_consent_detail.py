from __future__ import annotations

from django.urls import reverse

from nastavnik.people.tests.consent_cast import ConsentCastTestCase


class ConsentDetailTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-consent-detail", args=[self.consent.code])

    def test_it_works(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Согласие на обработку персональных данных")
        self.assertContains(r, "Иванов Пётр Сергеевич")
        self.assertContains(r, "Иванова Алёна Викторовна")
        self.assertContains(r, "ожидает подписи")
        self.assertContains(r, "Отметить подписанным на бумаге")
        self.assertContains(r, "Отправить ссылку родителю")
        self.assertContains(r, reverse("people-consent-form", args=[self.consent.code]))
        self.assertNotContains(r, "Отозвать")

    def test_it_offers_revocation_once_signed(self) -> None:
        self.sign()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "подписано")
        self.assertContains(
            r, reverse("people-consent-revoke", args=[self.consent.code])
        )
        self.assertNotContains(r, "Отметить подписанным на бумаге")

    def test_it_never_shows_a_link_again(self) -> None:
        token = self.make_link()
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertNotContains(r, token)
        self.assertContains(r, "mother@example.org")

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_municipal_coordinator_cannot_see_it(self) -> None:
        self.client.force_login(self.mila)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_handles_an_unknown_code(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("people-consent-detail", args=[self.child.code])
        self.assertEqual(self.client.get(url).status_code, 404)
