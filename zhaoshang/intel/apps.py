from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "zhaoshang.intel"
    verbose_name = "情报与文档"
