from django.urls import path

from zhaoshang.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("overdue/", views.overdue, name="overdue"),
    path("import/", views.case_import_page, name="import"),
]
