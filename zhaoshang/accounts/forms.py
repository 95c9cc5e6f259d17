from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from zhaoshang.core.text_input import TextInputRuleMixin


def throttled_message() -> str:
    minutes = max(1, settings.LOGIN_ADDRESS_WINDOW_SECONDS // 60)
    return f"登录尝试过于频繁：请 {minutes} 分钟后再试。"


class LoginForm(AuthenticationForm):
    """The sign-in form. A wrong password, an unknown name and a locked account get the same message, so
    the form never tells a stranger which user names exist; the lockout itself is in LockoutBackend."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
        self.error_messages = {
            **self.error_messages,
            "invalid_login": (f"登录失败：用户名或密码不正确，或账号因连续 {settings.LOGIN_FAILURE_LIMIT} 次失败"
                              f"已被锁定（{minutes} 分钟后自动解锁）。"),
        }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "login_throttled", False):
                raise ValidationError(throttled_message(), code="throttled") from None
            raise

    @property
    def throttled(self) -> bool:
        return any(error.code == "throttled" for error in self.non_field_errors().as_data())


class TokenForm(TextInputRuleMixin, forms.Form):
    """A token a user issues to themselves: what for, for how long, and whether it may write."""

    name = forms.CharField(label="用途", max_length=100)
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=366, initial=90,
                              help_text="到期后令牌自动失效")
    read_only = forms.BooleanField(label="只读（只能查询，不能修改数据）", required=False, initial=True)
