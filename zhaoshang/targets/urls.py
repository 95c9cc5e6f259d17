from django.urls import path

from zhaoshang.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.targets_index, name="list"),
    path("leaders/", views.targets_leaders, name="leaders"),
    path("weights/", views.targets_weights, name="weights"),
    path("lead/", views.targets_lead, name="lead"),
]
