from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from nastavnik import views
from nastavnik.api import endpoints as api_endpoints
from nastavnik.people import urls as people_urls
from nastavnik.surveys import urls as surveys_urls

admin.site.site_header = _("Nastavnik: back office")
admin.site.site_title = _("Nastavnik")
admin.site.index_title = _("Administration")

urlpatterns = [
    # Browsers ask for /favicon.ico before they read the page's <link rel="icon">.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg")),
        name="favicon",
    ),
    path("", views.home, name="home"),
    path("municipalities/<uuid:code>/", views.municipality, name="home-municipality"),
    path(
        "municipalities/<uuid:code>/overview/",
        views.municipality_overview,
        name="home-municipality-overview",
    ),
    path("regions/<uuid:code>/", views.region, name="home-region"),
    path(
        "regions/<uuid:code>/overview/",
        views.region_overview,
        name="home-region-overview",
    ),
    path("accounts/", include("nastavnik.accounts.urls")),
    path("orgs/", include("nastavnik.orgs.urls")),
    path("people/", include("nastavnik.people.urls")),
    path("consent/", include(people_urls.public_urlpatterns)),
    path("programmes/", include("nastavnik.programmes.urls")),
    path("surveys/", include("nastavnik.surveys.urls")),
    path("survey/", include(surveys_urls.public_urlpatterns)),
    path("pairs/", include("nastavnik.pairs.urls")),
    path("matching/", include("nastavnik.matching.urls")),
    path("monitoring/", include("nastavnik.monitoring.urls")),
    path("practices/", include("nastavnik.practices.urls")),
    path("reports/", include("nastavnik.reports.urls")),
    path("accounts/api-tokens/", include("nastavnik.api.urls")),
    # /api/ itself and any address the API does not have answer JSON too
    # (the first shadows ninja's HTML root page)
    path("api/", api_endpoints.not_found),
    path("api/", api_endpoints.api.urls),
    path("api/<path:rest>", api_endpoints.not_found),
    path("admin/", admin.site.urls),
]
