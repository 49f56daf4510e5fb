"""JSON helpers with no domain knowledge."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Writes Cyrillic as it is, not as \\uXXXX escapes: a third of the size of a
    Russian text, which matters for the rows an import keeps between its steps."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
