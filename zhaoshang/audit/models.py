"""The audit trail: who did what, when, from where, and with what result."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One sign-in, failed sign-in, denial, export, permission change, write, delete or reading of this log; never
    changed."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "登录"
        SIGN_IN_FAILED = "sign_in_failed", "登录失败"
        SIGN_OUT = "sign_out", "退出"
        DENIED = "denied", "拒绝访问"
        EXPORT = "export", "导出/下载"
        PERMISSION = "permission", "权限变更"
        WRITE = "write", "写入"
        DELETE = "delete", "删除"
        AUDIT_READ = "audit_read", "查阅审计日志"  # reading or exporting this log is itself on the record

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("用户名", max_length=150, blank=True)  # kept when the user is deleted
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    target = models.CharField("对象", max_length=300, blank=True)  # a path, or app.Model:id
    detail = models.CharField("说明", max_length=1000, blank=True)
    result = models.PositiveSmallIntegerField("结果（HTTP 状态）", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '匿名'} {self.get_action_display()} {self.target}"

    def save(self, *args, **kwargs):
        # An audit row is written once; the application never rewrites one (purging old rows is a queryset delete).
        if self.pk is not None:
            raise PermissionError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录不可删除；过期记录由 zhaoshang manage audit_purge 清理")
