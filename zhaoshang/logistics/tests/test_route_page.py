"""The planner page, its GeoJSON export, the network page and the API: who may use them, and bad input."""

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.logistics.services import network_load_demo
from zhaoshang.testing import make_carrier, make_user, make_zone

SHIPMENT = {"origin": "zone_park", "destination": "yangshan", "teu": "2", "ready": "2026-03-01 08:00",
            "customs_from": "domestic", "customs_to": "domestic"}


class RoutePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        network_load_demo()
        zone = make_zone()
        cls.officer = make_user("officer")
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(zone))

    def setUp(self):
        self.client.force_login(self.officer)

    def test_the_page_shows_the_cheapest_fastest_and_greenest_routes_side_by_side(self):
        page = self.client.get("/logistics/", SHIPMENT)
        text = page.content.decode()
        assert page.status_code == 200
        assert text.count('class="route"') >= 3
        for mark in ("最省钱", "最快", "最低碳", "碳排放声明", "湖州铁公水综合物流园→上海洋山港", "导出 GeoJSON"):
            assert mark in text

    def test_the_empty_page_offers_the_form(self):
        page = self.client.get("/logistics/")
        assert page.status_code == 200 and "规划" in page.content.decode()

    def test_a_bad_ready_time_answers_400_in_chinese(self):
        page = self.client.get("/logistics/", {**SHIPMENT, "ready": "明天"})
        assert page.status_code == 400 and "备货时间" in page.content.decode()

    def test_a_negative_weight_answers_400(self):
        page = self.client.get("/logistics/", {**SHIPMENT, "teu": "", "tonnes": "-5"})
        assert page.status_code == 400

    def test_more_boxes_than_a_barge_carries_go_another_way(self):
        query = {"origin": "anji_port", "destination": "waigaoqiao", "ready": "2026-03-01 08:00"}
        small = self.client.get("/api/logistics/routes", {**query, "teu": "64"}).json()
        big = self.client.get("/api/logistics/routes", {**query, "teu": "65"}).json()
        assert any("inland_waterway" in r["modes"] for r in small["routes"])
        assert big["routes"] and not any("inland_waterway" in r["modes"] for r in big["routes"])

    def test_an_unknown_node_answers_400(self):
        page = self.client.get("/logistics/", {**SHIPMENT, "destination": "mars"})
        assert page.status_code == 400

    def test_a_route_exports_as_geojson(self):
        response = self.client.get("/logistics/route.geojson", {**SHIPMENT, "route": "1"})
        data = response.json()
        assert response.status_code == 200 and data["type"] == "FeatureCollection"
        first = data["features"][0]
        assert first["geometry"]["type"] == "LineString" and first["properties"]["from"] == "zone_park"

    def test_geojson_of_a_route_that_does_not_exist_answers_400(self):
        for route in ("99", "x"):
            response = self.client.get("/logistics/route.geojson", {**SHIPMENT, "route": route})
            assert response.status_code == 400, route

    def test_partners_may_not_plan(self):
        self.client.force_login(self.partner)
        assert self.client.get("/logistics/", SHIPMENT).status_code == 403
        assert self.client.get("/api/logistics/routes", {"origin": "zone_park", "destination": "yangshan",
                                                         "teu": "1", "ready": "2026-03-01 08:00"}).status_code == 403

    def test_the_network_page_offers_editing_to_analysts_only(self):
        assert "编辑节点" not in self.client.get("/logistics/network/").content.decode()
        self.client.force_login(self.analyst)
        page = self.client.get("/logistics/network/").content.decode()
        assert "编辑节点" in page and "湖州西站" in page

    def test_the_api_gives_routes_in_the_issue_shape(self):
        data = self.client.get("/api/logistics/routes", {"origin": "zone_park", "destination": "chuanshan",
                                                         "tonnes": "25", "ready": "2026-03-01 08:00"}).json()
        assert data["teu"] == 3
        route = data["routes"][0]
        assert {"cost", "duration_hours", "co2_kg", "legs", "transfers", "carbon"} <= set(route)
        assert {"from", "to", "mode", "departure", "arrival", "cost", "co2_kg"} <= set(route["legs"][0])
        element = route["carbon"]["elements"][0]
        assert {"element", "tonne_km", "factor", "source", "basis", "co2_kg"} <= set(element)

    def test_the_api_answers_400_in_chinese_on_bad_input(self):
        response = self.client.get("/api/logistics/routes", {"origin": "zone_park", "destination": "nowhere",
                                                             "teu": "1", "ready": "2026-03-01 08:00"})
        assert response.status_code == 400 and "没有节点" in response.json()["detail"]
        response = self.client.get("/api/logistics/routes", {"origin": "zone_park", "destination": "yangshan",
                                                             "teu": "abc", "ready": "2026-03-01 08:00"})
        assert response.status_code == 400 and "箱量" in response.json()["detail"]

    def test_the_admin_lets_analysts_edit_and_officers_only_look(self):
        self.client.force_login(self.analyst)
        self.analyst.is_staff = True
        self.analyst.save()
        assert self.client.get("/admin/logistics/node/add/").status_code == 200


class NetworkUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        network_load_demo()
        cls.officer = make_user("officer")
        cls.analyst = make_user("analyst", Role.ANALYST)

    def _upload(self, body: str, **extra):
        from django.core.files.uploadedfile import SimpleUploadedFile

        sheet = SimpleUploadedFile("links.csv", body.encode("utf-8"), content_type="text/csv")
        return self.client.post("/logistics/network/import/", {"files": [sheet], **extra})

    LINKS = "from,to,mode,distance_km,speed_kmh,co2_g_per_tkm\nzone_park,hangzhou,road,80,50,62\n"

    def test_an_analyst_sees_the_upload_and_imports_a_sheet(self):
        from zhaoshang.logistics.models import Link

        self.client.force_login(self.analyst)
        assert 'id="network-import"' in self.client.get("/logistics/network/").content.decode()
        page = self._upload(self.LINKS)
        assert page.status_code == 200 and "links.csv：导入完成" in page.content.decode()
        assert Link.objects.filter(key="zone_park-hangzhou-road", distance_km=80).exists()

    def test_a_bad_cell_is_listed_by_file_row_and_column(self):
        self.client.force_login(self.analyst)
        page = self._upload(self.LINKS.replace("hangzhou", "atlantis"))
        assert page.status_code == 400
        assert "links.csv:2:to: 节点“atlantis”不存在" in page.content.decode()

    def test_an_officer_neither_sees_the_upload_nor_may_post_one(self):
        self.client.force_login(self.officer)
        assert 'id="network-import"' not in self.client.get("/logistics/network/").content.decode()
        assert self._upload(self.LINKS).status_code == 403


class ModeChangeCapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        network_load_demo()
        cls.officer = make_user("officer")

    def setUp(self):
        self.client.force_login(self.officer)

    def test_the_page_states_the_cap_and_the_parameter_changes_it(self):
        assert "最多换 4 次运输方式" in self.client.get("/logistics/", SHIPMENT).content.decode()
        one = self.client.get("/logistics/", {**SHIPMENT, "max_changes": "1"})
        assert "最多换 1 次运输方式" in one.content.decode()
        assert "换装次数不限" in self.client.get("/logistics/", {**SHIPMENT, "max_changes": "none"}).content.decode()

    def test_the_api_takes_the_cap_too(self):
        data = self.client.get("/api/logistics/routes", {**SHIPMENT, "max_changes": "2"}).json()
        assert data["max_mode_changes"] == 2
