from __future__ import annotations

from nastavnik.people import urls_consents, urls_imports

# /people/
urlpatterns = [
    *urls_imports.urlpatterns,
    *urls_consents.urlpatterns,
]
