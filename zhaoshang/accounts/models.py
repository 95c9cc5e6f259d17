"""Users, their role and team, and the API tokens scripts sign in with."""

from __future__ import annotations

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


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for scripts; only its hash is stored, the key is shown once."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=8, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        key = "zs_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=_digest(key), prefix=key[:8])
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> User | None:
        token = cls.objects.select_related("user").filter(digest=_digest(key)).first()
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
