from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "zhaoshang.approvals"
    verbose_name = "审批服务"
