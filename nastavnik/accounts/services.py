from __future__ import annotations

import uuid

from nastavnik.accounts.models import AuditEvent, User
from nastavnik.orgs.models import Organisation


def audit_log(
    *,
    user: User | None,
    organisation: Organisation | None,
    action: str,
    object_type: str = "",
    object_code: uuid.UUID | None = None,
    summary: str = "",
) -> AuditEvent:
    """Write one line of the audit log. ``summary`` must hold no personal data."""
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        user=user,
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_code=object_code,
        summary=summary[:300],
    )
