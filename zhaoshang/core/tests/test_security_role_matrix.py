"""Every URL pattern and API operation, asked by each persona: the status each gets is written down here,
and a route without an entry fails the suite, so a new route cannot ship without its permissions decided.

The record asked for is officer A's confidential project (on carrier A): only administrators, leaders and
officer A's side may see it; everyone else gets 404 (never 403, so its existence does not leak).
"""

import datetime as dt
import tempfile

from django.contrib import admin
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import URLResolver, get_resolver, reverse

from zhaoshang.accounts.models import ApiToken, Role, User
from zhaoshang.approvals.models import ApprovalTask, Case, ServiceItem
from zhaoshang.environment.models import Station
from zhaoshang.indicators.models import Indicator
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project, ProjectFile
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Carrier

PERSONAS = ["administrator", "leader", "officer_a", "officer_b", "analyst", "partner_a", "partner_b", "anonymous"]


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(PERSONAS, statuses, strict=True))


# (method, route name) → status per persona, in PERSONAS order. Writes are sent with an empty body: the API
# validates a body before it asks who may write (422 for all), the pages refuse with a message and a redirect
# (302 without a write, e.g. a leader's stage change).
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "cockpit"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "kpi_records"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    # The cockpit's panel, 大屏 and Excel tables: everyone signed in, each through the visibility selectors.
    ("GET", "cockpit_panel"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "cockpit_wall"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "cockpit_export"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    # Yearly targets: the zone's staff read them, administrators and leaders set and import them (an empty
    # import is refused with a message and a redirect); partners get 403.
    ("GET", "kpi_targets"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("POST", "kpi_targets"): _row(302, 302, 403, 403, 403, 403, 403, 302),
    ("POST", "kpi_targets_import"): _row(302, 302, 403, 403, 403, 403, 403, 302),
    ("GET", "login"): _row(302, 302, 302, 302, 302, 302, 302, 200),
    ("POST", "logout"): _row(302, 302, 302, 302, 302, 302, 302, 302),
    ("GET", "password_change"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "tokens"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("POST", "token_revoke"): _row(404, 404, 302, 404, 404, 404, 404, 302),
    ("GET", "projects:list"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "projects:new"): _row(200, 403, 200, 200, 403, 403, 403, 302),
    ("GET", "projects:import"): _row(200, 403, 200, 200, 403, 403, 403, 302),
    ("GET", "projects:export"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "projects:detail"): _row(200, 200, 200, 404, 404, 404, 404, 302),
    ("GET", "projects:edit"): _row(200, 403, 200, 404, 404, 404, 404, 302),
    ("POST", "projects:advance"): _row(302, 302, 302, 404, 404, 404, 404, 302),
    ("POST", "projects:activity"): _row(302, 302, 302, 404, 404, 404, 404, 302),
    ("POST", "projects:file"): _row(302, 302, 302, 404, 404, 404, 404, 302),
    ("GET", "projects:file_download"): _row(200, 200, 200, 404, 404, 404, 404, 302),
    ("GET", "api:targets_list"): _row(200, 200, 200, 200, 200, 403, 403, 401),
    ("GET", "targets:list"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "targets:leaders"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("POST", "targets:weights"): _row(302, 302, 302, 302, 302, 403, 403, 302),
    ("POST", "targets:lead"): _row(404, 403, 404, 404, 403, 403, 403, 302),
    ("GET", "intel:documents"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "intel:review"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("POST", "intel:accept"): _row(302, 403, 302, 302, 403, 403, 403, 302),
    ("POST", "intel:reject"): _row(302, 403, 302, 302, 403, 403, 403, 302),
    ("GET", "api:api-root"): _row(404, 404, 404, 404, 404, 404, 404, 404),
    ("GET", "api:openapi-json"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:openapi-view"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:projects_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("POST", "api:projects_create"): _row(422, 422, 422, 422, 422, 422, 422, 401),
    ("GET", "api:projects_detail"): _row(200, 200, 200, 404, 404, 404, 404, 401),
    ("PATCH", "api:projects_update"): _row(428, 403, 428, 404, 404, 404, 404, 401),  # no If-Match: 428
    ("POST", "api:projects_advance"): _row(422, 422, 422, 422, 422, 422, 422, 401),
    ("GET", "api:activities_list"): _row(200, 200, 200, 404, 404, 404, 404, 401),
    ("POST", "api:activities_create"): _row(422, 422, 422, 422, 422, 422, 422, 401),
    ("GET", "api:projects_history"): _row(200, 200, 200, 404, 404, 404, 404, 401),
    ("GET", "api:organizations_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("POST", "api:organizations_create"): _row(422, 422, 422, 422, 422, 422, 422, 401),
    ("GET", "api:organizations_detail"): _row(200, 200, 200, 200, 200, 404, 404, 401),
    ("PATCH", "api:organizations_update"): _row(428, 403, 428, 428, 428, 404, 404, 401),
    ("GET", "api:organizations_history"): _row(200, 200, 200, 200, 200, 404, 404, 401),
    ("GET", "api:carriers_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:carriers_detail"): _row(200, 200, 200, 200, 200, 200, 404, 401),
    ("GET", "api:indicators_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:indicators_detail"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:observations_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:kpis_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:kpi_records"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    # Logistics is the zone staff's: partners are refused before anything is planned or listed. The route
    # query names nodes the test network lacks, so staff get the planner's refusal, partners the 403.
    ("GET", "api:network_get"): _row(200, 200, 200, 200, 200, 403, 403, 401),
    ("GET", "api:routes_get"): _row(400, 400, 400, 400, 400, 403, 403, 401),
    ("GET", "logistics:route"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "logistics:network"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "logistics:investor"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "logistics:geojson"): _row(400, 400, 400, 400, 400, 403, 403, 302),
    # The batch page: staff get the form (an empty POST is refused with a message, 400), partners 403.
    ("GET", "logistics:batch"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("POST", "logistics:batch"): _row(400, 400, 400, 400, 400, 403, 403, 302),
    ("POST", "intel:bulk"): _row(302, 403, 302, 302, 403, 403, 403, 302),
    # The organisation asked for backs none of carrier A's records: partners do not see it.
    ("GET", "organizations:list"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "organizations:detail"): _row(200, 200, 200, 200, 200, 404, 404, 302),
    # Search, reminders and pickers answer everyone signed in, each through the visibility selectors
    # (what a partner may not see is left out: see test_security_pickers).
    ("GET", "workspace:search"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:todo"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:todo_count"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:pick_industries"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:pick_regions"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:pick_organizations"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:pick_owners"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:amount_preview"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "workspace:investor_match"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    # Cases and 全代办 items are the zone staff's: partners get 403 pages and empty API lists.
    ("GET", "approvals:list"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "approvals:case"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "approvals:overdue"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    # Cases come from the platforms: only administrators upload them (an empty form is refused, 400).
    ("GET", "approvals:import"): _row(200, 403, 403, 403, 403, 403, 403, 302),
    ("POST", "approvals:import"): _row(400, 403, 403, 403, 403, 403, 403, 302),
    ("GET", "api:cases_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:tasks_overdue"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    # Water quality is published: every signed-in user reads it (the plan's tasks are hidden from partners).
    ("GET", "environment:stations"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    ("GET", "environment:station"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    # Readings are uploaded by administrators, officers and analysts (an empty form is refused, 400).
    ("GET", "environment:import"): _row(200, 403, 200, 200, 200, 403, 403, 302),
    ("POST", "environment:import"): _row(400, 403, 400, 400, 400, 403, 403, 302),
    ("GET", "api:stations_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    ("GET", "api:readings_list"): _row(200, 200, 200, 200, 200, 200, 200, 401),
    # The enclave statement opens for everyone signed in; a partner's shows only their own carrier.
    ("GET", "zones:enclave_report"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    # The bulletin opens for everyone signed in, each reader's written at their own visibility (see
    # bulletin/tests/test_bulletin_confidentiality.py); asked as Markdown to stay fast.
    ("GET", "bulletin:report"): _row(200, 200, 200, 200, 200, 200, 200, 302),
    # Network import: administrators and analysts get the upload's refusal of an empty form, others 403.
    ("POST", "logistics:import"): _row(400, 403, 403, 403, 400, 403, 403, 302),
    # Chains are the zone staff's (partners 403: their coverage would count only their carrier); analysts and
    # administrators edit them (an empty form or upload is refused with 400), leaders and officers read.
    ("GET", "chains:list"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "chains:detail"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "chains:export"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("GET", "chains:segment"): _row(200, 200, 200, 200, 200, 403, 403, 302),
    ("POST", "chains:segment"): _row(400, 403, 403, 403, 400, 403, 403, 302),
    ("GET", "chains:segment_new"): _row(200, 403, 403, 403, 200, 403, 403, 302),
    ("POST", "chains:import"): _row(400, 403, 403, 403, 400, 403, 403, 302),
    # The audit log is the administrators' (accounts.permissions.can_read_audit); it only reads, so every other
    # method is refused before anyone is asked who they are.
    ("GET", "audit:list"): _row(200, 403, 403, 403, 403, 403, 403, 302),
    ("GET", "audit:user"): _row(200, 403, 403, 403, 403, 403, 403, 302),
    ("GET", "audit:export"): _row(200, 403, 403, 403, 403, 403, 403, 302),
    ("POST", "audit:list"): _row(405, 405, 405, 405, 405, 405, 405, 405),
    ("POST", "audit:user"): _row(405, 405, 405, 405, 405, 405, 405, 405),
    ("POST", "audit:export"): _row(405, 405, 405, 405, 405, 405, 405, 405),
}
# Query strings sent with a route, where its answer depends on one (q: the pickers and search then look
# for the confidential project's owner and name, so a leak would be in the page, not only the status).
QUERIES: dict[str, dict[str, str]] = {
    "api:routes_get": {"origin": "nowhere", "destination": "yangshan", "ready": "2026-03-01 08:00"},
    "workspace:search": {"q": "机密"},
    "workspace:pick_owners": {"q": "officer"},
    "workspace:pick_organizations": {"q": "甲"},
    "bulletin:report": {"year": "2020", "format": "md"},
}
# Every admin page: administrators in, everyone else (no staff flag; partners never) sent to the login.
ADMIN = _row(200, 302, 302, 302, 302, 302, 302, 302)


def _routes(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="zhaoshang-matrix-"))
class RoleMatrixTests(TestCase):
    users: dict[str, User]
    secret: Project
    file: ProjectFile
    organization: Organization
    indicator: Indicator
    document: Document
    item: ExtractedItem
    carrier: Carrier
    token: ApiToken
    case: Case
    station: Station

    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        carrier_a, carrier_b = make_carrier(zone, "甲园"), make_carrier(zone, "乙园")
        users = {
            "administrator": make_user("administrator", Role.ADMINISTRATOR),
            "leader": make_user("leader", Role.LEADER),
            "officer_a": make_user("officer_a", Role.OFFICER, team="一组"),
            "officer_b": make_user("officer_b", Role.OFFICER, team="二组"),
            "analyst": make_user("analyst", Role.ANALYST),
            "partner_a": make_user("partner_a", Role.PARTNER, carrier=carrier_a),
            "partner_b": make_user("partner_b", Role.PARTNER, carrier=carrier_b),
        }
        cls.users = users
        cls.secret = make_project(zone, "机密芯片项目", owner=users["officer_a"], confidential=True,
                                  carrier=carrier_a, signed_on=dt.date(2020, 5, 1))
        cls.file = ProjectFile(project=cls.secret, name="协议")
        cls.file.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
        cls.organization = Organization.objects.create(name="甲科技有限公司")
        cls.indicator = Indicator.objects.create(zone=zone, name="网办件数", key="cases", unit="件")
        document = Document.objects.create(zone=zone, title="简报", raw="某公司签约", text="某公司签约")
        cls.item = ExtractedItem.objects.create(document=document, kind=ExtractedItem.Kind.ORGANIZATION,
                                                span="某公司", start=0, end=3, payload={})
        cls.document = document
        cls.carrier = carrier_a
        item = ServiceItem.objects.create(zone=zone, name="施工许可", department="住建局", promised_days=5)
        cls.case = Case.objects.create(zone=zone, number="NTH001", item=item, channel="online",
                                       applicant_name="王晓明", received_on=dt.date(2020, 6, 1),
                                       promised_days=5, project=cls.secret)
        ApprovalTask.objects.create(project=cls.secret, kind="land", due_on=dt.date(2020, 5, 1))
        cls.station = Station.objects.create(zone=zone, name="乍浦港断面")
        from zhaoshang.accounts.models import ApiToken

        cls.token, _ = ApiToken.issue(user=users["officer_a"], name="脚本")

    def _args(self, name: str) -> dict:
        ids = {"pk": self.secret.pk, "project_id": self.secret.pk, "file_id": self.file.pk,
               "organization_id": self.organization.pk, "carrier_id": self.carrier.pk,
               "indicator_id": self.indicator.pk, "key": "signed_projects_over_100m"}
        ids["station_id"] = self.station.pk
        ids["table"] = "officer"
        if name == "approvals:case":
            ids["pk"] = self.case.pk
        if name == "environment:station":
            ids["pk"] = self.station.pk
        if name == "token_revoke":
            ids["pk"] = self.token.pk
        if name == "audit:user":
            ids["pk"] = self.users["officer_a"].pk
        if name.startswith("chains:"):  # a shipped chain and segment (loaded by the chains data migration)
            ids["key"], ids["segment"] = "vehicles", "bms"
        if name == "organizations:detail":  # its own id: on PostgreSQL ids of different tables do not coincide
            ids["pk"] = self.organization.pk
        if name.startswith("intel:"):
            ids["pk"] = self.item.pk if name in ("intel:accept", "intel:reject") else self.document.pk
        return ids

    def _url(self, name: str) -> str:
        for kwargs in (self._args(name), {}):
            try:
                return reverse(name, kwargs={k: v for k, v in kwargs.items() if k in self._keys(name)})
            except Exception:  # noqa: BLE001, S112 — try the next way of filling the pattern
                continue
        raise AssertionError(f"cannot build a URL for {name}")

    def _keys(self, name: str) -> set[str]:
        from django.urls import get_resolver as resolver

        namespace, _, short = name.rpartition(":")
        r = resolver()
        for part in filter(None, namespace.split(":")):
            r = r.namespace_dict[part][1]
        return {k for possibility in r.reverse_dict.getlist(short) for _, keys in possibility[0] for k in keys}

    def _ask(self, persona: str, method: str, name: str) -> int:
        cache.clear()
        self.client.raise_request_exception = False
        self.client.logout()
        if persona != "anonymous":
            self.client.force_login(self.users[persona])
        call = getattr(self.client, method.lower())
        writes_api = name.startswith("api:") and method != "GET"
        body: dict = {"content_type": "application/json", "data": {}} if writes_api else {}
        if name in QUERIES:
            body = {"data": QUERIES[name]}
        return call(self._url(name), **body).status_code

    def test_every_route_has_an_entry(self):
        routes = {name for name in _routes() if not name.startswith("admin:")}
        self.assertEqual(sorted(routes - {name for _, name in MATRIX}), [])

    def test_each_persona_gets_the_status_written_down(self):
        differences = []
        for (method, name), expected in MATRIX.items():
            for persona in PERSONAS:
                got = self._ask(persona, method, name)
                if got != expected[persona]:
                    differences.append(f"{method} {name} as {persona}: {got}, expected {expected[persona]}")
        self.assertEqual(differences, [], "\n" + "\n".join(differences))

    def test_every_admin_list_opens_only_for_administrators(self):
        differences = []
        for model in admin.site._registry:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for persona in PERSONAS:
                self.client.logout()
                if persona != "anonymous":
                    self.client.force_login(self.users[persona])
                got = self.client.get(url).status_code
                if got != ADMIN[persona]:
                    differences.append(f"{url} as {persona}: {got}")
        self.assertEqual(differences, [])
