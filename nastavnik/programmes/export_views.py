"""Downloads of a roadmap as DOCX and XLSX, in the seed's own columns.

Whoever may read a roadmap may download it: its staff, the municipal
coordinator and the regional operator (a roadmap names no pupils).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from nastavnik.lib import docx
from nastavnik.programmes import access, exporting


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    # RFC 5987 (filename*=UTF-8''…) keeps the Russian name intact.
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, name)},
    )


@login_required
def roadmap_docx(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = access.get_roadmap_for_user(request, code)
    return _attachment(
        exporting.roadmap_docx(roadmap),
        docx.CONTENT_TYPE,
        exporting.file_name(roadmap, "docx"),
    )


@login_required
def roadmap_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    roadmap = access.get_roadmap_for_user(request, code)
    return _attachment(
        exporting.roadmap_xlsx(roadmap),
        exporting.XLSX_CONTENT_TYPE,
        exporting.file_name(roadmap, "xlsx"),
    )
