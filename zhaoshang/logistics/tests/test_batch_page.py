"""The batch page: a batch of shipments planned at once, its modal split as a Sankey, bad input refused."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.logistics.services import BATCH_MAX_ROWS, DEMO_SHIPMENTS, network_load_demo, routes_batch
from zhaoshang.testing import make_carrier, make_user, make_zone

GOOD = "from,to,teu,tonnes,ready\nzone_park,yangshan,2,,2026-03-02 08:00\nzone_park,suzhou,,30,2026-03-02 09:00\n"


def sankey_of(page: str) -> dict:
    return json.loads(page.split('id="sankey-data" type="application/json">')[1].split("</script>")[0])


class BatchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        network_load_demo()
        cls.officer = make_user("officer")
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(make_zone()))

    def setUp(self):
        self.client.force_login(self.officer)

    def test_the_demo_batch_draws_origins_modes_and_destinations_adding_up_to_the_modal_split(self):
        page = self.client.get("/logistics/batch/", {"demo": "1"}).content.decode()
        assert "示例批次（示例数据）：24 票货物，规划出 24 票" in page
        sankey = sankey_of(page)
        names = [n["name"] for n in sankey["nodes"]]
        assert "起：湖州铁公水综合物流园" in names and "止：上海洋山港" in names and "内河" in names
        into_modes = sum(link["value"] for link in sankey["links"] if link["source"].startswith("起："))
        out_of_modes = sum(link["value"] for link in sankey["links"] if link["target"].startswith("止："))
        split = routes_batch(text=DEMO_SHIPMENTS.read_text(encoding="utf-8")).as_json()["modal_split_tonne_km"]
        assert abs(into_modes - sum(split.values())) < 1 and abs(out_of_modes - into_modes) < 1
        assert 'id="co2-saving"' in page  # the multimodal batch emits less than all-road

    def test_a_pasted_batch_and_an_uploaded_file_are_planned_alike(self):
        pasted = self.client.post("/logistics/batch/", {"text": GOOD, "pick": "greenest"}).content.decode()
        uploaded = self.client.post("/logistics/batch/", {
            "file": SimpleUploadedFile("批次.csv", GOOD.encode("gbk")), "pick": "greenest"}).content.decode()
        assert "2 票货物，规划出 2 票" in pasted and sankey_of(pasted) == sankey_of(uploaded)

    def test_a_row_no_route_serves_is_named_and_the_others_still_planned(self):
        bad = GOOD + "zone_park,mars,1,,2026-03-02 08:00\n"
        page = self.client.post("/logistics/batch/", {"text": bad}).content.decode()
        assert "3 票货物，规划出 2 票" in page and "第 4 行" in page and "mars" in page

    def test_bad_input_answers_400_in_chinese(self):
        cases = [({}, "请上传 CSV 文件或粘贴 CSV 内容"), ({"text": "a,b\n1,2\n"}, "批量文件缺少列"),
                 ({"text": "from,to,teu,ready\n" + "zone_park,suzhou,1,2026-03-02 08:00\n" * (BATCH_MAX_ROWS + 1)},
                  f"超过 {BATCH_MAX_ROWS} 票货物"),
                 ({"text": "from,to,teu,ready\nzone_park,mars,1,2026-03-02 08:00\n"}, "没有一票货物能规划出路线")]
        for data, message in cases:
            response = self.client.post("/logistics/batch/", data)
            assert response.status_code == 400, data
            assert message in response.content.decode(), data

    def test_partners_may_not_use_it_and_the_route_page_links_to_it(self):
        assert "/logistics/batch/" in self.client.get("/logistics/").content.decode()
        self.client.force_login(self.partner)
        assert self.client.get("/logistics/batch/", {"demo": "1"}).status_code == 403
