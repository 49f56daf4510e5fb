from __future__ import annotations

from django.urls import path  # noqa: F401

from nastavnik.surveys import (
    campaign_views,
    invitation_views,
    public_views,
    results_views,
    views,
)

# /surveys/: URL names are surveys-<thing>-<action>, where <thing> is
# questionnaire, version, section, question, campaign or response and the URL
# takes its «code»; lists of an organisation take «org_code».
urlpatterns = []

# The questionnaire builder: questionnaires, their versions, sections and
# questions.
urlpatterns += [
    # /surveys/<org_code>/questionnaires/: an organisation's questionnaires
    path(
        "<uuid:org_code>/questionnaires/",
        views.questionnaire_list,
        name="surveys-questionnaire-list",
    ),
    path(
        "<uuid:org_code>/questionnaires/add/",
        views.questionnaire_add,
        name="surveys-questionnaire-add",
    ),
    # /surveys/questionnaires/<code>/
    path(
        "questionnaires/<uuid:code>/",
        views.questionnaire_detail,
        name="surveys-questionnaire-detail",
    ),
    path(
        "questionnaires/<uuid:code>/edit/",
        views.questionnaire_edit,
        name="surveys-questionnaire-edit",
    ),
    path(
        "questionnaires/<uuid:code>/copy/",
        views.questionnaire_copy,
        name="surveys-questionnaire-copy",
    ),
    # /surveys/versions/<code>/: settings, preview, a new section
    path(
        "versions/<uuid:code>/preview/",
        views.version_preview,
        name="surveys-version-preview",
    ),
    path(
        "versions/<uuid:code>/edit/",
        views.version_edit,
        name="surveys-version-edit",
    ),
    path(
        "versions/<uuid:code>/sections/add/",
        views.section_add,
        name="surveys-version-section-add",
    ),
    # /surveys/sections/<code>/: a section, a new question in it
    path("sections/<uuid:code>/edit/", views.section_edit, name="surveys-section-edit"),
    path("sections/<uuid:code>/move/", views.section_move, name="surveys-section-move"),
    path(
        "sections/<uuid:code>/delete/",
        views.section_delete,
        name="surveys-section-delete",
    ),
    path(
        "sections/<uuid:code>/questions/add/",
        views.question_add,
        name="surveys-section-question-add",
    ),
    # /surveys/questions/<code>/
    path(
        "questions/<uuid:code>/edit/",
        views.question_edit,
        name="surveys-question-edit",
    ),
    path(
        "questions/<uuid:code>/move/",
        views.question_move,
        name="surveys-question-move",
    ),
    path(
        "questions/<uuid:code>/delete/",
        views.question_delete,
        name="surveys-question-delete",
    ),
]

# Results of a campaign: the summary, each person's answers, the XLSX of all
# answers, the paper forms entered by hand, and the blank form to print.
urlpatterns += [
    # /surveys/campaigns/<code>/
    path(
        "campaigns/<uuid:code>/results/",
        results_views.campaign_results,
        name="surveys-campaign-results",
    ),
    path(
        "campaigns/<uuid:code>/responses/",
        results_views.campaign_responses,
        name="surveys-campaign-responses",
    ),
    path(
        "campaigns/<uuid:code>/answers.xlsx",
        results_views.campaign_xlsx,
        name="surveys-campaign-xlsx",
    ),
    path(
        "campaigns/<uuid:code>/paper/",
        results_views.campaign_paper,
        name="surveys-campaign-paper",
    ),
    # /surveys/responses/<code>/
    path(
        "responses/<uuid:code>/",
        results_views.response_detail,
        name="surveys-response-detail",
    ),
    # /surveys/versions/<code>/
    path(
        "versions/<uuid:code>/blank.docx",
        results_views.version_docx,
        name="surveys-version-docx",
    ),
]

# Campaigns: a questionnaire sent to people with a deadline, their personal
# links and reminders.
urlpatterns += [
    # /surveys/<org_code>/campaigns/: an organisation's campaigns
    path(
        "<uuid:org_code>/campaigns/",
        campaign_views.campaign_list,
        name="surveys-campaign-list",
    ),
    path(
        "<uuid:org_code>/campaigns/add/",
        campaign_views.campaign_add,
        name="surveys-campaign-add",
    ),
    # /surveys/<org_code>/campaigns/people/?q=: the people a new campaign's
    # search finds (a part of the form, asked for on demand)
    path(
        "<uuid:org_code>/campaigns/people/",
        campaign_views.campaign_people,
        name="surveys-campaign-people",
    ),
    # /surveys/campaigns/<code>/
    path(
        "campaigns/<uuid:code>/",
        campaign_views.campaign_detail,
        name="surveys-campaign-detail",
    ),
    path(
        "campaigns/<uuid:code>/send/",
        campaign_views.campaign_send,
        name="surveys-campaign-send",
    ),
    path(
        "campaigns/<uuid:code>/reissue/",
        campaign_views.campaign_reissue,
        name="surveys-campaign-reissue",
    ),
    path(
        "campaigns/<uuid:code>/remind/",
        campaign_views.campaign_remind,
        name="surveys-campaign-remind",
    ),
    path(
        "campaigns/<uuid:code>/close/",
        campaign_views.campaign_close,
        name="surveys-campaign-close",
    ),
    path(
        "campaigns/<uuid:code>/extend/",
        campaign_views.campaign_extend,
        name="surveys-campaign-extend",
    ),
]

# A signed-in person answers their own invitation from their home page.
urlpatterns += [
    # /surveys/invitations/<code>/
    path(
        "invitations/<uuid:code>/",
        invitation_views.answer,
        name="surveys-invitation-answer",
    ),
    path(
        "invitations/<uuid:code>/done/",
        invitation_views.done,
        name="surveys-invitation-done",
    ),
]

# /survey/<token>/: the personal links, no account needed (included from
# nastavnik/urls.py at «survey/»). Names surveys-public-<action>, the token as
# a «str» parameter.
public_urlpatterns = [
    # /survey/<token>/: the questionnaire, and the thanks once it is sent
    path("<str:token>/", public_views.answer, name="surveys-public-answer"),
    path("<str:token>/done/", public_views.done, name="surveys-public-done"),
]
