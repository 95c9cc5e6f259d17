from django.urls import path

from zhaoshang.logistics import views

app_name = "logistics"
urlpatterns = [
    path("", views.route_page, name="route"),
    path("network/", views.network_page, name="network"),
    path("network/import/", views.network_import_view, name="import"),
    path("investor/", views.investor_page, name="investor"),
    path("batch/", views.batch_page, name="batch"),
    path("route.geojson", views.route_geojson, name="geojson"),
]
