from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.access import memberships_of
from nastavnik.accounts.forms import LoginForm, ProfileForm, ResetForm, SwitchForm
from nastavnik.accounts.middleware import SESSION_KEY
from nastavnik.lib.http import redirect_next

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=ResetForm,
    success_url=reverse_lazy("accounts-password-reset-sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts-password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts-profile"),
)


def locked(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What django-axes shows when a login is locked after too many wrong passwords."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    ctx = {"cooloff_minutes": minutes}
    return render(request, "accounts/locked.html", ctx, status=429)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("accounts-profile")
    ctx = {"form": form, "memberships": memberships_of(request.user)}
    return render(request, "accounts/profile.html", ctx)


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    """Act in another of the user's roles from now on."""
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    code = form.cleaned_data["membership"]
    if not memberships_of(request.user).filter(code=code).exists():
        return HttpResponseBadRequest()
    request.session[SESSION_KEY] = str(code)
    return redirect_next(request, "home")
