"""The REST API (django-ninja). Routers live in each app's api.py and are mounted here."""

from ninja import NinjaAPI

api = NinjaAPI(title="招商 Zhaoshang API", version="1", urls_namespace="api")
