"""Unified social credit codes are checked against their GB 32100-2015 check digit where they enter."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from zhaoshang.demo.load import demo_credit_code
from zhaoshang.organizations.models import Organization


class CreditCodeTests(TestCase):
    def test_a_code_with_a_wrong_check_digit_is_refused_with_the_reason(self):
        good = demo_credit_code("测试科技有限公司", "330500")
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        with self.assertRaises(ValidationError) as ctx:
            Organization(name="测试科技有限公司", credit_code=bad).full_clean()
        self.assertIn("校验位不正确", str(ctx.exception))

    def test_a_short_code_is_refused_with_the_reason(self):
        with self.assertRaises(ValidationError) as ctx:
            Organization(name="短码公司", credit_code="91330500").full_clean()
        self.assertIn("长度应为 18 位", str(ctx.exception))

    def test_a_valid_code_is_accepted(self):
        Organization(name="测试科技有限公司", credit_code=demo_credit_code("测试科技有限公司", "330500")).full_clean()
