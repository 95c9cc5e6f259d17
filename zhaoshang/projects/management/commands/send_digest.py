"""`zhaoshang manage send_digest`: mail each user their 待办 (run it daily from cron or a timer)."""

from django.core.management.base import BaseCommand

from zhaoshang.workspace.digest import digest_send


class Command(BaseCommand):
    help = "mail each user with an e-mail address their reminders (待办); files under the data folder until SMTP is set"

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="the site's address, for links (https://zs.example.cn)")

    def handle(self, *args, base_url="", **options):
        sent = digest_send(base_url=base_url.rstrip("/"))
        self.stdout.write(f"已发送 {sent} 封待办邮件。")
