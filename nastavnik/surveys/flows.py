"""Where answers go once a response is stored.

``after_response`` is called by ``services.response_submit`` inside its
transaction: the mentor and mentee questionnaires fill the people bases
(``profiles.apply``), the preference questionnaire writes the ranked
preferences that matching reads. Satisfaction and the entry and exit
measurements need nothing here: monitoring reads them from the answers
(``stats``). An anonymous response goes nowhere: it has no person.
"""

from __future__ import annotations

from django.db import transaction

from nastavnik.orgs.models import Organisation
from nastavnik.surveys import profiles
from nastavnik.surveys.models import Kind, Preference, Question, Response


def after_response(
    response: Response, answers: dict[str, object]
) -> profiles.Outcome | list[Preference] | None:
    """Dispatch the response by its questionnaire's kind; returns what the
    flow did (for the page that took the answers), None when nothing."""
    if response.campaign.anonymous or response.person is None:
        return None
    kind = response.version.questionnaire.kind
    if kind in (Kind.MENTOR, Kind.MENTEE):
        return profiles.apply(
            response.person, response.version, answers, user=response.entered_by
        )
    if kind == Kind.PREFERENCE:
        return preferences_from(response, answers)
    return None


@transaction.atomic
def preferences_from(
    response: Response, answers: dict[str, object]
) -> list[Preference]:
    """The respondent's ranked choices from the first answered ranking
    question (person codes, first is rank 1), replacing their earlier
    preferences in the same campaign. Only the campaign's candidates count,
    so a forged code ranks nobody."""
    person = response.person
    if person is None:
        return []
    ranking = (
        Question.objects.filter(
            section__version=response.version, type=Question.Type.RANKING
        )
        .order_by("section__position", "position")
        .values_list("key", flat=True)
    )
    codes = next((answers[key] for key in ranking if answers.get(key)), [])
    candidates = {
        str(p.code): p
        for p in response.campaign.candidates.filter(code__in=codes).exclude(
            pk=person.pk
        )
    }
    chosen = [candidates[str(c)] for c in dict.fromkeys(codes) if str(c) in candidates]
    Preference.objects.filter(campaign=response.campaign, person=person).delete()
    return Preference.objects.bulk_create(
        Preference(
            person=person, candidate=candidate, rank=rank, campaign=response.campaign
        )
        for rank, candidate in enumerate(chosen, start=1)
    )


def preferences_for(organisation: Organisation) -> dict[int, list[int]]:
    """Whom each person of the organisation would like to work with, as
    {person id: [candidate ids, first choice first]}, from the latest
    campaign in which they ranked anybody."""
    rows = (
        Preference.objects.filter(campaign__organisation=organisation)
        .order_by("person_id", "-campaign__created_at", "-campaign_id", "rank")
        .values_list("person_id", "campaign_id", "candidate_id")
    )
    result: dict[int, list[int]] = {}
    campaign_of: dict[int, int] = {}
    for person_id, campaign_id, candidate_id in rows:
        if campaign_of.setdefault(person_id, campaign_id) == campaign_id:
            result.setdefault(person_id, []).append(candidate_id)
    return result
