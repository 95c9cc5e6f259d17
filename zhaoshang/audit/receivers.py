"""Sign-ins, failed sign-ins, sign-outs, permission changes and deletes of tracked records, as audit rows.

Signals are the one place every path passes (pages, admin, API, console), which is what an audit needs."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from zhaoshang.accounts.models import User
from zhaoshang.audit.models import AuditEvent
from zhaoshang.audit.services import audit_record

# What decides what a user may see and do (accounts.permissions reads these).
PERMISSION_FIELDS = ["role", "team_id", "carrier_id", "is_staff", "is_superuser", "is_active"]


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.SIGN_IN, request=request, user=user, target=user.username, result=200)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username", ""))[:150]
    audit_record(action=AuditEvent.Action.SIGN_IN_FAILED, request=request, target=name,
                 detail="地址已被限流" if getattr(request, "login_throttled", False) else "", result=401)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.SIGN_OUT, request=request, user=user, target=user.username)


@receiver(pre_save, sender=User)
def _permission_change(sender, instance: User, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    before = User.objects.filter(pk=instance.pk).values(*PERMISSION_FIELDS).first()
    if before is None:
        return
    changed = [f"{name}: {before[name]} → {getattr(instance, name)}" for name in PERMISSION_FIELDS
               if before[name] != getattr(instance, name)]
    if changed:
        audit_record(action=AuditEvent.Action.PERMISSION, target=f"accounts.User:{instance.pk} {instance.username}",
                     detail="；".join(changed))


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    # Records with a change history are the ones people edit; their deletes are audited (sessions, caches,
    # history rows and audit rows are not).
    if not hasattr(sender, "history") or sender._meta.app_label == "audit":
        return
    audit_record(action=AuditEvent.Action.DELETE, target=f"{sender._meta.label}:{instance.pk}",
                 detail=str(instance)[:200])
