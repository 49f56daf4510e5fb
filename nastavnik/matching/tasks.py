"""Matching's background work: a run of a cohort too large to match in the
request (``services.run_start``) waits in the database for the worker,
``manage.py db_worker``, which ``make run`` starts beside the web server."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task


@task()
def match(run_code: str) -> None:
    """Match the queued run with this public id (``services.run_queued``)."""
    # imported here: services enqueues this task
    from nastavnik.matching import services

    # the reasons and notes a run keeps are in the site's language
    with translation.override(settings.LANGUAGE_CODE):
        services.run_queued(run_code)
