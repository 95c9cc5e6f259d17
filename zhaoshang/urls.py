from django.contrib import admin
from django.urls import include, path

from zhaoshang.api import api

urlpatterns = [
    path("", include("zhaoshang.kpis.urls")),
    path("accounts/", include("zhaoshang.accounts.urls")),
    path("projects/", include("zhaoshang.projects.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("intel/", include("zhaoshang.intel.urls")),
    path("logistics/", include("zhaoshang.logistics.urls")),
    path("environment/", include("zhaoshang.environment.urls")),
    path("organizations/", include("zhaoshang.organizations.urls")),
    path("approvals/", include("zhaoshang.approvals.urls")),
    path("enclave/", include("zhaoshang.zones.urls")),
    path("chains/", include("zhaoshang.chains.urls")),
    path("report/", include("zhaoshang.bulletin.urls")),
    path("targets/", include("zhaoshang.targets.urls")),
    path("audit/", include("zhaoshang.audit.urls")),
    path("", include("zhaoshang.workspace.urls")),
]

handler400 = "zhaoshang.core.middleware.bad_request"
handler500 = "zhaoshang.core.middleware.server_error"
