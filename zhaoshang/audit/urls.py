from django.urls import path

from zhaoshang.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("users/<int:pk>/", views.audit_user, name="user"),
    path("export/", views.audit_export, name="export"),
]
