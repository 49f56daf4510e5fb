"""A report exported on a school's own server and imported on the municipal
one: matched by the INN, checked by the signature of the key the centre
issued, and refused, with nothing written, when anything is wrong."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import time_machine
from django.core.exceptions import ValidationError

from nastavnik.accounts.models import Membership, Role
from nastavnik.orgs.models import Organisation
from nastavnik.reports import services, transfer
from nastavnik.reports.access import importable_organisations
from nastavnik.reports.models import Report, ReportEvent, TransferKey
from nastavnik.reports.tests.factory import held, make_report, working_pair
from nastavnik.test import BaseTestCase, make_user

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def exported(report: Report, user=None) -> dict:
    """The file of the report, as the school's server writes it."""
    return json.loads(services.report_export(report=report, user=user, now=NOW))


def raw(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class ReportImportTestCase(BaseTestCase):
    def setUp(self) -> None:
        # On the municipal server: the coordinator issues school A's key.
        _key, self.secret = services.transfer_key_issue(
            organisation=self.school_a, user=self.mila
        )
        # On the school's server: a report with a pair, a meeting, a
        # correction and text, exported with the key the school entered.
        held(working_pair(self.school_a, 1), date(2026, 10, 5))
        report = make_report(self.school_a, user=self.alice)
        services.report_correct(
            report=report, key="mentors", value=4, note="Ещё трое без базы"
        )
        report.events = "Классный час «Кто такой наставник»"
        report.save()
        self.doc = exported(report, self.alice)
        self.stated = report.figures()

    def on_the_municipal_server(self) -> None:
        """What the school's server has, the municipal one does not: its
        report, and the public ids of its organisation."""
        Report.objects.all().delete()
        Organisation.objects.filter(pk=self.school_a.pk).update(code=uuid.uuid4())

    def import_(self, doc, user=None) -> Report:
        user = user or self.mila
        return services.report_import(
            raw=raw(doc) if isinstance(doc, dict) else doc,
            organisations=importable_organisations(user),
            user=user,
            today=TODAY,
        )

    def assert_refused(self, doc, message: str, user=None) -> None:
        before = (Report.objects.count(), ReportEvent.objects.count())
        statuses = list(Report.objects.values_list("status", flat=True))
        with self.assertRaisesMessage(ValidationError, message):
            self.import_(doc, user)
        self.assertEqual((Report.objects.count(), ReportEvent.objects.count()), before)
        self.assertEqual(
            list(Report.objects.values_list("status", flat=True)), statuses
        )

    def test_a_report_exported_from_one_server_is_imported_into_another(self) -> None:
        self.on_the_municipal_server()
        report = self.import_(self.doc)
        self.assertEqual(report.organisation, self.school_a)
        self.assertEqual(
            (report.kind, report.period_start, report.period_end, report.due_on),
            ("monthly", date(2026, 10, 1), date(2026, 10, 31), date(2026, 10, 25)),
        )
        self.assertEqual(report.figures(), self.stated)
        self.assertEqual(report.value("mentors"), 4)
        self.assertEqual(report.value("meetings_held"), 1)
        self.assertEqual(report.corrections["mentors"]["note"], "Ещё трое без базы")
        self.assertEqual(report.events, "Классный час «Кто такой наставник»")
        self.assertEqual(
            (report.status, report.submitted_on, report.imported),
            ("submitted", TODAY, True),
        )
        event = report.events_log.get()
        self.assertEqual((event.action, event.user), ("imported", self.mila))
        self.assertEqual(event.comment, "выгружен 20.11.2026, Алексеева Алиса")
        # the quarterly annex names people: it stays with the school
        self.assertFalse(report.has_annex)
        self.assertIs(self.doc["annex_included"], False)

    def test_an_altered_file_is_refused(self) -> None:
        self.on_the_municipal_server()
        figure = json.loads(json.dumps(self.doc))
        figure["report"]["data"]["figures"]["meetings_held"] = 40
        correction = json.loads(json.dumps(self.doc))
        correction["report"]["corrections"]["mentors"]["value"] = 40
        text = json.loads(json.dumps(self.doc))
        text["report"]["events"] += "!"
        for doc in (figure, correction, text):
            with self.subTest(doc=doc["report"]["events"]):
                self.assert_refused(doc, "изменён после выгрузки")

    def test_a_file_with_another_inn_is_refused(self) -> None:
        services.transfer_key_issue(organisation=self.school_a2, user=self.mila)
        self.on_the_municipal_server()
        doc = json.loads(json.dumps(self.doc))
        doc["organisation"]["inn"] = self.school_a2.inn
        self.assert_refused(doc, "изменён после выгрузки")

    def test_an_unknown_organisation_is_refused(self) -> None:
        self.on_the_municipal_server()
        doc = json.loads(json.dumps(self.doc))
        doc["organisation"]["inn"] = "7700000000"
        self.assert_refused(doc, "Организации с ИНН 7700000000 на этом сервере нет")

    def test_an_organisation_of_another_municipality_is_refused(self) -> None:
        Organisation.objects.filter(pk=self.school_a.pk).update(
            municipality=self.municipality_b
        )
        self.on_the_municipal_server()
        self.assert_refused(self.doc, "принимает другой МНЦ")

    def test_a_file_without_a_key_or_with_a_replaced_one_is_refused(self) -> None:
        self.on_the_municipal_server()
        services.transfer_key_issue(organisation=self.school_a, user=self.mila)
        self.assert_refused(self.doc, "подписан другим ключом")
        services.transfer_key_revoke(organisation=self.school_a)
        self.assert_refused(self.doc, "не выдавал ключ передачи")

    def test_a_second_submission_is_refused_until_the_centre_returns_it(self) -> None:
        self.on_the_municipal_server()
        report = self.import_(self.doc)
        self.assert_refused(self.doc, "уже отправлен: повторная отправка отклонена")
        services.report_return(report=report, user=self.mila, comment="Уточните")
        again = self.import_(self.doc)
        self.assertEqual((again.pk, again.status), (report.pk, "submitted"))
        services.report_accept(report=again, user=self.mila)
        self.assert_refused(self.doc, "уже принят")
        self.assertEqual(
            list(again.events_log.values_list("action", flat=True)),
            ["imported", "returned", "imported", "accepted"],
        )

    def test_a_draft_on_the_municipal_server_takes_the_files_figures(self) -> None:
        # the school's server and the municipal one are the same here
        report = Report.objects.get()
        report = self.import_(self.doc)
        self.assertEqual((report.status, report.value("mentors")), ("submitted", 4))

    def test_a_malformed_file_is_refused(self) -> None:
        self.on_the_municipal_server()
        for doc, message in [
            (b"not json", "некорректный JSON"),
            (b'{"format": "nastavnik-report"}', "другой версии"),
        ]:
            with self.subTest(doc=doc):
                self.assert_refused(doc, message)

    def test_a_signed_file_with_impossible_content_is_refused(self) -> None:
        """A school's server signs what it has; a municipal server still
        refuses content it cannot show."""
        self.on_the_municipal_server()

        def resigned(change) -> dict:
            doc = json.loads(json.dumps(self.doc))
            del doc["signature"]
            change(doc["report"])
            return {**doc, "signature": transfer.sign(doc, self.secret)}

        cases = [
            (lambda r: r.update(kind="yearly"), "Период в файле"),
            (lambda r: r.update(period_start="2026-10-02"), "Период в файле"),
            (lambda r: r.update(period_start="2027-01-01"), "ещё не начался"),
            (lambda r: r["data"]["figures"].update(mentors=-1), "Показатели"),
            (lambda r: r["data"]["figures"].update(mentors=True), "Показатели"),
            (lambda r: r["data"]["figures"].update(bonus=1), "не знает"),
            (lambda r: r["data"].update(targets={"1": "NaN"}), "Показатели"),
            (lambda r: r["data"].update(by_form=[{"form": 1}]), "Показатели"),
            (lambda r: r.update(corrections={"mentors": {"value": 1}}), "Исправления"),
            (lambda r: r.update(events=5), "Тексты"),
        ]
        for change, message in cases:
            with self.subTest(message=message):
                self.assert_refused(resigned(change), message)


@time_machine.travel("2026-11-23 10:00+03:00", tick=False)
class ImportAccessTestCase(BaseTestCase):
    def test_importers_are_the_coordinator_and_the_schools_own_staff(self) -> None:
        other_coordinator = make_user("tanya")
        Membership.objects.create(
            user=other_coordinator,
            role=Role.MUNICIPAL,
            municipality=self.municipality_b,
        )
        cases = [
            (self.mila, {self.school_a, self.school_a2}),
            (self.alice, {self.school_a}),
            (self.charlie, {self.school_c}),
            (other_coordinator, {self.school_c}),
            (self.rita, set()),
        ]
        for user, organisations in cases:
            with self.subTest(user=user.username):
                self.assertEqual(set(importable_organisations(user)), organisations)

    def test_exporting_needs_the_key_and_changes_nothing_but_the_history(self) -> None:
        report = make_report(self.school_a, user=self.alice)
        with self.assertRaisesMessage(ValidationError, "ключ передачи"):
            services.report_export(report=report, user=self.alice, now=NOW)
        services.transfer_key_enter(
            organisation=self.school_a, secret="s" * 43, user=self.alice
        )
        doc = exported(report, self.alice)
        self.assertEqual(doc["organisation"]["inn"], "4330000013")
        self.assertNotIn("s" * 43, json.dumps(doc))
        report.refresh_from_db()
        self.assertEqual(report.status, "draft")
        self.assertEqual(
            list(report.events_log.values_list("action", flat=True)),
            ["created", "exported"],
        )
        self.assertEqual(TransferKey.objects.get().organisation, self.school_a)
