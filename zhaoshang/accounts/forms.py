from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm


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
