"""Indicators are the zone's published figures: everyone signed in reads them, nobody else."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.indicators.selectors import indicators_visible_to, observations_visible_to
from zhaoshang.testing import make_carrier, make_user, make_zone


class IndicatorVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        indicator = Indicator.objects.create(zone=zone, key="online-cases", name="网办件数", unit="件")
        Observation.objects.create(indicator=indicator, on=dt.date(2023, 12, 31), value=42000)
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(zone))
        cls.analyst = make_user("analyst", Role.ANALYST)

    def test_partners_and_analysts_read_indicators_and_observations(self):
        for user in (self.partner, self.analyst):
            with self.subTest(user=user.username):
                self.assertEqual([i.name for i in indicators_visible_to(user)], ["网办件数"])
                self.assertEqual(observations_visible_to(user).count(), 1)

    def test_signed_out_or_deactivated_users_read_nothing(self):
        self.analyst.is_active = False
        for user in (None, AnonymousUser(), self.analyst):
            with self.subTest(user=user):
                self.assertFalse(indicators_visible_to(user).exists())
                self.assertFalse(observations_visible_to(user).exists())
