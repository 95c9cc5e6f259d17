from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhaoshang.indicators"
    verbose_name = "指标"
