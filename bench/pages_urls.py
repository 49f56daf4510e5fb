"""The product's URLs plus the benchmark's yardstick: a minimal Django page.

The minimal page is what «as light as a plain Django page» means: behind
login, one query, a 50-row table rendered from a template, through the same
middleware as every page of the product.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from nastavnik.accounts.models import User
from nastavnik.urls import urlpatterns as product_urlpatterns


@login_required
def minimal(request):
    users = User.objects.order_by("pk").values_list("username", "email")
    rows = [
        {"number": n, "username": username, "email": email}
        for n, (username, email) in enumerate((list(users) * 50)[:50], start=1)
    ]
    return render(request, "bench_minimal.html", {"rows": rows})


urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    *product_urlpatterns,
]
