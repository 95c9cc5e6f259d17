from django.apps import AppConfig


class EnvironmentConfig(AppConfig):
    name = "zhaoshang.environment"
    verbose_name = "生态环境"
