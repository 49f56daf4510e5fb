"""Downloads of a roadmap as DOCX and XLSX, in the seed's own columns.

Whoever may read a roadmap may download it: its staff, the municipal
coordinator and the regional operator (a roadmap names no pupils).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from nastavnik.lib import docx, downloads, spreadsheets
from nastavnik.programmes import access, exporting


@login_required
def roadmap_docx(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = access.get_roadmap_for_user(request, code)
    return downloads.attachment(
        exporting.roadmap_docx(roadmap),
        name=exporting.file_name(roadmap, "docx", timezone.localdate()),
        content_type=docx.CONTENT_TYPE,
    )


@login_required
def roadmap_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = access.get_roadmap_for_user(request, code)
    return downloads.attachment(
        exporting.roadmap_xlsx(roadmap),
        name=exporting.file_name(roadmap, "xlsx", timezone.localdate()),
        content_type=spreadsheets.CONTENT_TYPE,
    )
