from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "zhaoshang.targets"
    verbose_name = "招商图谱"
    default_auto_field = "django.db.models.BigAutoField"
