from django.urls import path

from zhaoshang.chains import views

app_name = "chains"
urlpatterns = [
    path("", views.chain_list, name="list"),
    path("import/", views.chain_import_view, name="import"),
    path("<slug:key>/", views.chain_detail, name="detail"),
    path("<slug:key>/export.xlsx", views.chain_export, name="export"),
    path("<slug:key>/segments/new/", views.segment_new, name="segment_new"),
    path("<slug:key>/segments/<slug:segment>/", views.segment_detail, name="segment"),
]
