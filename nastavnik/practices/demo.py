"""Demo best practices of school 1: a published case (without names, so it
needs no dissemination consent) on the municipality's public page, a draft
case still being written, and an award order with two mentors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from nastavnik.pairs.models import Pairing, PairingMember
from nastavnik.people.models import Topic
from nastavnik.practices.models import Award, AwardOrder, Case

AWARD_ORDER = "115-о"


def load(ctx: dict[str, Any]) -> None:
    school = ctx["organisations"]["school1"]
    if Case.objects.filter(organisation=school).exists():
        return
    today: date = ctx["today"]
    curator = ctx.get("users", {}).get("curator")
    pairings = list(
        Pairing.objects.filter(organisation=school, status__in=Pairing.LIVE)
        .select_related("form")
        .order_by("pk")[:2]
    )
    topics = list(Topic.objects.order_by("pk")[:2])
    texts = [
        (
            "Подготовка к олимпиаде по математике в паре «учитель — ученик»",
            "учитель математики",
            "ученик 8 класса",
            "Встречи раз в две недели: разбор олимпиадных задач прошлых лет, "
            "пробные туры, план самостоятельной работы между встречами.",
            "Ученик прошёл в муниципальный этап олимпиады и стал его призёром.",
            "Ставить одну цель на полугодие и отмечать её в плане после каждой "
            "встречи.",
            True,
        ),
        (
            "Адаптация в новом классе",
            "классный руководитель",
            "ученица 6 класса",
            "Знакомство с классом, участие в школьном проекте, встречи с "
            "педагогом-психологом.",
            "Работа пары ещё идёт.",
            "",
            False,
        ),
    ]
    for pairing, text in zip(pairings, texts, strict=False):
        title, mentor, mentee, done, result, lesson, published = text
        case = Case.objects.create(
            organisation=school,
            pairing=pairing,
            title=title,
            form=pairing.form,
            mentor_description=mentor,
            mentee_description=mentee,
            done=done,
            result=result,
            lesson=lesson,
            created_by=curator,
            status=Case.Status.PUBLISHED if published else Case.Status.DRAFT,
            published_at=timezone.now() if published else None,
        )
        case.topics.set(topics)
    mentors = list(
        PairingMember.objects.filter(
            pairing__organisation=school, role=PairingMember.Role.MENTOR
        )
        .order_by("person__last_name", "person__pk")
        .values_list("person", flat=True)
        .distinct()[:2]
    )
    if not mentors:
        return
    order = AwardOrder.objects.create(
        organisation=school, number=AWARD_ORDER, date=today, created_by=curator
    )
    awards = [
        (
            Award.Kind.CERTIFICATE,
            "за подготовку призёра муниципального этапа олимпиады",
        ),
        (Award.Kind.THANKS, "за помощь в адаптации обучающихся"),
    ]
    for person, (kind, reason) in zip(mentors, awards, strict=False):
        Award.objects.create(order=order, person_id=person, kind=kind, reason=reason)
