from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "zhaoshang.talent"
    verbose_name = "人才"
