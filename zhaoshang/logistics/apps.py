from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "zhaoshang.logistics"
    verbose_name = "多式联运"
