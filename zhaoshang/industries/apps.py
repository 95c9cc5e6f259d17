from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    name = "zhaoshang.industries"
    verbose_name = "国民经济行业分类"
