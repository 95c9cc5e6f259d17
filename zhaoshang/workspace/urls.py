from django.urls import path

from zhaoshang.workspace import pickers

app_name = "workspace"
urlpatterns = [
    path("pick/industries/", pickers.industry_options, name="pick_industries"),
    path("pick/regions/", pickers.region_options, name="pick_regions"),
    path("pick/organizations/", pickers.organization_options, name="pick_organizations"),
    path("pick/owners/", pickers.owner_options, name="pick_owners"),
    path("pick/amount/", pickers.amount_preview, name="amount_preview"),
    path("pick/investor-match/", pickers.investor_match, name="investor_match"),
]
