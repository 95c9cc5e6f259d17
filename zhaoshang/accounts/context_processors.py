from zhaoshang.accounts.models import Role


def roles(request):
    """Role names for templates, and whether the 示例数据 banner is due."""
    from zhaoshang.zones.models import Zone

    demo = request.user.is_authenticated and Zone.objects.filter(is_demo=True).exists()
    return {"Role": Role, "demo_zone": demo}
