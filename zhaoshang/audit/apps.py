from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhaoshang.audit"
    verbose_name = "审计日志"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhaoshang.audit import receivers  # noqa: F401  # connects the sign-in, permission and delete receivers
