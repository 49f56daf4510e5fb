"""Walk every URL of the app as every demo role: no 500, no other tenant's page,
the Content-Security-Policy on every response."""

from __future__ import annotations

import html
import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import UUIDConverter

from nastavnik.accounts.models import ORGANISATION_ROLES, Role, User
from nastavnik.api import services as api_services
from nastavnik.api.models import Token
from nastavnik.matching.models import Run
from nastavnik.orgs.models import Municipality, Organisation, Region
from nastavnik.pairs.models import Meeting, Pairing, PairingMember, PairingOrder
from nastavnik.people.models import Consent, ImportBatch, Person
from nastavnik.practices.models import Award, AwardOrder, Case
from nastavnik.programmes.models import Evidence, Item, Programme, Roadmap, Stage
from nastavnik.reports.models import Report
from nastavnik.surveys.models import (
    Campaign,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
    Version,
)

POLICY = settings.CONTENT_SECURITY_POLICY
LOGINS = [
    "region",
    "municipal",
    "head",
    "curator",
    "curator2",
    "curator_other",
    "mentor",
    "mentee",
]
# The model whose public id fills a URL's uuid, by the name of the parameter,
# and for «code» by the URL's name.
OBJECT_OF_PARAM = {
    "org_code": Organisation,
    "municipality_code": Municipality,
    "region_code": Region,
}
OBJECT_OF_URL = {
    "orgs-organisation-detail": Organisation,
    "orgs-organisation-edit": Organisation,
    "home-municipality": Municipality,
    "home-region": Region,
    "home-municipality-overview": Municipality,
    "home-region-overview": Region,
    "pairs-pairing-detail": Pairing,
    "pairs-pairing-status": Pairing,
    "pairs-pairing-close": Pairing,
    "pairs-mentor-replace": Pairing,
    "pairs-order-detail": PairingOrder,
    "pairs-person-pairs": Person,
    "pairs-meeting-add": Pairing,
    "pairs-meeting-detail": Meeting,
    "pairs-my-meeting-add": Pairing,
    "pairs-my-meeting": Meeting,
    "pairs-order-docx": PairingOrder,
    "pairs-pairing-agreement": Pairing,
    "pairs-pairing-meeting-log": Pairing,
    "pairs-mentor-card": Person,
    "pairs-plan-detail": Pairing,
    "pairs-plan-start": Pairing,
    "pairs-plan-approve": Pairing,
    "pairs-plan-row": Pairing,
    "pairs-plan-docx": Pairing,
    "pairs-meeting-ics": Meeting,
    "pairs-gathering-hold": Meeting,
    "pairs-pairing-thanks": Pairing,
    "matching-run-detail": Run,
    "matching-run-progress": Run,
    "matching-run-rerun": Run,
    "matching-run-approve": Run,
    "matching-proposal-detail": Run,
    "api-token-revoke": Token,
    "api:api-organisation-detail": Organisation,
    "api:api-organisation-programmes": Organisation,
    "api:api-organisation-people": Organisation,
    "api:api-organisation-pairs": Organisation,
    "api:api-organisation-kpis": Organisation,
    "api:api-municipality-kpis": Municipality,
    "api:api-campaign-response-add": Campaign,
    "api:api-organisation-reports": Organisation,
    "api:api-report-detail": Report,
    "api:api-report-submit": Report,
    "api:api-pair-detail": Pairing,
    "api:api-pair-meetings": Pairing,
    "api:api-pair-meeting-plan": Pairing,
    "api:api-meeting-detail": Meeting,
    "api:api-meeting-hold": Meeting,
}
# URLs with a second uuid: the public ids it takes for each first object.
SECOND_OF_URL = {
    "matching-proposal-detail": lambda run: [
        p.mentee.code for p in run.proposals.select_related("mentee")[:3]
    ],
    "pairs-pairing-thanks": lambda pairing: [
        m.person.code for m in pairing.members.all() if m.role == "mentor"
    ],
}
PERSON_PREFIX = "people-person-"
# programmes-<thing>-<action> URLs take the public id of <thing>.
PROGRAMME_OBJECTS = {
    "programme": Programme,
    "roadmap": Roadmap,
    "stage": Stage,
    "item": Item,
    "evidence": Evidence,
}
ROADMAP_PARTS = (Stage, Item, Evidence)
# surveys-<thing>-<action> URLs take the public id of <thing>.
SURVEY_OBJECTS = {
    "questionnaire": Questionnaire,
    "version": Version,
    "section": Section,
    "question": Question,
    "campaign": Campaign,
    "response": Response,
    "invitation": Invitation,
}
# Objects only the staff of their organisation open.
STAFF_ONLY = (Person, Consent, ImportBatch, PairingOrder, Run, Case, AwardOrder, Award)
# Public pages, open to anyone without login: the walk checks that they show
# no hidden organisation, not that they answer 404.
PUBLIC = {"practices-public-municipality", "practices-public-case"}
# URLs whose second object or signed token their own tests cover.
SKIP = {"accounts-password-reset-confirm", "people-guardian-remove"}


def _model_of(name: str, param: str):
    if param in OBJECT_OF_PARAM:
        return OBJECT_OF_PARAM[param]
    if name in OBJECT_OF_URL:
        return OBJECT_OF_URL[name]
    if name.startswith(("practices-case-", "practices-public-case")):
        return Case
    if name.startswith("practices-awardorder-"):
        return AwardOrder
    if name.startswith("practices-award-"):
        return Award
    if name.startswith("people-consent-"):
        return Consent
    if name.startswith("people-import-"):
        return ImportBatch
    if name.startswith("people-"):
        return Person
    if name.startswith("reports-report-"):
        return Report
    for thing, model in PROGRAMME_OBJECTS.items():
        if name.startswith(f"programmes-{thing}-"):
            return model
    for thing, model in SURVEY_OBJECTS.items():
        if name.startswith(f"surveys-{thing}-"):
            return model
    return None


def _sample(model) -> list:
    """Every organisation-level object; one person and one consent of each;
    one stage, item and piece of evidence of each roadmap."""
    if model in ROADMAP_PARTS:
        field = {
            Stage: "roadmap",
            Item: "stage__roadmap",
            Evidence: "item__stage__roadmap",
        }
        return [
            obj
            for roadmap in Roadmap.objects.all()
            for obj in model.objects.filter(**{field[model]: roadmap})[:1]
        ]
    if model in SURVEY_OBJECTS.values():
        return _sample_surveys(model)
    if model not in (Person, Consent):
        return list(model.objects.all())
    # an anonymised person has no card to edit: the walk opens present ones
    people = model.objects.filter(
        **{"anonymised_at" if model is Person else "person__anonymised_at": None}
    )
    field = "organisation" if model is Person else "person__organisation"
    objects = []
    for organisation in Organisation.objects.all():
        objects += list(people.filter(**{field: organisation})[:1])
    return objects


# How a survey object reaches its questionnaire or campaign.
SURVEY_PATH = {
    Questionnaire: "",
    Version: "questionnaire__",
    Section: "version__questionnaire__",
    Question: "section__version__questionnaire__",
}


def _sample_surveys(model) -> list:
    """Two shipped questionnaires' objects, one of each organisation's own;
    one campaign and one response (named and anonymous) of each organisation;
    one invitation of each organisation and those of people with an account."""
    if model in SURVEY_PATH:
        path = SURVEY_PATH[model]
        objects = list(
            model.objects.filter(**{f"{path}organisation__isnull": True})[:2]
        )
        field = f"{path}organisation"
    else:
        objects = []
        field = "organisation" if model is Campaign else "campaign__organisation"
    for organisation in Organisation.objects.all():
        mine = model.objects.filter(**{field: organisation})
        objects += list(mine[:1])
        if model is Response:
            objects += list(mine.filter(campaign__anonymous=True)[:1])
    if model is Invitation:
        objects += list(model.objects.filter(person__user__isnull=False))
    return objects


def _survey_organisation(obj) -> tuple[bool, Organisation | None]:
    """(is it a survey object, the organisation that owns it or None if shipped)."""
    if isinstance(obj, Questionnaire | Version | Section | Question):
        questionnaire = obj
        for step in SURVEY_PATH[type(obj)].split("__")[:-1]:
            questionnaire = getattr(questionnaire, step)
        return True, questionnaire.organisation
    if isinstance(obj, Campaign):
        return True, obj.organisation
    if isinstance(obj, Response):
        return True, obj.campaign.organisation
    return False, None


def _roadmap_of(obj) -> Roadmap | None:
    if isinstance(obj, Roadmap):
        return obj
    if isinstance(obj, Stage):
        return obj.roadmap
    if isinstance(obj, Item):
        return obj.stage.roadmap
    if isinstance(obj, Evidence):
        return obj.item.stage.roadmap
    return None


def _organisation_of(obj) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Programme):
        return obj.organisation
    if (roadmap := _roadmap_of(obj)) is not None:
        return roadmap.programme.organisation if roadmap.programme_id else None
    if isinstance(
        obj, Person | ImportBatch | Pairing | PairingOrder | Run | Case | Report
    ):
        return obj.organisation
    if isinstance(obj, AwardOrder):
        return obj.organisation
    if isinstance(obj, Award):
        return obj.order.organisation
    if isinstance(obj, Meeting):
        return obj.pairing.organisation
    if isinstance(obj, Consent):
        return obj.person.organisation
    if isinstance(obj, Meeting):
        return obj.pairing.organisation
    return None


def _named_patterns(resolvers=None, prefix: str = ""):
    """(name to reverse, pattern) of every named URL but the admin's; the
    API's names are in its namespace («api:…»)."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from _named_patterns(entry.url_patterns, prefix + namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, entry


def _urls() -> list[tuple[str, object]]:
    """Every named URL once per sample object: (path, object or None)."""
    urls = []
    for name, pattern in _named_patterns():
        if name in SKIP:
            continue
        converters = pattern.pattern.converters
        if not converters:
            urls.append((reverse(name), None))
            continue
        (param, converter), *rest = converters.items()
        second = SECOND_OF_URL.get(name)
        assert not rest or second, f"{name}: add it to SKIP or here"
        if not isinstance(converter, UUIDConverter):
            # a token: a forged one must give a clear page, not a 500
            urls.append((reverse(name, args=["forged-token"]), None))
            continue
        model = _model_of(name, param)
        assert model is not None, f"Tell _model_of about {name}"
        if second:
            urls += [
                (reverse(name, args=[obj.code, code]), obj)
                for obj in _sample(model)
                for code in second(obj)
            ]
            continue
        urls += [
            (reverse(name, args=[obj.code]), None if name in PUBLIC else obj)
            for obj in _sample(model)
        ]
    return urls


class Roles:
    """A user's active roles, read once: what the walk may show them."""

    def __init__(self, user: User) -> None:
        self.memberships = list(
            user.memberships.filter(is_active=True).select_related("municipality")
        )
        self.user_id = user.pk
        self.staff = {
            m.organisation_id
            for m in self.memberships
            if m.role in (Role.HEAD, Role.CURATOR)
        }
        self.visible = self._organisations()
        # the pairs the user is a member of, as mentor or mentee
        self.pairings = set(
            PairingMember.objects.filter(
                person__user=user, until__isnull=True
            ).values_list("pairing_id", flat=True)
        )
        self.overseen = self.visible - {
            m.organisation_id
            for m in self.memberships
            if m.role in (Role.MENTOR, Role.MENTEE)
        }

    def _organisations(self) -> set[int]:
        """Organisations whose pages the user may see, computed without the helpers."""
        ids = set()
        for m in self.memberships:
            if m.role == Role.REGIONAL:
                ids |= set(
                    Organisation.objects.filter(
                        municipality__region=m.region_id
                    ).values_list("pk", flat=True)
                )
            elif m.role == Role.MUNICIPAL:
                ids |= set(m.municipality.organisations.values_list("pk", flat=True))
            elif m.role in ORGANISATION_ROLES:
                ids.add(m.organisation_id)
        return ids

    def may_open(self, obj) -> bool:
        if isinstance(obj, Token):
            return obj.user_id == self.user_id
        if isinstance(obj, Pairing | Meeting):
            # a pair and its meetings: the staff of its organisation and the
            # members of the pair
            pairing_id = obj.pk if isinstance(obj, Pairing) else obj.pairing_id
            staff = _organisation_of(obj).pk in self.staff
            return staff or pairing_id in self.pairings
        if isinstance(obj, STAFF_ONLY):
            # people and their orders are for the staff of their organisation only
            return _organisation_of(obj).pk in self.staff
        if isinstance(obj, Report):
            # a report to the municipal centre: the school's staff who write
            # it and, once submitted, the coordinator who reviews it; not the
            # region
            return obj.organisation_id in self.staff or (
                obj.submitted_on is not None
                and any(
                    m.role == Role.MUNICIPAL
                    and m.municipality_id == obj.organisation.municipality_id
                    for m in self.memberships
                )
            )
        if isinstance(obj, Invitation):
            # a questionnaire is answered by its own person only
            return obj.person.user_id == self.user_id
        is_survey, owner = _survey_organisation(obj)
        if is_survey:
            # answers are personal data: the organisation's staff only, and an
            # anonymous response is never opened one by one
            if isinstance(obj, Response) and obj.campaign.anonymous:
                return False
            return bool(self.staff) if owner is None else owner.pk in self.staff
        if isinstance(obj, Organisation):
            return obj.pk in self.staff or obj.pk in self.overseen
        if (roadmap := _roadmap_of(obj)) is not None and roadmap.municipality_id:
            obj = roadmap.municipality
        elif isinstance(obj, Programme) or roadmap is not None:
            # roadmaps name no pupils: the overseers drill down into them
            return _organisation_of(obj).pk in self.staff | self.overseen
        if isinstance(obj, Municipality):
            return any(
                m.municipality_id == obj.pk or m.region_id == obj.region_id
                for m in self.memberships
            )
        return any(m.region_id == obj.pk for m in self.memberships)


class EveryUrlTestCase(TestCase):
    """The demo is loaded once per class (and per xdist worker), the URLs and
    their objects are listed once; each role walks them in a test of its own,
    so that xdist spreads the roles over the cores."""

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())
        # each role reads the API with a token of its own
        cls.bearers = {
            login: api_services.token_create(
                user=User.objects.get(username=login), name="walk"
            )[1]
            for login in LOGINS
        }
        cls.urls = _urls()
        # the public best-practice pages name the organisations whose cases
        # they publish, on purpose; every other organisation stays hidden
        cls.public_urls = {
            url for url, _obj in cls.urls if resolve(url).url_name in PUBLIC
        }
        cls.published = set(
            Case.objects.published().values_list("organisation__short_name", flat=True)
        )
        # each test gets a copy of the objects with the relations the access
        # rules follow already read, instead of reading them once per role
        for _url, obj in cls.urls:
            _organisation_of(obj)
            _survey_organisation(obj)
            if isinstance(obj, Invitation):
                obj.person  # noqa: B018
            if isinstance(obj, Response):
                obj.campaign  # noqa: B018
            if isinstance(obj, Meeting):
                obj.pairing  # noqa: B018

    def test_every_url_answers_anonymous_visitors_without_data(self) -> None:
        names = list(Organisation.objects.values_list("short_name", flat=True))
        for url, _obj in self.urls:
            with self.subTest(url=url):
                r = self.client.get(url)
                # the API asks for its token: 401
                self.assertIn(r.status_code, (200, 302, 401, 404, 405, 410))
                self.assertEqual(r["Content-Security-Policy"], POLICY)
                for name in names:
                    if url in self.public_urls and name in self.published:
                        continue
                    self.assertNotContains(
                        r, html.escape(name), status_code=r.status_code
                    )

    def walk_as(self, login: str) -> None:
        user = User.objects.get(username=login)
        self.client.force_login(user)
        roles = Roles(user)
        # partners are named on purpose: they employ mentors
        hidden = [
            o
            for o in Organisation.objects.all()
            if o.pk not in roles.visible and o.is_educational
        ]
        # failures are gathered, not reported one subtest per URL: thousands
        # of passing subtests cost xdist a report each
        failures = []
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.bearers[login]}"}
        for url, obj in self.urls:
            try:
                self.check_page(url, obj, roles, hidden, headers)
            except AssertionError as e:
                failures.append(f"{login} {url}: {e}")
        self.assertEqual(failures, [])

    def check_page(
        self, url: str, obj, roles: Roles, hidden: list, headers: dict
    ) -> None:
        # the API is read with the role's token, the pages with its session
        r = self.client.get(url, **(headers if url.startswith("/api/") else {}))
        self.assertIn(r.status_code, (200, 302, 403, 404, 405, 410))
        self.assertEqual(r["Content-Security-Policy"], POLICY)
        if obj is not None and not roles.may_open(obj):
            # 405: a POST-only view says nothing about the object
            self.assertIn(r.status_code, (404, 405))
        page = None
        if r.status_code == 200 and r["Content-Type"].startswith("text/html"):
            page = r.content.decode()
        elif r.status_code == 200 and r["Content-Type"] == "application/json":
            # JSON escapes Cyrillic: compare the names as they read
            page = json.dumps(r.json(), ensure_ascii=False)
        if page is not None:
            for other in hidden:
                if url in self.public_urls and other.short_name in self.published:
                    continue
                self.assertNotIn(html.escape(other.short_name), page)
                self.assertNotIn(other.inn, page)

    def test_every_url_as_the_regional_operator(self) -> None:
        self.walk_as("region")

    def test_every_url_as_the_municipal_coordinator(self) -> None:
        self.walk_as("municipal")

    def test_every_url_as_the_head(self) -> None:
        self.walk_as("head")

    def test_every_url_as_the_curator(self) -> None:
        self.walk_as("curator")

    def test_every_url_as_the_second_curator(self) -> None:
        self.walk_as("curator2")

    def test_every_url_as_another_schools_curator(self) -> None:
        self.walk_as("curator_other")

    def test_every_url_as_a_mentor(self) -> None:
        self.walk_as("mentor")

    def test_every_url_as_a_mentee(self) -> None:
        self.walk_as("mentee")

    def test_the_walk_covers_every_demo_role(self) -> None:
        self.assertEqual(
            sorted(LOGINS),
            sorted(
                User.objects.filter(memberships__isnull=False)
                .distinct()
                .values_list("username", flat=True)
            ),
        )

    def test_it_opens_the_pages_each_role_needs(self) -> None:
        school1 = Organisation.objects.get(inn="4330000013")
        uni = Municipality.objects.get(name="Уни")
        cast_meeting = Meeting.objects.filter(
            pairing__members__person__user__username="mentee"
        ).first()
        cases = [
            ("curator", reverse("orgs-organisation-edit", args=[school1.code])),
            ("head", reverse("orgs-organisation-detail", args=[school1.code])),
            ("municipal", reverse("home-municipality", args=[uni.code])),
            ("region", reverse("home-region", args=[uni.region.code])),
            ("mentor", reverse("home")),
            ("mentee", reverse("home")),
            ("mentee", reverse("pairs-my-meeting", args=[cast_meeting.code])),
            ("mentor", reverse("pairs-my-meeting", args=[cast_meeting.code])),
            ("curator", reverse("pairs-meeting-detail", args=[cast_meeting.code])),
        ]
        for login, url in cases:
            with self.subTest(login=login, url=url):
                self.client.force_login(User.objects.get(username=login))
                self.assertEqual(self.client.get(url).status_code, 200)
