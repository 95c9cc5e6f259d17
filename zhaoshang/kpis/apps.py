from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "zhaoshang.kpis"
    verbose_name = "核心指标"
