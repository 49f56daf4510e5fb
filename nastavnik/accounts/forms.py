from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from nastavnik.accounts.models import User
from nastavnik.lib import emails


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Wrong username, e-mail or password. Check the keyboard layout and "
            "Caps Lock and try again."
        ),
        "inactive": _("This account is disabled. Ask your curator."),
    }


class ResetForm(PasswordResetForm):
    """Password reset whose e-mail comes from the emails/ template triple."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        emails.send("password-reset", to_email, context)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "patronymic", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError(_("Another user already has this e-mail."))
        return email


class SwitchForm(forms.Form):
    membership = forms.UUIDField()
    next = forms.CharField(required=False, max_length=500)
