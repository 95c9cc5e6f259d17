"""Users, their role and team, and the API tokens scripts sign in with."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "管理员"
    LEADER = "leader", "领导"
    OFFICER = "officer", "招商专员"
    ANALYST = "analyst", "产业研究"
    PARTNER = "partner", "合作园区/飞地人员"


class Team(models.Model):
    """A group of officers who share their projects (a 招商小分队 or a desk of the bureau)."""

    name = models.CharField("名称", max_length=100, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "团队"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in; what they may see follows from role, team and (for partners) carrier."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.OFFICER)
    team = models.ForeignKey(Team, verbose_name="团队", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members")
    carrier = models.ForeignKey("zones.Carrier", verbose_name="所属载体", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="staff",
                                help_text="合作园区/飞地人员只能看到本载体的记录")
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0, editable=False)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name in Chinese order, surname first and no space: 张伟 (Django's default writes "伟 张")."""
        return f"{self.last_name.strip()}{self.first_name.strip()}"

    def get_short_name(self) -> str:
        # The admin greets people by their short name; a given name alone ("理员") reads as a fragment.
        return self.get_full_name()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def reads_everything(self) -> bool:
        return self.is_administrator or self.role == Role.LEADER

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER and not self.is_superuser

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for scripts; only its hash is stored, the key is shown once.

    A token works only while its user could sign in: active, not locked, with the password it was issued
    under (a password change ends every token), and before its expiry. A read-only token may only read.
    """

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=8, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    read_only = models.BooleanField("只读", default=False, help_text="只读令牌只能查询，不能新建或修改")
    # The user's password-derived hash when the token was issued: a new password no longer matches it.
    password_hash = models.CharField(max_length=128, editable=False, default="")

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, *, user: User, name: str, expires_at=None, read_only: bool = False) -> tuple[ApiToken, str]:
        key = "zs_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=_digest(key), prefix=key[:8],
                                   expires_at=expires_at, read_only=read_only,
                                   password_hash=user.get_session_auth_hash())
        return token, key

    def usable(self, now=None) -> bool:
        now = now or timezone.now()
        user = self.user
        return (user.is_active and not user.is_locked(now) and (self.expires_at is None or self.expires_at > now)
                and secrets.compare_digest(self.password_hash, user.get_session_auth_hash()))

    @classmethod
    def find(cls, key: str) -> ApiToken | None:
        """The usable token with this key, its use recorded (at most once a minute)."""
        token = cls.objects.select_related("user").filter(digest=_digest(key)).first()
        now = timezone.now()
        if token is None or not token.usable(now):
            return None
        # At most one write a minute per token: a write per call queued every reader behind it on SQLite.
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token

    @classmethod
    def authenticate(cls, key: str) -> User | None:
        token = cls.find(key)
        return token.user if token else None
