from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "zhaoshang.zones"
    verbose_name = "园区与载体"
