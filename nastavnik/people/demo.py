"""Demo data: the people bases of the demo organisations.

Every educational organisation of ``ctx["organisations"]`` gets a base that fits
its type: pupils by class, teachers, other staff, parents, alumni, veteran
teachers and employees of the partner enterprises at schools; educators at the
kindergarten; students and teachers at the college; pupils and teachers at the
additional-education centres. An organisation that already has people is left
alone. The ``mentor`` and ``mentee`` users of the cast get their Person at
school 1, looked up by user; they are left in ``ctx["people"]``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from faker import Faker

from nastavnik.lib.dates import SchoolYear
from nastavnik.orgs.models import Organisation
from nastavnik.people.demo_bases import load_bases
from nastavnik.people.models import Person

Category = Person.Category

_PEOPLE_MAIL = "mail.demo.nastavnik.local"  # not deliverable, on purpose

_SCHOOL1_TEACHERS = [
    *["учитель начальных классов"] * 6,
    *["учитель русского языка и литературы"] * 4,
    *["учитель математики"] * 3,
    "учитель физики",
    "учитель информатики",
    "учитель химии",
    "учитель биологии",
    "учитель географии",
    *["учитель истории и обществознания"] * 2,
    *["учитель английского языка"] * 2,
    "учитель немецкого языка",
    *["учитель физической культуры"] * 2,
    "учитель технологии",
    "учитель изобразительного искусства",
    "учитель музыки",
    "преподаватель-организатор ОБЗР",
    "учитель-логопед",
]
_SCHOOL1_STAFF = [
    "заместитель директора по учебно-воспитательной работе",
    "заместитель директора по воспитательной работе",
    "педагог-психолог",
    "социальный педагог",
    "советник директора по воспитанию",
    "педагог-организатор",
    "педагог-библиотекарь",
]
_SMALL_SCHOOL_TEACHERS = [
    *["учитель начальных классов"] * 3,
    "учитель русского языка и литературы",
    "учитель математики и физики",
    "учитель математики и информатики",
    "учитель истории и обществознания",
    "учитель химии и биологии",
    "учитель английского языка",
    "учитель географии",
    "учитель физической культуры",
    "учитель технологии и ОБЗР",
]
_SMALL_SCHOOL_STAFF = [
    "заместитель директора по учебно-воспитательной работе",
    "педагог-психолог",
]
_KINDERGARTEN_TEACHERS = [
    "старший воспитатель",
    *["воспитатель"] * 8,
    "музыкальный руководитель",
    "инструктор по физической культуре",
    "учитель-логопед",
    "педагог-психолог",
]
_KINDERGARTEN_STAFF = [*["младший воспитатель"] * 4, "медицинская сестра"]
_ADDITIONAL_TEACHERS = [
    *["педагог дополнительного образования"] * 7,
    "педагог-организатор",
    "методист",
]
_COLLEGE_TEACHERS = [
    *["преподаватель общеобразовательных дисциплин"] * 4,
    "преподаватель агрономии",
    "преподаватель ветеринарии",
    "преподаватель технологии продукции общественного питания",
    "преподаватель технической механики",
    *["мастер производственного обучения"] * 3,
]
_COLLEGE_STAFF = [
    "заместитель директора по учебной работе",
    "заместитель директора по воспитательной работе",
    "социальный педагог",
]
# Group prefix and the share of boys in it, as in a rural agricultural college.
_COLLEGE_GROUPS = [("АГ", 0.5), ("МХ", 0.9), ("ВТ", 0.3), ("ПК", 0.2)]
_PARENT_JOBS = [
    "фельдшер",
    "продавец",
    "водитель",
    "бухгалтер",
    "механизатор",
    "индивидуальный предприниматель",
    "воспитатель детского сада",
    "специалист администрации округа",
    "оператор машинного доения",
    "почтальон",
    "повар",
    "электромонтёр",
]
_ALUMNI_JOBS = [
    "студент ВятГУ",
    "студент Кировского ГМУ",
    "студент Вятского ГАТУ",
    "агроном",
    "фельдшер",
    "программист",
    "участковый уполномоченный полиции",
    "учитель начальных классов",
]
# Per partner enterprise (its ctx key): the positions of its employee-mentors.
_EMPLOYEES = {
    "partner": ["инженер-механик", "главный агроном", "зоотехник", "ветеринарный врач"],
    "partner2": ["технолог молочного производства", "мастер цеха"],
}
# The share of men in a position; 15 % where not listed, as in Russian schools.
_MALE_SHARE = {
    "учитель начальных классов": 0.03,
    "старший воспитатель": 0.0,
    "воспитатель": 0.02,
    "младший воспитатель": 0.0,
    "медицинская сестра": 0.0,
    "воспитатель детского сада": 0.0,
    "оператор машинного доения": 0.1,
    "учитель физической культуры": 0.6,
    "преподаватель-организатор ОБЗР": 0.8,
    "учитель технологии": 0.6,
    "учитель технологии и ОБЗР": 0.7,
    "учитель физики": 0.4,
    "учитель информатики": 0.4,
    "учитель истории и обществознания": 0.3,
    "преподаватель технической механики": 0.8,
    "мастер производственного обучения": 0.7,
    "инженер-механик": 0.9,
    "механизатор": 1.0,
    "водитель": 0.9,
    "электромонтёр": 0.9,
    "участковый уполномоченный полиции": 0.8,
    "программист": 0.7,
    "мастер цеха": 0.6,
}
# Faker's ru_RU first names and patronymics are drawn evenly from long lists of
# rare names (Синклитикия, Святополк Бенедиктович), so the demo takes last names
# from Faker and first names and patronymics from these common ones.
# fmt: off
_BOYS = [
    "Александр", "Максим", "Артём", "Михаил", "Иван", "Дмитрий", "Кирилл", "Никита",
    "Матвей", "Егор", "Андрей", "Илья", "Даниил", "Алексей", "Тимофей", "Роман",
    "Владимир", "Сергей", "Ярослав", "Степан", "Фёдор", "Глеб", "Денис", "Павел",
    "Арсений", "Марк", "Лев"
]
_GIRLS = [
    "Анастасия", "София", "Мария", "Анна", "Виктория", "Полина", "Дарья", "Алиса",
    "Ксения", "Елизавета", "Александра", "Варвара", "Вероника", "Екатерина", "Валерия",
    "Арина", "Милана", "Ульяна", "Кристина", "Алёна", "Ева", "Василиса", "Софья",
    "Юлия", "Диана"
]
_MEN = [
    "Александр", "Сергей", "Андрей", "Алексей", "Дмитрий", "Владимир", "Николай",
    "Евгений", "Михаил", "Игорь", "Олег", "Юрий", "Виктор", "Иван", "Павел", "Максим",
    "Денис", "Роман", "Константин", "Вячеслав", "Анатолий", "Василий", "Геннадий",
    "Валерий", "Антон"
]
_WOMEN = [
    "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Марина",
    "Екатерина", "Юлия", "Галина", "Людмила", "Надежда", "Любовь", "Оксана", "Мария",
    "Анастасия", "Валентина", "Нина", "Лариса", "Алёна", "Евгения", "Вера", "Ксения"
]
# Male forms; the female form swaps «ич» for «на» (Петрович, Петровна).
_PATRONYMICS = [
    "Александрович", "Алексеевич", "Анатольевич", "Андреевич", "Антонович",
    "Аркадьевич", "Борисович", "Валерьевич", "Васильевич", "Викторович", "Владимирович",
    "Владиславович", "Вячеславович", "Геннадьевич", "Григорьевич", "Денисович",
    "Дмитриевич", "Евгеньевич", "Иванович", "Игоревич", "Константинович", "Леонидович",
    "Максимович", "Михайлович", "Николаевич", "Олегович", "Павлович", "Петрович",
    "Романович", "Сергеевич", "Станиславович", "Фёдорович", "Юрьевич"
]
# fmt: on
_TRANSLIT = str.maketrans(
    dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True))
    | {"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh"}
    | {"щ": "shch", "ъ": "", "ь": "", "ю": "yu", "я": "ya"}
)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 28 February for 29 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_at_age(today: date, age: int, rng: random.Random) -> date:
    """A birth date of someone who is exactly ``age`` years old ``today``."""
    latest = years_before(today, age)
    earliest = years_before(today, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def class_of(birth_date: date, year: SchoolYear) -> int:
    """The class a child born on ``birth_date`` attends in ``year``.

    Children start class 1 when they are six and a half to seven and a half on
    1 September, so class N is those born from 1 March N + 6 years before the
    year starts to the end of the following February. Below 1 or above 11 means
    not (or no longer) at school.
    """
    age_difference = year.start_year - birth_date.year
    return age_difference - 6 if birth_date.month >= 3 else age_difference - 5


def pupil_birth_date(grade: int, year: SchoolYear, rng: random.Random) -> date:
    """A birth date for a pupil of class ``grade`` in ``year`` (see class_of)."""
    earliest = date(year.start_year - grade - 6, 3, 1)
    latest = date(year.start_year - grade - 5, 3, 1) - timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def mentee_birth_date(today: date) -> date:
    """The demo mentee is 15 at ``today`` and in class 9 or 10 (see class_of)."""
    return years_before(today, 15) - timedelta(days=200)


class _Base:
    """Collects the unsaved people of one organisation's base."""

    def __init__(self, organisation: Organisation, faker: Faker, today: date):
        self.organisation = organisation
        self.faker = faker
        self.rng = faker.random
        self.today = today
        self.year = SchoolYear.of(today)
        self.people: list[Person] = []

    def _person(self, male_share: float, birth_date: date, **fields: Any) -> Person:
        male = self.rng.random() < male_share
        young = birth_date.year >= 2000
        if male:
            last_name = self.faker.last_name_male()
            first_names = _BOYS if young else _MEN
        else:
            last_name = self.faker.last_name_female()
            first_names = _GIRLS if young else _WOMEN
        patronymic = self.rng.choice(_PATRONYMICS)
        person = Person(
            organisation=self.organisation,
            last_name=last_name,
            first_name=self.rng.choice(first_names),
            patronymic=patronymic if male else f"{patronymic[:-2]}на",
            birth_date=birth_date,
            **fields,
        )
        self.people.append(person)
        return person

    def _phone(self) -> str:
        r = self.rng.randrange
        return f"+7 9{r(100):02d} {r(100, 1000)}-{r(100):02d}-{r(100):02d}"

    def _email(self, person: Person) -> str:
        last = person.last_name.lower().translate(_TRANSLIT)
        first = person.first_name.lower().translate(_TRANSLIT)
        return f"{last}.{first[0]}@{_PEOPLE_MAIL}"

    def _adult(self, category: str, position: str, age: int, **fields: Any) -> Person:
        person = self._person(
            _MALE_SHARE.get(position, 0.15),
            born_at_age(self.today, age, self.rng),
            category=category,
            position=position,
            phone=self._phone(),
            **fields,
        )
        if category != Category.PARENT:
            person.email = self._email(person)
        return person

    def pupils(
        self, grades: Iterable[int], letters: str, sizes: tuple[int, int]
    ) -> None:
        for grade in grades:
            for letter in letters:
                for _ in range(self.rng.randint(*sizes)):
                    self._person(
                        0.5,
                        pupil_birth_date(grade, self.year, self.rng),
                        category=Category.PUPIL,
                        class_name=f"{grade}{letter}",
                    )

    def children(self, count: int, ages: tuple[int, int]) -> None:
        """Pupils of an additional-education centre: no class of its own."""
        for _ in range(count):
            age = self.rng.randint(*ages)
            born = born_at_age(self.today, age, self.rng)
            self._person(0.5, born, category=Category.PUPIL)

    def students(self, groups: list[tuple[str, float]], sizes: tuple[int, int]) -> None:
        # Courses 1-3 after class 9: the same cohorts as classes 10-12.
        for course in (1, 2, 3):
            entry_year = self.year.start_year - course + 1
            for prefix, male_share in groups:
                for _ in range(self.rng.randint(*sizes)):
                    self._person(
                        male_share,
                        pupil_birth_date(course + 9, self.year, self.rng),
                        category=Category.STUDENT,
                        class_name=f"{prefix}-{entry_year % 100:02d}",
                    )

    def teachers(self, positions: list[str], category: str = Category.TEACHER) -> None:
        """Pedagogical workers, with their teaching experience."""
        # About one teacher in six is a young specialist (0-3 years), as KPI 3
        # needs; deputy heads and psychologists are not.
        young = max(1, len(positions) // 6) if category == Category.TEACHER else 0
        for i, position in enumerate(self.rng.sample(positions, len(positions))):
            experience = (
                self.rng.randint(0, 3) if i < young else self.rng.randint(4, 40)
            )
            age = 22 + experience + self.rng.randint(0, 4)
            self._adult(category, position, age, experience_years=experience)

    def staff(self, positions: list[str]) -> None:
        """Staff who do not teach: no teaching experience."""
        for position in positions:
            self._adult(Category.STAFF, position, self.rng.randint(25, 60))

    def parents(self, count: int) -> None:
        for _ in range(count):
            job = self.rng.choice(_PARENT_JOBS)
            self._adult(Category.PARENT, job, self.rng.randint(28, 50))

    def alumni(self, count: int) -> None:
        for _ in range(count):
            job = self.rng.choice(_ALUMNI_JOBS)
            student = job.startswith("студент")
            age = self.rng.randint(18, 22) if student else self.rng.randint(23, 35)
            self._adult(Category.ALUMNUS, job, age)

    def veterans(self, positions: list[str]) -> None:
        for position in positions:
            experience = self.rng.randint(38, 50)
            age = 23 + experience + self.rng.randint(0, 8)
            self._adult(
                Category.VETERAN,
                f"{position}, ветеран педагогического труда",
                age,
                experience_years=experience,
            )

    def employees(self, enterprise: Organisation, positions: list[str]) -> None:
        for position in positions:
            self._adult(
                Category.EMPLOYEE,
                position,
                self.rng.randint(25, 58),
                employer_name=enterprise.short_name,
                employer_inn=enterprise.inn,
            )


def _fill(key: str, base: _Base, orgs: dict[str, Organisation]) -> None:
    if key == "school1":
        base.pupils(range(1, 12), "АБ", (6, 8))
        base.teachers(_SCHOOL1_TEACHERS)
        base.teachers(_SCHOOL1_STAFF, Category.STAFF)
        base.parents(12)
        base.alumni(6)
        base.veterans(["учитель математики", "учитель русского языка и литературы"])
        for partner, positions in _EMPLOYEES.items():
            base.employees(orgs[partner], positions)
    elif key in ("school2", "school_other"):
        base.pupils(range(1, 12), "А", (4, 7) if key == "school2" else (6, 9))
        base.teachers(_SMALL_SCHOOL_TEACHERS)
        base.teachers(_SMALL_SCHOOL_STAFF, Category.STAFF)
        base.parents(4)
        base.alumni(2)
        base.veterans(["учитель начальных классов"])
        if key == "school2":
            base.employees(orgs["partner"], ["механизатор", "бригадир животноводов"])
    elif key == "kindergarten":
        base.teachers(_KINDERGARTEN_TEACHERS)
        base.staff(_KINDERGARTEN_STAFF)
    elif key == "college":
        base.students(_COLLEGE_GROUPS, (5, 7))
        base.teachers(_COLLEGE_TEACHERS)
        base.teachers(_COLLEGE_STAFF, Category.STAFF)
    elif key in ("cvr", "ddt_other"):
        base.children(40 if key == "cvr" else 25, (7, 17))
        base.teachers(_ADDITIONAL_TEACHERS[: 9 if key == "cvr" else 5])


def _cast_people(ctx: dict[str, Any]) -> dict[str, Person]:
    users, school1, today = ctx["users"], ctx["organisations"]["school1"], ctx["today"]
    mentee_born = mentee_birth_date(today)
    fields = {
        "mentor": {
            "category": Category.TEACHER,
            "position": "учитель физики",
            "experience_years": 14,
            "birth_date": years_before(today, 38) - timedelta(days=123),
            "phone": "+7 912 364-18-07",
        },
        "mentee": {
            "category": Category.PUPIL,
            "class_name": f"{class_of(mentee_born, SchoolYear.of(today))}А",
            "birth_date": mentee_born,
        },
    }
    people = {}
    for login, extra in fields.items():
        user = users[login]
        people[login], _ = Person.objects.get_or_create(
            user=user,
            defaults={
                "organisation": school1,
                "last_name": user.last_name,
                "first_name": user.first_name,
                "patronymic": user.patronymic,
                "email": user.email,
                **extra,
            },
        )
    return people


def load(ctx: dict[str, Any]) -> None:
    orgs: dict[str, Organisation] = ctx["organisations"]
    filled = set(
        Person.objects.filter(organisation__in=orgs.values())
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    people: list[Person] = []
    for key, organisation in orgs.items():
        if organisation.is_educational and organisation.pk not in filled:
            base = _Base(organisation, ctx["faker"], ctx["today"])
            _fill(key, base, orgs)
            people.extend(base.people)
    Person.objects.bulk_create(people, batch_size=500)
    ctx["people"] = _cast_people(ctx)
    load_bases(ctx)
