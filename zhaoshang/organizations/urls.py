from django.urls import path

from zhaoshang.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_index, name="list"),
    path("<int:pk>/", views.organization_detail, name="detail"),
]
