"""The fixed cast every view test starts from.

- alice: curator of school A (municipality A, region A), the owner;
- bob: a second curator of school A, the teammate (tests may demote him);
- charlie: curator of school C in municipality B of region B, the outsider;
- mila: municipal coordinator of municipality A;
- rita: regional operator of region A.
School A2 is another organisation of municipality A: alice must not see it,
mila must.
"""

from __future__ import annotations

from django.test import TestCase

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.orgs.models import Municipality, Organisation, Region

PASSWORD = "password"


def make_user(username: str, **fields) -> User:
    fields.setdefault("email", f"{username}@example.org")
    return User.objects.create_user(username=username, password=PASSWORD, **fields)


def make_organisation(municipality: Municipality, inn: str, name: str) -> Organisation:
    return Organisation.objects.create(
        municipality=municipality,
        type=Organisation.Type.SCHOOL,
        name=f"Муниципальное общеобразовательное учреждение {name}",
        short_name=name,
        inn=inn,
    )


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.region_a = Region.objects.create(
            name="Кировская область", time_zone="Europe/Kirov"
        )
        cls.region_b = Region.objects.create(name="Вологодская область")
        cls.municipality_a = Municipality.objects.create(
            region=cls.region_a, name="Уни"
        )
        cls.municipality_b = Municipality.objects.create(
            region=cls.region_b, name="Тотьма"
        )
        cls.school_a = make_organisation(cls.municipality_a, "4330000013", "СОШ № 1")
        cls.school_a2 = make_organisation(cls.municipality_a, "4330000020", "СОШ № 2")
        cls.school_c = make_organisation(cls.municipality_b, "3518000012", "СОШ № 3")

        cls.alice = make_user("alice", last_name="Алексеева", first_name="Алиса")
        cls.bob = make_user("bob", last_name="Борисов", first_name="Борис")
        cls.charlie = make_user("charlie", last_name="Чернов", first_name="Чарльз")
        cls.mila = make_user("mila", last_name="Миронова", first_name="Мила")
        cls.rita = make_user("rita", last_name="Рыбакова", first_name="Рита")

        cls.alice_membership = Membership.objects.create(
            user=cls.alice, role=Role.CURATOR, organisation=cls.school_a
        )
        cls.bob_membership = Membership.objects.create(
            user=cls.bob, role=Role.CURATOR, organisation=cls.school_a
        )
        Membership.objects.create(
            user=cls.charlie, role=Role.CURATOR, organisation=cls.school_c
        )
        Membership.objects.create(
            user=cls.mila, role=Role.MUNICIPAL, municipality=cls.municipality_a
        )
        Membership.objects.create(
            user=cls.rita, role=Role.REGIONAL, region=cls.region_a
        )

    def demote_bob(self) -> None:
        """Make bob a mentor of school A: he still belongs, but may not manage it."""
        self.bob_membership.role = Role.MENTOR
        self.bob_membership.save()
