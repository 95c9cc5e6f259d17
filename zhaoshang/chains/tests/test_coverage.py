"""Local strength and gaps: 补链 (no local firm), 强链 (few or small), 延链 (beside a strong segment)."""

import datetime as dt
import sys
import types
from unittest import mock

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.chains.coverage import GAP_EXTEND, GAP_FILL, GAP_STRENGTHEN, chain_coverage
from zhaoshang.chains.tests.factories import landed, make_chain
from zhaoshang.projects.models import Stage
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Residency


class GapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.chain = make_chain()
        cls.officer_a = make_user("officer_a", Role.OFFICER, team="一组")
        cls.officer_b = make_user("officer_b", Role.OFFICER, team="二组")
        cells = cls.chain.segments.get(key="cells")
        # 25亿元 signed in the cells segment: strong on its amount alone.
        landed(cls.zone, "电芯基地", investor="甲电池有限公司", industry="3841", amount="25", segment=cells)
        # A parts maker of class 3670 whose project names battery management: one firm in BMS, by keywords.
        landed(cls.zone, "电池管理系统项目", investor="乙汽车部件有限公司", industry="3670")
        # Another 3670 firm making lamps: not in BMS.
        landed(cls.zone, "车灯项目", investor="丙车灯有限公司", industry="3670")
        # Officer A's confidential recycling plant.
        landed(cls.zone, "机密回收项目", investor="丁循环科技有限公司", industry="4210", owner=cls.officer_a,
               confidential=True, segment=cls.chain.segments.get(key="recycling"))
        # Signed but not landed: a project, but no local firm.
        landed(cls.zone, "整车项目", investor="戊汽车有限公司", industry="3612", stage=Stage.SIGNED,
               segment=cls.chain.segments.get(key="vehicles"))

    def _gaps(self, user):
        return {e.segment.key: e for e in chain_coverage(chain=self.chain, user=user, zone=self.zone)}

    def test_strong_strengthen_extend_and_fill(self):
        gaps = self._gaps(self.officer_b)
        self.assertTrue(gaps["cells"].strong)
        self.assertIsNone(gaps["cells"].gap)
        self.assertEqual((gaps["bms"].gap, list(gaps["bms"].firms.values())), (GAP_STRENGTHEN, ["乙汽车部件有限公司"]))
        self.assertEqual(gaps["separator"].gap, GAP_EXTEND)  # supplies the strong cells
        self.assertEqual(gaps["vehicles"].gap, GAP_EXTEND)  # supplied by them; its signed project is no local firm
        self.assertEqual(len(gaps["vehicles"].projects), 1)
        self.assertEqual(gaps["charging"].gap, GAP_FILL)

    def test_a_confidential_project_counts_only_for_who_may_see_it(self):
        self.assertEqual(self._gaps(self.officer_b)["recycling"].gap, GAP_FILL)
        mine = self._gaps(self.officer_a)["recycling"]
        self.assertEqual((mine.gap, len(mine.firms), len(mine.projects)), (GAP_STRENGTHEN, 1, 1))

    def test_a_resident_of_a_carrier_is_a_local_firm_before_it_registers(self):
        incubator = make_carrier(self.zone, "孵化器", kind="incubator")
        project = make_project(self.zone, "充电桩研发")
        project.investors.create(name="己充电科技有限公司", industry_id="5267")
        Residency.objects.create(carrier=incubator, project=project, since=dt.date(2020, 6, 1))
        self.assertEqual(self._gaps(self.officer_b)["charging"].gap, GAP_STRENGTHEN)

    def test_three_local_firms_make_a_segment_strong_whatever_their_amounts(self):
        for i in range(3):
            landed(self.zone, f"充电站{i}", investor=f"充电运营{i}有限公司", industry="5267", amount="0.1")
        self.assertTrue(self._gaps(self.officer_b)["charging"].strong)

    def test_each_gap_carries_the_targets_modules_candidate_count_or_none_without_it(self):
        fake = types.ModuleType("zhaoshang.targets.services")
        fake.candidate_count = lambda segment: {"charging": 7}.get(segment.key, 0)
        with mock.patch.dict(sys.modules, {"zhaoshang.targets.services": fake}):
            gaps = self._gaps(self.officer_b)
        self.assertEqual((gaps["charging"].candidates, gaps["cells"].candidates), (7, None))
        with mock.patch.dict(sys.modules, {"zhaoshang.targets.services": None}):
            self.assertIsNone(self._gaps(self.officer_b)["charging"].candidates)
