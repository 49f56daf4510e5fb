from __future__ import annotations

# /consent/ : pages for parents who open a personal link, no account needed
urlpatterns: list = []
