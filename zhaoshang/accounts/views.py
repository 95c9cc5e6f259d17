"""Signing in, changing one's password, and one's own API tokens."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.accounts.forms import LoginForm, TokenForm
from zhaoshang.accounts.models import ApiToken


class LoginView(auth_views.LoginView):
    """Django's sign-in page; an address that tries too often is answered 429."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
            response["Retry-After"] = "60"
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Self-service password change; the new password obeys the same rules, and every API token ends."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("cockpit")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。您的 API 令牌已随之失效，如有需要请重新签发。")
        return response


@login_required
def tokens(request):
    """The user's own API tokens: list, issue (the key shown once) and revoke."""
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _, key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"],
                                expires_at=timezone.now() + dt.timedelta(days=form.cleaned_data["days"]),
                                read_only=form.cleaned_data["read_only"])
        form = TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "key": key, "tokens": request.user.api_tokens.order_by("-created_at"), "now": timezone.now()})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another user's token answers 404
    token.delete()
    messages.success(request, f"令牌“{token.name}”已撤销。")
    return redirect("tokens")
