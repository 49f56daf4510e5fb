from __future__ import annotations

import io
import re
from unittest.mock import patch

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from nastavnik.people import services
from nastavnik.people.models import Consent, ConsentLink
from nastavnik.people.tests.consent_cast import ConsentCastTestCase

LINK_RE = re.compile(r"http://testserver/consent/([\w-]+)/")


class ConsentLinkTestCase(ConsentCastTestCase):
    def setUp(self) -> None:
        self.url = reverse("people-consent-link", args=[self.consent.code])

    def _send(self) -> tuple[str, str]:
        """Post as alice; return the page and the token shown on it."""
        self.client.force_login(self.alice)
        r = self.client.post(self.url)
        self.assertEqual(r.status_code, 200)
        page = r.content.decode()
        return page, LINK_RE.search(page).group(1)

    def test_it_shows_the_link_once(self) -> None:
        page, token = self._send()
        self.assertIn("Ссылка показана только сейчас", page)
        self.assertIn("Скопировать ссылку", page)
        link = ConsentLink.objects.get()
        self.assertEqual(link.consent, self.consent)
        self.assertEqual(link.created_by, self.alice)
        self.assertEqual(link.sent_to, "mother@example.org")
        self.assertEqual(services.consent_link_find(token), link)
        r = self.client.get(reverse("people-consent-detail", args=[self.consent.code]))
        self.assertNotContains(r, token)

    def test_the_page_with_the_link_is_not_cached(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url)
        self.assertIn("no-store", r.headers["Cache-Control"])

    def test_the_token_never_reaches_the_database(self) -> None:
        _page, token = self._send()
        self.assertEqual(ConsentLink.objects.get().token_hash, ConsentLink.hash(token))
        dump = io.StringIO()
        call_command("dumpdata", stdout=dump)
        self.assertNotIn(token, dump.getvalue())

    def test_it_emails_the_link_to_the_signer(self) -> None:
        _page, token = self._send()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["mother@example.org"])
        self.assertIn(
            "СОШ № 1: согласие на обработку персональных данных", message.subject
        )
        self.assertIn(f"http://testserver/consent/{token}/", message.body)
        self.assertIn("Иванова Алёна Викторовна", message.body)
        self.assertIn("Иванов Пётр Сергеевич", message.body)
        html = message.alternatives[0][0]
        self.assertIn(f"http://testserver/consent/{token}/", html)

    def test_a_new_link_invalidates_the_old_one(self) -> None:
        _page, old = self._send()
        _page, new = self._send()
        self.assertNotEqual(old, new)
        self.assertEqual(ConsentLink.objects.count(), 1)
        self.assertIsNone(services.consent_link_find(old))
        self.client.logout()
        r = self.client.get(reverse("public-consent", args=[old]))
        self.assertEqual(r.status_code, 404)
        r = self.client.get(reverse("public-consent", args=[new]))
        self.assertEqual(r.status_code, 200)

    def test_without_an_email_the_curator_passes_the_link_on(self) -> None:
        self.mother.email = ""
        self.mother.save()
        page, _token = self._send()
        self.assertIn("У подписанта нет адреса электронной почты", page)
        self.assertEqual(mail.outbox, [])

    def test_a_mail_failure_still_shows_the_link(self) -> None:
        with patch("nastavnik.people.consent_views.emails.send", side_effect=OSError):
            page, token = self._send()
        self.assertIn("Письмо отправить не удалось", page)
        self.assertIsNotNone(services.consent_link_find(token))

    def test_an_adult_gets_the_link_at_their_own_email(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.PROCESSING, user=None
        )
        self.client.force_login(self.alice)
        self.client.post(reverse("people-consent-link", args=[consent.code]))
        self.assertEqual(mail.outbox[0].to, ["teacher@example.org"])

    def test_a_revoked_consent_gets_no_link(self) -> None:
        consent = services.consent_request(
            person=self.teacher, kind=Consent.Kind.DISSEMINATION, user=None
        )
        self.sign(consent)
        services.consent_revoke(consent=consent, user=None)
        self.client.force_login(self.alice)
        url = reverse("people-consent-link", args=[consent.code])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Отозванное согласие нельзя подписать снова")
        self.assertFalse(ConsentLink.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_requires_post(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertFalse(ConsentLink.objects.exists())

    def test_it_works_for_the_teammate(self) -> None:
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        for user in (self.charlie, self.mila):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertFalse(ConsentLink.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_requires_rw_access(self) -> None:
        self.demote_bob()
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertFalse(ConsentLink.objects.exists())
