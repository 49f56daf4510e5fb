"""Form helpers with no domain knowledge."""

from __future__ import annotations

from django import forms

# Error codes a person cannot cause by typing: only a forged request can.
TAMPERED_CODES = {"invalid_choice", "invalid_pk_value"}


def is_tampered(form: forms.Form) -> bool:
    """True when the errors are those of a forged post, not of a typo.

    A value outside a select's choices or an invalid hidden field cannot come
    from the rendered form, so the view answers 400 instead of re-displaying it.
    """
    for name, errors in form.errors.as_data().items():
        field = form.fields.get(name)
        if field is not None and field.widget.is_hidden:
            return True
        if any(error.code in TAMPERED_CODES for error in errors):
            return True
    return False
