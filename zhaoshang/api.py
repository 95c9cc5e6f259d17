"""The REST API (django-ninja). Routers live in each app's api.py and are mounted here.

Every endpoint needs a signed-in caller (session or bearer token); so do the documentation at /api/docs
and the schema at /api/openapi.json. Errors are JSON: {"detail": …, "errors": [{"field", "message"}]}.
"""

from typing import Any

from ninja import NinjaAPI

from zhaoshang.api_auth import (
    JSONRenderer,
    SessionAuth,
    TextRuleParser,
    TokenAuth,
    docs_require_login,
    install_error_handlers,
)
from zhaoshang.approvals.api import router as approvals_router
from zhaoshang.core.versions import install_version_handlers
from zhaoshang.environment.api import router as environment_router
from zhaoshang.indicators.api import router as indicators_router
from zhaoshang.kpis.api import router as kpis_router
from zhaoshang.logistics.api import router as logistics_router
from zhaoshang.organizations.api import router as organizations_router
from zhaoshang.projects.api import router as projects_router
from zhaoshang.targets.api import router as targets_router
from zhaoshang.zones.api import router as carriers_router

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "description": "给人看的中文说明"},
        "errors": {"type": "array", "items": {
            "type": "object",
            "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}}}},
    },
}
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def error_statuses(path: str, method: str, operation: dict) -> dict[int, str]:
    """The 4xx and 5xx answers an operation can give, from what it accepts (see api_auth's handlers)."""
    statuses = {400: "输入有误（如代码不存在、数字超出范围）", 401: "未登录或令牌无效",
                429: "请求过于频繁", 503: "数据库繁忙，请按 Retry-After 稍后重试"}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses[422] = "参数或请求体不符合格式"
    if "{" in path:
        statuses[404] = "记录不存在或无权查看"
    if method in WRITE_METHODS:
        statuses |= {403: "无权执行（或会话方式缺少 CSRF 令牌、只读令牌）", 413: "请求内容过大"}
    if path.startswith("/api/logistics"):  # the network and routes are for the zone's own staff only
        statuses[403] = "合作方人员无权查看物流网络与路线"
    if path.startswith("/api/targets"):  # the universe is for the zone's own staff; a chain or segment by key
        statuses |= {403: "合作园区/飞地人员无权查看企业库与招商图谱", 404: "产业链或环节不存在"}
    if method in ("patch", "put") and "{" in path:  # versioned records (core.versions)
        statuses |= {412: "记录已被他人修改（If-Match 或 version 不是当前版本）", 428: "缺少 If-Match 或 version"}
    if "/kpis" in path:
        statuses[409] = "缺少换算所需的汇率"
    return statuses


class ZhaoshangAPI(NinjaAPI):
    """The API whose schema documents every error status an operation can answer."""

    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status, description in error_statuses(path, method, operation).items():
                    responses.setdefault(status, {"description": description, "content": error})
        return schema


api = ZhaoshangAPI(
    title="招商 Zhaoshang API",
    version="1",
    description="项目、企业、载体、指标与 KPI。以会话（页面登录）或 `Authorization: Bearer <令牌>` 认证；"
                "令牌由 `zhaoshang manage api_token 用户名 --name 用途` 生成。",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_decorator=docs_require_login,
    renderer=JSONRenderer(),
    parser=TextRuleParser(),
)
install_error_handlers(api)
install_version_handlers(api)

api.add_router("/projects", projects_router)
api.add_router("/organizations", organizations_router)
api.add_router("/carriers", carriers_router)
api.add_router("/indicators", indicators_router)
api.add_router("/kpis", kpis_router)
api.add_router("/logistics", logistics_router)
api.add_router("/environment", environment_router)
api.add_router("/approvals", approvals_router)
api.add_router("/targets", targets_router)
