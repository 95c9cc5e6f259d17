"""The REST API (django-ninja). Routers live in each app's api.py and are mounted here.

Every endpoint needs a signed-in caller (session or bearer token); so do the documentation at /api/docs
and the schema at /api/openapi.json. Errors are JSON: {"detail": …, "errors": [{"field", "message"}]}.
"""

from ninja import NinjaAPI

from zhaoshang.api_auth import (
    JSONRenderer,
    SessionAuth,
    TokenAuth,
    docs_require_login,
    install_error_handlers,
)
from zhaoshang.approvals.api import router as approvals_router
from zhaoshang.indicators.api import router as indicators_router
from zhaoshang.kpis.api import router as kpis_router
from zhaoshang.logistics.api import router as logistics_router
from zhaoshang.organizations.api import router as organizations_router
from zhaoshang.projects.api import router as projects_router
from zhaoshang.zones.api import router as carriers_router

api = NinjaAPI(
    title="招商 Zhaoshang API",
    version="1",
    description="项目、企业、载体、指标与 KPI。以会话（页面登录）或 `Authorization: Bearer <令牌>` 认证；"
                "令牌由 `zhaoshang manage api_token 用户名 --name 用途` 生成。",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_decorator=docs_require_login,
    renderer=JSONRenderer(),
)
install_error_handlers(api)

api.add_router("/projects", projects_router)
api.add_router("/organizations", organizations_router)
api.add_router("/carriers", carriers_router)
api.add_router("/indicators", indicators_router)
api.add_router("/kpis", kpis_router)
api.add_router("/logistics", logistics_router)
api.add_router("/approvals", approvals_router)
