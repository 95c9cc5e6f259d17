"""Analysts add, move and remap segments on the pages; every change is in the segment's history."""

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.chains.models import Segment
from zhaoshang.testing import make_user, make_zone


def _form(segment: Segment, **changes) -> dict:
    data = {"key": segment.key, "name": segment.name, "position": segment.position,
            "parent": segment.parent_id or "", "order": segment.order,
            "codes": ", ".join(f"{c['code']}{'*' if c['partial'] else ''}" for c in segment.industry_codes),
            "keywords": "、".join(segment.keywords), "supplies": ", ".join(segment.supplies), "reason": ""}
    data.update(changes)
    return data


class SegmentEditingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.leader = make_user("leader", Role.LEADER)
        cls.url = reverse("chains:segment", args=["vehicles", "thermal"])

    def test_an_analyst_remaps_a_segment_and_the_history_names_her_and_the_change(self):
        thermal = Segment.objects.get(chain__key="vehicles", key="thermal")
        self.client.force_login(self.analyst)
        response = self.client.post(self.url, _form(thermal, codes="3464*, 3670*, 3443*",
                                                     keywords="热管理、热泵空调、液冷板", reason="补充液冷板"))
        self.assertRedirects(response, self.url)
        thermal.refresh_from_db()
        self.assertIn({"code": "3443", "partial": True}, thermal.industry_codes)
        self.assertIn("液冷板", thermal.keywords)
        page = self.client.get(self.url).content.decode()
        self.assertIn("补充液冷板", page)
        self.assertIn("经营范围关键词", page)
        history = thermal.history.latest()
        self.assertEqual((history.history_user, history.history_change_reason), (self.analyst, "补充液冷板"))

    def test_moving_a_segment_under_another_and_refusing_a_loop(self):
        self.client.force_login(self.analyst)
        sensors = Segment.objects.get(chain__key="vehicles", key="sensors")
        thermal = Segment.objects.get(chain__key="vehicles", key="thermal")
        self.client.post(self.url, _form(thermal, parent=sensors.pk, position="upstream", order=5))
        thermal.refresh_from_db()
        self.assertEqual((thermal.parent, thermal.position, thermal.order), (sensors, "upstream", 5))
        # Sensors cannot go under its own child: the form does not even offer it.
        response = self.client.post(reverse("chains:segment", args=["vehicles", "sensors"]),
                                    _form(sensors, parent=thermal.pk))
        self.assertEqual(response.status_code, 400)
        sensors.refresh_from_db()
        self.assertIsNone(sensors.parent)

    def test_an_unknown_code_is_refused_in_chinese_and_nothing_changes(self):
        self.client.force_login(self.analyst)
        thermal = Segment.objects.get(chain__key="vehicles", key="thermal")
        before = thermal.history.count()
        response = self.client.post(self.url, _form(thermal, codes="3670*, 9999, 3a"))
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("GB/T 4754-2017 中没有这些代码：9999", page)
        self.assertIn("“3a”不是行业代码", page)
        thermal.refresh_from_db()
        self.assertEqual(thermal.history.count(), before)
        self.assertEqual(thermal.industry_codes[0]["code"], "3464")

    def test_adding_a_product_node_under_a_segment(self):
        self.client.force_login(self.analyst)
        thermal = Segment.objects.get(chain__key="vehicles", key="thermal")
        response = self.client.post(reverse("chains:segment_new", args=["vehicles"]), {
            "key": "heat-pump", "name": "热泵空调", "position": "midstream", "parent": thermal.pk, "order": 1,
            "codes": "3464*", "keywords": "热泵", "supplies": "vehicles"})
        node = Segment.objects.get(chain__key="vehicles", key="heat-pump")
        self.assertRedirects(response, reverse("chains:segment", args=["vehicles", "heat-pump"]))
        self.assertEqual((node.parent, node.supplies), (thermal, ["vehicles"]))
        self.assertEqual(node.history.get().history_user, self.analyst)

    def test_a_duplicate_key_is_refused(self):
        self.client.force_login(self.analyst)
        response = self.client.post(reverse("chains:segment_new", args=["vehicles"]), {
            "key": "bms", "name": "重复", "position": "midstream", "order": 1})
        self.assertContains(response, "本产业链已有该代码的环节。", status_code=400)

    def test_a_leader_reads_the_segment_but_may_not_change_it(self):
        self.client.force_login(self.leader)
        page = self.client.get(self.url)
        self.assertContains(page, "热管理")
        self.assertNotContains(page, 'id="segment-form"')
        thermal = Segment.objects.get(chain__key="vehicles", key="thermal")
        self.assertEqual(self.client.post(self.url, _form(thermal, name="改名")).status_code, 403)
        thermal.refresh_from_db()
        self.assertEqual(thermal.name, "热管理")
