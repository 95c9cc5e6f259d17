"""Stored texts that name a person write the name surname first, like every page."""

import datetime as dt
import importlib

from django.apps import apps
from django.test import TestCase

from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.testing import make_user, make_zone

migration = importlib.import_module("zhaoshang.indicators.migrations.0003_observation_source_names_in_chinese_order")


class ObservationSourceTests(TestCase):

    def test_accepted_observation_source_is_rewritten_surname_first(self):
        officer = make_user("zhangwei")
        officer.first_name, officer.last_name = "伟", "张"
        officer.save()
        indicator = Indicator.objects.create(zone=make_zone(), key="cases", name="全程网办件", unit="件")
        accepted = Observation.objects.create(indicator=indicator, on=dt.date(2020, 6, 30), value=5,
                                              source="湖州日报 2020-07-01（伟 张审核采纳）")
        typed = Observation.objects.create(indicator=indicator, on=dt.date(2020, 7, 31), value=6, source="统计局月报")

        migration.names_in_chinese_order(apps, None)

        accepted.refresh_from_db()
        typed.refresh_from_db()
        self.assertEqual(accepted.source, "湖州日报 2020-07-01（张伟审核采纳）")
        self.assertEqual(typed.source, "统计局月报")
        self.assertEqual(str(officer), "张伟")
