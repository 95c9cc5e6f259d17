from django.urls import path

from zhaoshang.intel import views

app_name = "intel"

urlpatterns = [
    path("", views.documents, name="documents"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/bulk/", views.bulk, name="bulk"),
    path("items/<int:pk>/accept/", views.accept, name="accept"),
    path("items/<int:pk>/reject/", views.reject, name="reject"),
]
