from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zhaoshang.organizations"
    verbose_name = "企业与机构"
