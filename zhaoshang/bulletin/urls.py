from django.urls import path

from zhaoshang.bulletin import views

app_name = "bulletin"
urlpatterns = [
    path("", views.report, name="report"),
]
