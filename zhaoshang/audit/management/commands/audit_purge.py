"""zhaoshang manage audit_purge: delete audit rows past the retention period (ZHAOSHANG_AUDIT_RETENTION_DAYS)."""

from django.core.management.base import BaseCommand

from zhaoshang.audit.services import audit_purge, retention_days


class Command(BaseCommand):
    help = "删除超过保存期限（默认 183 天，网络安全法要求至少六个月）的审计记录"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, dry_run=False, **options):
        count = audit_purge(dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {count} 条早于 {retention_days()} 天的审计记录")
