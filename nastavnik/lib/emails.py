"""E-mails from the template triple emails/<name>-subject.html,
-body-text.html and -body-html.html."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def make_message(name: str, to: str, context: dict) -> EmailMultiAlternatives:
    context = {
        "site_name": settings.SITE_NAME,
        "site_root": settings.SITE_ROOT,
        **context,
    }
    subject = render_to_string(f"emails/{name}-subject.html", context)
    # A subject must be one line: templates end with a newline and may wrap.
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{name}-body-text.html", context)
    html = render_to_string(f"emails/{name}-body-html.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, to: str, context: dict) -> None:
    make_message(name, to, context).send()
