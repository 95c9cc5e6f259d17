from django.urls import path

from zhaoshang.environment import views

app_name = "environment"
urlpatterns = [
    path("", views.stations_page, name="stations"),
    path("stations/<int:pk>/", views.station_page, name="station"),
    path("import/", views.reading_import_page, name="import"),
]
