"""The API accepts exactly the choices the models store: the schemas' written-out Literals follow the models."""

from typing import get_args

from django.test import SimpleTestCase

from zhaoshang.currencies.models import Currency
from zhaoshang.organizations.models import Organization
from zhaoshang.organizations.schemas import OrganizationKind
from zhaoshang.projects.models import Activity, Stage
from zhaoshang.projects.schemas import ActivityKind, CurrencyCode, StageValue


class SchemaChoicesTests(SimpleTestCase):
    def test_each_api_enumeration_lists_the_model_choices_in_order(self):
        for literal, choices in ((StageValue, Stage), (ActivityKind, Activity.Kind), (CurrencyCode, Currency),
                                 (OrganizationKind, Organization.Kind)):
            with self.subTest(choices.__name__):
                self.assertEqual(list(get_args(literal)), choices.values)
