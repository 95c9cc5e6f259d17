from django.apps import AppConfig


class CurrenciesConfig(AppConfig):
    name = "zhaoshang.currencies"
    verbose_name = "币种与汇率"
