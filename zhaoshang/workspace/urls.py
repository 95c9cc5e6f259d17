from django.urls import path

from zhaoshang.workspace import pickers, views

app_name = "workspace"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("todo/", views.todo, name="todo"),
    path("todo/count/", views.todo_count, name="todo_count"),
    path("pick/industries/", pickers.industry_options, name="pick_industries"),
    path("pick/regions/", pickers.region_options, name="pick_regions"),
    path("pick/organizations/", pickers.organization_options, name="pick_organizations"),
    path("pick/owners/", pickers.owner_options, name="pick_owners"),
    path("pick/amount/", pickers.amount_preview, name="amount_preview"),
    path("pick/investor-match/", pickers.investor_match, name="investor_match"),
]
