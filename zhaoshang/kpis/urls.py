from django.urls import path

from zhaoshang.kpis import views

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("kpis/<slug:key>/", views.kpi_records, name="kpi_records"),
]
