"""Demo data: Кировская область, the municipalities «Уни» and «Фалёнки» and their
organisations. Loaded by ``manage.py demo`` (see its module docstring).

Leaves in ``ctx``: ``region``, ``municipalities`` (``uni``, ``falenki``) and
``organisations`` by key (``school1``, ``school2``, ``kindergarten``, ``cvr``,
``college``, ``partner``, ``partner2``, ``school_other``, ``ddt_other``).
"""

from __future__ import annotations

from typing import Any

from nastavnik.lib.validators import inn_with_check_digit
from nastavnik.orgs.models import Municipality, Organisation, Region

REGION = "Кировская область"
UNI = "Уни"
FALENKI = "Фалёнки"

_UNI_ADDRESS = "612540, Кировская область, Унинский муниципальный округ, пгт Уни"
_FALENKI_ADDRESS = (
    "612500, Кировская область, Фалёнский муниципальный округ, пгт Фалёнки"
)
_MAIL = "demo.nastavnik.local"  # not deliverable: the demo must never mail anyone

_ORGANISATIONS: dict[str, dict[str, str]] = {
    "school1": {
        "municipality": UNI,
        "type": Organisation.Type.SCHOOL,
        "inn": "4330000013",
        "short_name": "МБОУ СОШ № 1 пгт Уни",
        "name": (
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
            "общеобразовательная школа № 1 пгт Уни» Унинского муниципального округа "
            "Кировской области"
        ),
        "address": f"{_UNI_ADDRESS}, ул. Ленина, д. 12",
        "head_name": "Шутов Алексей Николаевич",
        "head_position": "Директор",
        "phone": "+7 (83359) 2-15-47",
        "email": f"uni-school1@{_MAIL}",
        # School 1 publishes news of its programme: its consents to
        # dissemination name this site (the others print none until they add one).
        "website": f"https://uni-school1.{_MAIL}",
    },
    "school2": {
        "municipality": UNI,
        "type": Organisation.Type.SCHOOL,
        "inn": "4330000020",
        "short_name": "МКОУ СОШ с. Сардык",
        "name": (
            "Муниципальное казённое общеобразовательное учреждение «Средняя "
            "общеобразовательная школа с. Сардык» Унинского муниципального округа "
            "Кировской области"
        ),
        "address": (
            "612552, Кировская область, Унинский муниципальный округ, с. Сардык, "
            "ул. Школьная, д. 3"
        ),
        "head_name": "Корепанова Людмила Ивановна",
        "head_position": "Директор",
        "phone": "+7 (83359) 2-41-18",
        "email": f"sardyk-school@{_MAIL}",
    },
    "kindergarten": {
        "municipality": UNI,
        "type": Organisation.Type.KINDERGARTEN,
        "inn": inn_with_check_digit("433000003"),
        "short_name": "МКДОУ детский сад «Колосок» пгт Уни",
        "name": (
            "Муниципальное казённое дошкольное образовательное учреждение детский сад "
            "«Колосок» пгт Уни Кировской области"
        ),
        "address": f"{_UNI_ADDRESS}, ул. Труда, д. 7",
        "head_name": "Мерзлякова Ольга Витальевна",
        "head_position": "Заведующий",
        "phone": "+7 (83359) 2-12-09",
        "email": f"uni-kolosok@{_MAIL}",
    },
    "cvr": {
        "municipality": UNI,
        "type": Organisation.Type.ADDITIONAL,
        "inn": inn_with_check_digit("433000004"),
        "short_name": "МБУ ДО ЦВР пгт Уни",
        "name": (
            "Муниципальное бюджетное учреждение дополнительного образования «Центр "
            "внешкольной работы» пгт Уни Кировской области"
        ),
        "address": f"{_UNI_ADDRESS}, ул. Ленина, д. 22",
        "head_name": "Сунцова Елена Валерьевна",
        "head_position": "Директор",
        "phone": "+7 (83359) 2-18-66",
        "email": f"uni-cvr@{_MAIL}",
    },
    "college": {
        "municipality": UNI,
        "type": Organisation.Type.COLLEGE,
        "inn": inn_with_check_digit("433000005"),
        "short_name": "КОГПОБУ «Унинский аграрный техникум»",
        "name": (
            "Кировское областное государственное профессиональное образовательное "
            "бюджетное учреждение «Унинский аграрный техникум»"
        ),
        "address": f"{_UNI_ADDRESS}, ул. Советская, д. 30",
        "head_name": "Долгушин Виктор Аркадьевич",
        "head_position": "Директор",
        "phone": "+7 (83359) 2-21-30",
        "email": f"uni-technikum@{_MAIL}",
    },
    "partner": {
        "municipality": UNI,
        "type": Organisation.Type.PARTNER,
        "inn": inn_with_check_digit("433000101"),
        "short_name": "СПК колхоз «Новый путь»",
        "name": "Сельскохозяйственный производственный кооператив колхоз «Новый путь»",
        "address": (
            "612546, Кировская область, Унинский муниципальный округ, с. Елгань, "
            "ул. Центральная, д. 1"
        ),
        "head_name": "Бабинцев Николай Степанович",
        "head_position": "Председатель",
        "phone": "+7 (83359) 2-53-12",
        "email": f"novyi-put@{_MAIL}",
    },
    "partner2": {
        "municipality": UNI,
        "type": Organisation.Type.PARTNER,
        "inn": inn_with_check_digit("433000102"),
        "short_name": "ООО «Унинский молзавод»",
        "name": "Общество с ограниченной ответственностью «Унинский молочный завод»",
        "address": f"{_UNI_ADDRESS}, ул. Заводская, д. 5",
        "head_name": "Мухачёв Игорь Олегович",
        "head_position": "Генеральный директор",
        "phone": "+7 (83359) 2-10-75",
        "email": f"molzavod@{_MAIL}",
    },
    "school_other": {
        "municipality": FALENKI,
        "type": Organisation.Type.SCHOOL,
        "inn": inn_with_check_digit("433600001"),
        "short_name": "МКОУ СОШ пгт Фалёнки",
        "name": (
            "Муниципальное казённое общеобразовательное учреждение «Средняя "
            "общеобразовательная школа пгт Фалёнки» Фалёнского муниципального округа "
            "Кировской области"
        ),
        "address": f"{_FALENKI_ADDRESS}, ул. Свободы, д. 45",
        "head_name": "Зорина Марина Александровна",
        "head_position": "Директор",
        "phone": "+7 (83332) 2-13-52",
        "email": f"falenki-school@{_MAIL}",
    },
    "ddt_other": {
        "municipality": FALENKI,
        "type": Organisation.Type.ADDITIONAL,
        "inn": inn_with_check_digit("433600002"),
        "short_name": "МКОУ ДО ДДТ пгт Фалёнки",
        "name": (
            "Муниципальное казённое образовательное учреждение дополнительного "
            "образования «Дом детского творчества» пгт Фалёнки Кировской области"
        ),
        "address": f"{_FALENKI_ADDRESS}, ул. Ленина, д. 10",
        "head_name": "Кондратьева Татьяна Юрьевна",
        "head_position": "Директор",
        "phone": "+7 (83332) 2-17-04",
        "email": f"falenki-ddt@{_MAIL}",
    },
}


def is_loaded() -> bool:
    return Organisation.objects.exists()


def load(ctx: dict[str, Any]) -> None:
    region, _ = Region.objects.get_or_create(
        name=REGION, defaults={"time_zone": "Europe/Kirov"}
    )
    municipalities = {}
    for key, name, centre in (
        ("uni", UNI, "Унинского"),
        ("falenki", FALENKI, "Фалёнского"),
    ):
        municipalities[key], _ = Municipality.objects.get_or_create(
            region=region,
            name=name,
            defaults={
                "centre_name": "Муниципальный наставнический центр "
                f"{centre} муниципального округа"
            },
        )
    by_name = {m.name: m for m in municipalities.values()}

    organisations = {}
    for key, fields in _ORGANISATIONS.items():
        defaults = {**fields, "municipality": by_name[fields["municipality"]]}
        organisations[key], _ = Organisation.objects.get_or_create(
            inn=defaults.pop("inn"), defaults=defaults
        )

    ctx["region"] = region
    ctx["municipalities"] = municipalities
    ctx["organisations"] = organisations
