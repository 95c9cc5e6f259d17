from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from zhaoshang.accounts.models import User


class LoginForm(AuthenticationForm):
    """The sign-in form; a locked account is told until when, a wrong password how many tries remain."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "locked": "连续登录失败次数过多，账号已锁定至 %(until)s，请稍后再试。",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and user.is_locked():
            until = timezone.localtime(user.locked_until).strftime("%H:%M:%S")
            raise forms.ValidationError(self.error_messages["locked"], code="locked", params={"until": until})
        try:
            return super().clean()
        except forms.ValidationError:
            if user is not None:
                user.refresh_from_db(fields=["locked_until"])
                if user.is_locked():
                    until = timezone.localtime(user.locked_until).strftime("%H:%M:%S")
                    raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                                params={"until": until}) from None
            raise
