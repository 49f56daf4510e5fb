"""URLs of many rows of one list, at the cost of one ``reverse`` per URL name.

``reverse`` costs tens of microseconds; a list of a hundred rows with three
links each would spend more on it than on the rest of the page. ``row_urls``
reverses each name once with a placeholder code and substitutes each row's
code into the result, so that the URLs are exactly those ``reverse`` gives.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = uuid.UUID(int=0)


def url_maker(name: str, *fixed) -> Callable[[uuid.UUID | str], str]:
    """A function code -> the URL of ``name`` for that code (its last
    argument, after the ``fixed`` ones the rows share)."""
    pattern = reverse(name, args=[*fixed, _PLACEHOLDER])
    placeholder = str(_PLACEHOLDER)
    return lambda code: pattern.replace(placeholder, str(code))
