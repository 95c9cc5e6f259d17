from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "zhaoshang.regions"
    verbose_name = "行政区划"
