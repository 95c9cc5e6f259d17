from zhaoshang.accounts.models import Role
from zhaoshang.accounts.permissions import can_read_audit


def roles(request):
    """Role names for templates, whether the 示例数据 banner is due, and whether the menu shows 审计日志."""
    from zhaoshang.zones.models import Zone

    demo = request.user.is_authenticated and Zone.objects.filter(is_demo=True).exists()
    return {"Role": Role, "demo_zone": demo, "can_read_audit": can_read_audit(request.user)}
