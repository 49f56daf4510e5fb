from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from nastavnik.people.models import ImportBatch
from nastavnik.programmes.forms import MAX_EVIDENCE_BYTES
from nastavnik.programmes.models import Evidence, Item
from nastavnik.programmes.tests.factory import make_programme
from nastavnik.test import BaseTestCase

PDF = b"%PDF-1.4\n% a scanned order\n"


class EvidenceTestCase(BaseTestCase):
    """Uploaded files go to a temporary MEDIA_ROOT removed afterwards."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roadmap = make_programme(cls.school_a).roadmap
        cls.item = Item.objects.filter(stage__roadmap=cls.roadmap).first()
        cls.other_item = Item.objects.filter(
            stage__roadmap=make_programme(cls.school_c).roadmap
        ).first()
        cls.batch = ImportBatch.objects.create(
            organisation=cls.school_a,
            original_name="7Б.xlsx",
            status=ImportBatch.Status.COMMITTED,
        )
        cls.other_batch = ImportBatch.objects.create(
            organisation=cls.school_c,
            original_name="чужой.xlsx",
            status=ImportBatch.Status.COMMITTED,
        )

    def setUp(self) -> None:
        self.media = self.enterContext(tempfile.TemporaryDirectory())
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        self.url = reverse("programmes-item-evidence", args=[self.item.code])
        self.detail = reverse("programmes-item-detail", args=[self.item.code])

    def upload(self, content: bytes = PDF, name: str = "Приказ № 12.pdf", **data):
        file = SimpleUploadedFile(name, content, content_type="application/pdf")
        return self.client.post(
            self.url, {"kind": "file", "file-file": file, "file-title": "", **data}
        )

    def test_it_uploads_a_file_and_streams_it_back(self) -> None:
        self.client.force_login(self.alice)
        r = self.upload()
        self.assertRedirects(
            r, self.detail + "#evidence", fetch_redirect_response=False
        )
        evidence = Evidence.objects.get()
        self.assertEqual(evidence.title, "Приказ № 12.pdf")
        self.assertEqual(evidence.added_by, self.alice)
        self.assertTrue(Path(evidence.file.path).is_relative_to(self.media))
        download = reverse("programmes-evidence-download", args=[evidence.code])
        page = self.client.get(self.detail)
        self.assertContains(page, download)
        self.assertNotContains(page, "/media/")
        self.client.force_login(self.bob)
        r = self.client.get(download)
        self.assertEqual(b"".join(r.streaming_content), PDF)
        self.assertIn("attachment", r["Content-Disposition"])

    def test_an_oversized_file_is_refused(self) -> None:
        self.client.force_login(self.alice)
        r = self.upload(b"%PDF" + b"0" * MAX_EVIDENCE_BYTES)
        self.assertContains(r, "Файл слишком большой")
        self.assertContains(r, "Можно не больше 20,0")
        self.assertFalse(Evidence.objects.exists())

    def test_programs_are_refused(self) -> None:
        self.client.force_login(self.alice)
        for name, content in (
            ("setup.exe", b"MZ\x90\x00"),
            ("report.pdf", b"MZ\x90\x00"),
            ("run.sh", b"echo"),
            ("script.pdf", b"#!/bin/sh\n"),
            ("macro.js", b"alert(1)"),
        ):
            with self.subTest(name=name):
                r = self.upload(content, name)
                self.assertContains(r, "Программы прикладывать нельзя")
        self.assertFalse(Evidence.objects.exists())

    def test_a_file_is_required(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"kind": "file", "file-title": "Приказ"})
        self.assertContains(r, "Обязательное поле")

    def test_it_attaches_a_link(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(
            self.url,
            {"kind": "link", "link-url": "school1.ru/nastavnik", "link-title": ""},
        )
        evidence = Evidence.objects.get()
        self.assertEqual(evidence.url, "https://school1.ru/nastavnik")
        self.assertEqual(evidence.title, "https://school1.ru/nastavnik")
        self.assertContains(
            self.client.get(self.detail), 'href="https://school1.ru/nastavnik"'
        )

    def test_a_bad_link_is_refused(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, {"kind": "link", "link-url": "не ссылка"})
        self.assertContains(r, "Введите правильный URL")

    def test_it_attaches_the_import_that_built_the_base(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(self.detail)
        self.assertContains(page, "7Б.xlsx")
        self.assertNotContains(page, "чужой.xlsx")
        self.client.post(
            self.url,
            {
                "kind": "object",
                "object-target": str(self.batch.code),
                "object-title": "",
            },
        )
        evidence = Evidence.objects.get()
        self.assertEqual(evidence.target, self.batch)
        self.assertContains(
            self.client.get(self.detail),
            reverse("people-import-detail", args=[self.batch.code]),
        )

    def test_another_organisations_import_is_refused(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(
            self.url, {"kind": "object", "object-target": str(self.other_batch.code)}
        )
        self.assertEqual(r.status_code, 400)
        self.assertEqual(self.client.post(self.url, {"kind": "virus"}).status_code, 400)
        self.assertFalse(Evidence.objects.exists())

    def test_it_deletes_evidence_and_its_file(self) -> None:
        self.client.force_login(self.alice)
        self.upload()
        evidence = Evidence.objects.get()
        path = Path(evidence.file.path)
        url = reverse("programmes-evidence-delete", args=[evidence.code])
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(url)
        self.assertRedirects(
            r, self.detail + "#evidence", fetch_redirect_response=False
        )
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(path.exists())

    def test_readers_see_evidence_but_not_the_files(self) -> None:
        self.client.force_login(self.alice)
        self.upload()
        evidence = Evidence.objects.get()
        download = reverse("programmes-evidence-download", args=[evidence.code])
        for user in (self.mila, self.rita):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                page = self.client.get(self.detail)
                self.assertContains(page, "Приказ № 12.pdf")
                self.assertNotContains(page, download)
                self.assertEqual(self.client.get(download).status_code, 404)
                self.assertEqual(self.upload().status_code, 404)
                url = reverse("programmes-evidence-delete", args=[evidence.code])
                self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(Evidence.objects.count(), 1)

    def test_another_organisations_evidence_is_a_404(self) -> None:
        evidence = Evidence.objects.create(
            item=self.other_item,
            title="Чужой приказ",
            file=SimpleUploadedFile("order.pdf", PDF),
        )
        self.client.force_login(self.alice)
        url = reverse("programmes-evidence-download", args=[evidence.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("programmes-evidence-delete", args=[evidence.code])
        self.assertEqual(self.client.post(url).status_code, 404)
        url = reverse("programmes-item-evidence", args=[self.other_item.code])
        self.assertEqual(self.client.post(url, {"kind": "link"}).status_code, 404)
        self.assertTrue(Evidence.objects.filter(pk=evidence.pk).exists())

    def test_mentors_get_nothing(self) -> None:
        self.client.force_login(self.alice)
        self.upload()
        evidence = Evidence.objects.get()
        self.demote_bob()
        self.client.force_login(self.bob)
        url = reverse("programmes-evidence-download", args=[evidence.code])
        self.assertEqual(self.client.get(url).status_code, 404)
