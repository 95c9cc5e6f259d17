from zhaoshang.accounts.models import Role


def roles(request):
    return {"Role": Role, "DEMO_LABEL": "示例数据"}
