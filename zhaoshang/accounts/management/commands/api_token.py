"""`zhaoshang manage api_token USERNAME --name "用途"`: issue an API token and print its key once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "为用户签发 API 令牌；令牌只显示这一次，请立即保存（issue an API token; the key is shown once）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", required=True, help="用途，如“数据同步脚本”")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的用户。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能签发令牌。")
        if not name.strip():
            raise CommandError("--name 不能为空：写明令牌的用途。")
        token, key = ApiToken.issue(user=user, name=name.strip())
        self.stderr.write(f"已为 {user.username} 签发令牌“{token.name}”（前缀 {token.prefix}）。"
                          "令牌只显示这一次，请妥善保存：")
        self.stdout.write(key)
