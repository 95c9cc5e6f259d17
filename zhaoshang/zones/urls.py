from django.urls import path

from zhaoshang.zones import views

app_name = "zones"
urlpatterns = [path("", views.enclave_report, name="enclave_report")]
