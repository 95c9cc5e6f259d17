from django.urls import path

from zhaoshang.projects import import_views, views

app_name = "projects"
urlpatterns = [
    path("", views.project_index, name="list"),
    path("new/", views.project_new, name="new"),
    path("import/", import_views.project_import_page, name="import"),
    path("export/", import_views.project_export, name="export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/stage/", views.project_advance, name="advance"),
    path("<int:pk>/activities/", views.activity_new, name="activity"),
    path("<int:pk>/files/", views.file_new, name="file"),
    path("<int:pk>/files/<int:file_id>/", views.file_download, name="file_download"),
]
