from django.urls import path

from zhaoshang.kpis import cockpit_views, views

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("cockpit/panel/", cockpit_views.cockpit_panel, name="cockpit_panel"),
    path("cockpit/wall/", cockpit_views.cockpit_wall, name="cockpit_wall"),
    path("cockpit/export/<slug:table>.xlsx", cockpit_views.cockpit_export, name="cockpit_export"),
    path("kpis/targets/", cockpit_views.kpi_targets, name="kpi_targets"),
    path("kpis/targets/import/", cockpit_views.kpi_targets_import, name="kpi_targets_import"),
    path("kpis/<slug:key>/", views.kpi_records, name="kpi_records"),
]
