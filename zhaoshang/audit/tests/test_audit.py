"""The audit trail: sign-ins, failures, denials, exports, permission changes, writes and deletes each leave a
row saying who, when, from where, what and the result; rows cannot be changed; old ones are purged."""

import datetime as dt
import io

from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import Role
from zhaoshang.audit.models import AuditEvent
from zhaoshang.audit.services import audit_purge
from zhaoshang.organizations.models import Organization
from zhaoshang.testing import PASSWORD, make_project, make_user, make_zone

Action = AuditEvent.Action


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


class AuditTrailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", team="招商一组")
        cls.partner = make_user("partner", Role.PARTNER)
        cls.admin = make_user("boss", Role.ADMINISTRATOR)
        cls.project = make_project(cls.zone, "审计测试项目", owner=cls.officer)

    def setUp(self):
        cache.clear()

    def test_a_sign_in_and_a_failed_one_name_the_user_and_the_address(self):
        self.client.post(reverse("login"), {"username": "officer", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
        failed = _last(Action.SIGN_IN_FAILED)
        self.assertEqual((failed.target, failed.address, failed.result), ("officer", "10.1.2.3", 401))
        self.client.post(reverse("login"), {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
        signed = _last(Action.SIGN_IN)
        self.assertEqual((signed.user, signed.address), (self.officer, "10.1.2.3"))

    def test_a_denial_an_export_and_a_write_are_recorded_with_their_status(self):
        self.client.force_login(self.partner)
        self.client.get(reverse("projects:new"))
        denied = _last(Action.DENIED)
        self.assertEqual((denied.user, denied.result, denied.target), (self.partner, 403, "GET /projects/new/"))
        self.client.force_login(self.officer)
        self.client.get(reverse("projects:export"))
        self.assertEqual(_last(Action.EXPORT).target, "GET /projects/export/")
        self.client.patch(f"/api/projects/{self.project.pk}", {"description": "x"}, content_type="application/json",
                          HTTP_IF_MATCH='"1"')
        write = _last(Action.WRITE)
        self.assertEqual((write.user, write.result), (self.officer, 200))

    def test_a_role_change_and_a_delete_are_recorded_with_what_changed(self):
        self.officer.role = Role.LEADER
        self.officer.save()
        change = _last(Action.PERMISSION)
        self.assertIn("role: officer → leader", change.detail)
        org = Organization.objects.create(name="将被删除的公司")
        pk = org.pk
        org.delete()
        self.assertEqual(_last(Action.DELETE).target, f"organizations.Organization:{pk}")

    def test_an_audit_row_cannot_be_changed_or_deleted_through_the_application(self):
        row = AuditEvent.objects.create(action=Action.WRITE, username="x")
        row.detail = "改写"
        with self.assertRaises(PermissionError):
            row.save()
        with self.assertRaises(PermissionError):
            row.delete()

    @override_settings(AUDIT_RETENTION_DAYS=183)
    def test_rows_older_than_183_days_are_purged_and_younger_ones_kept(self):
        old = AuditEvent.objects.create(action=Action.WRITE, username="old")
        young = AuditEvent.objects.create(action=Action.WRITE, username="young")
        AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=184))
        AuditEvent.objects.filter(pk=young.pk).update(at=timezone.now() - dt.timedelta(days=182))
        self.assertEqual(audit_purge(dry_run=True), 1)
        out = io.StringIO()
        call_command("audit_purge", stdout=out)
        self.assertIn("已删除 1 条早于 183 天的审计记录", out.getvalue())
        self.assertFalse(AuditEvent.objects.filter(pk=old.pk).exists())
        self.assertTrue(AuditEvent.objects.filter(pk=young.pk).exists())
