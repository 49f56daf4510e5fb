from __future__ import annotations

from django.urls import path  # noqa: F401

# /programmes/: URL names are programmes-<thing>-<action>, where <thing> is
# programme, roadmap, stage, item or evidence and the URL takes its «code»;
# lists of an organisation take «org_code», of a municipality «municipality_code».
urlpatterns = []
