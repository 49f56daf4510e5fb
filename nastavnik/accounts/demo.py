"""Demo data: the demo cast of DESIGN.md, all with the password ``demo``.

Needs ``ctx["region"]``, ``ctx["municipalities"]`` and ``ctx["organisations"]``
from ``orgs.demo``; leaves ``ctx["users"]``, the cast by login.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from nastavnik.accounts.models import Membership, Role, User

PASSWORD = "demo"
EMAIL_DOMAIN = "demo.nastavnik.local"

# login: (last name, first name, patronymic, role, scope key). The scope key is
# "region", a municipality key or an organisation key of orgs.demo. The head's
# name comes from the organisation so that orders print the same ФИО.
CAST: dict[str, tuple[str, str, str, Role, str]] = {
    "region": ("Вершинина", "Ольга", "Николаевна", Role.REGIONAL, "region"),
    "municipal": ("Бузмакова", "Татьяна", "Васильевна", Role.MUNICIPAL, "uni"),
    "head": ("", "", "", Role.HEAD, "school1"),
    "curator": ("Поздеева", "Наталья", "Геннадьевна", Role.CURATOR, "school1"),
    "curator2": ("Ившина", "Светлана", "Михайловна", Role.CURATOR, "school2"),
    "curator_other": (
        "Чашкина",
        "Ирина",
        "Владимировна",
        Role.CURATOR,
        "school_other",
    ),
    "mentor": ("Ложкин", "Дмитрий", "Александрович", Role.MENTOR, "school1"),
    "mentee": ("Булдакова", "Анастасия", "Сергеевна", Role.MENTEE, "school1"),
}


def _scope(ctx: dict[str, Any], role: Role, key: str) -> dict[str, Any]:
    if role == Role.REGIONAL:
        return {"region": ctx["region"]}
    if role == Role.MUNICIPAL:
        return {"municipality": ctx["municipalities"][key]}
    return {"organisation": ctx["organisations"][key]}


def load(ctx: dict[str, Any]) -> None:
    # One hash for the whole cast: hashing is slow on purpose, and the demo
    # re-sets the password on every run.
    password = make_password(PASSWORD)
    users = {}
    for login, (last, first, patronymic, role, key) in CAST.items():
        scope = _scope(ctx, role, key)
        if role == Role.HEAD:
            last, first, patronymic = scope["organisation"].head_name.split(" ", 2)
        user, created = User.objects.get_or_create(
            username=login,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "email": f"{login}@{EMAIL_DOMAIN}",
                "password": password,
            },
        )
        if not created:
            user.password = password
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, role=role, **scope)
        users[login] = user
    ctx["users"] = users


def logins() -> list[tuple[str, str, str, str]]:
    memberships = (
        Membership.objects.active()
        .with_scope()
        .select_related("user")
        .filter(user__username__in=CAST)
    )
    order = list(CAST)
    rows = []
    for m in sorted(memberships, key=lambda m: order.index(m.user.username)):
        if m.municipality:
            scope = f"{m.municipality}, {m.municipality.region}"
        else:
            scope = str(m.scope)
        rows.append((m.user.username, str(m.get_role_display()), scope, PASSWORD))
    return rows
