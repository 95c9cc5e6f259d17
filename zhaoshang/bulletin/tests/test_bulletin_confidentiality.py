"""A reader's bulletin names no project they may not see, and no figure in it gives one away."""

import datetime as dt
import io
import re

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.bulletin.build import bulletin_build
from zhaoshang.bulletin.writers import bulletin_write
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone

SECRET = "机密晶圆项目"
VISIBLE_LEAD = "共签约亿元以上项目3个，总投资60.00亿元，其中有全部项目来自长三角地区"


def _all_text(bulletin) -> str:
    """What a reader gets in every format, as text."""
    from docx import Document
    from openpyxl import load_workbook

    parts = []
    for fmt in ("md", "docx", "xlsx"):
        stream = io.BytesIO()
        bulletin_write(bulletin, fmt, stream)
        stream.seek(0)
        if fmt == "md":
            parts.append(stream.read().decode("utf-8"))
        elif fmt == "docx":
            document = Document(stream)
            parts += [p.text for p in document.paragraphs]
            parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        else:
            book = load_workbook(stream, read_only=True)
            parts += [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
    return "\n".join(parts)


class ConfidentialBulletinTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        park = make_carrier(zone, "甲园", kind="industrial_park")
        cls.zone = zone
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.leader = make_user("leader", Role.LEADER)
        cls.partner = make_user("partner", Role.PARTNER, carrier=park)
        signed = dt.date(2020, 5, 1)
        for name, amount in (("甲项目", "10"), ("乙项目", "20"), ("丙项目", "30")):
            make_project(zone, name, owner=cls.owner, amount=amount, signed_on=signed, carrier=park)
        make_project(zone, SECRET, owner=cls.owner, amount="35", signed_on=signed, confidential=True, carrier=park)

    def _bulletin(self, viewer):
        return bulletin_build(zone=self.zone, year=2020, viewer=viewer, render=False)

    def test_the_owner_and_a_leader_see_the_secret_project_and_the_zone_total(self):
        for viewer in (self.owner, self.leader, None):
            bulletin = self._bulletin(viewer)
            self.assertIn("共签约亿元以上项目4个，总投资95.00亿元", bulletin.lead[0].text)
            self.assertIn(SECRET, [row[1] for row in bulletin.table.rows])

    def test_another_officer_gets_the_visible_figures_and_no_trace_of_the_secret(self):
        bulletin = self._bulletin(self.other)
        self.assertIn("共签约亿元以上项目3个，总投资60.00亿元", bulletin.lead[0].text)
        text = _all_text(bulletin)
        self.assertNotIn(SECRET, text)
        # No figure of the zone (4 projects, 95亿元) that the visible 60亿元 could be subtracted from.
        self.assertNotIn("95.00亿元", text)
        self.assertNotIn("95亿元", text)
        self.assertNotIn("4个", re.sub(r"\[\^?\d+\]", "", bulletin.lead[0].text))
        self.assertIn("按您有权查看的记录计算", text)
        self.assertNotIn("4 条记录", text)

    def test_a_partner_sees_only_the_visible_figures_of_their_own_carrier(self):
        bulletin = self._bulletin(self.partner)
        text = _all_text(bulletin)
        self.assertNotIn(SECRET, text)
        self.assertNotIn("95.00亿元", text)
        self.assertIn("总投资60.00亿元", text)

    def test_with_three_hidden_projects_the_zone_figure_stands_and_says_so(self):
        signed = dt.date(2020, 6, 1)
        for n, amount in enumerate(("11", "12")):
            make_project(self.zone, f"机密项目{n}", owner=self.owner, amount=amount, signed_on=signed,
                         confidential=True)
        bulletin = self._bulletin(self.other)
        self.assertIn("共签约亿元以上项目6个，总投资118.00亿元", bulletin.lead[0].text)
        text = _all_text(bulletin)
        self.assertNotIn("机密", text)
        self.assertIn("其中 3 条记录您无权查看", text)
        self.assertIn("另有 3 个项目为保密项目", text)


class SubtractionTests(TestCase):
    """A reader who cannot see one or two confidential projects can subtract nothing from the bulletin to find
    them: not from a total, not from a share of another figure's records, not from two nested periods."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")

    def project(self, name, amount, on, *, secret=False, region="310100"):
        return make_project(self.zone, name, owner=self.owner, amount=amount, signed_on=on, confidential=secret,
                            source_region=region)

    def test_one_hidden_project_from_outside_the_delta_is_not_given_away_by_the_yrd_share(self):
        on = dt.date(2020, 5, 1)
        for name, amount in (("甲项目", "10"), ("乙项目", "20"), ("丙项目", "30")):
            self.project(name, amount, on)
        self.project(SECRET, "35", on, secret=True, region="440300")  # 深圳: the share of the zone's is 3/4
        bulletin = bulletin_build(zone=self.zone, year=2020, viewer=self.other, render=False)
        self.assertIn(VISIBLE_LEAD, _plain(bulletin.lead[0].text))
        text = _all_text(bulletin)
        for zone_figure in ("3/4", "0.75", "75%", "7成", "95.00亿元", "4 条记录"):
            self.assertNotIn(zone_figure, text)
        share = next(f for f in bulletin.figures if f.key == "signed_yrd_share")
        self.assertEqual((share.value, share.mode), (1, "visible"))

    def test_two_hidden_projects_leave_only_the_visible_figures(self):
        on = dt.date(2020, 5, 1)
        for name, amount in (("甲项目", "10"), ("乙项目", "20"), ("丙项目", "30")):
            self.project(name, amount, on)
        self.project(SECRET, "35", on, secret=True)
        self.project("机密二号项目", "15", on, secret=True, region="440300")
        bulletin = bulletin_build(zone=self.zone, year=2020, viewer=self.other, render=False)
        self.assertIn(VISIBLE_LEAD, _plain(bulletin.lead[0].text))
        text = _all_text(bulletin)
        for zone_figure in ("110.00亿元", "5个", "4/5", "5 条记录", "2 个项目", "机密"):
            self.assertNotIn(zone_figure, re.sub(r"\[\^?\d+\]", "", text))

    def test_the_quarter_beside_the_year_to_date_does_not_give_away_the_months_before_it(self):
        # Three hidden in the third quarter, one more before it: each figure hides three or more, but
        # 今年以来 minus the quarter would be the first half, hiding one project (40亿元) beside two visible.
        self.project("上半年甲", "10", dt.date(2020, 3, 1))
        self.project("上半年乙", "20", dt.date(2020, 5, 1))
        self.project("上半年机密", "40", dt.date(2020, 6, 1), secret=True)
        for n, amount in enumerate(("30", "31", "32")):
            self.project(f"三季度{n}", amount, dt.date(2020, 8, 1))
            self.project(f"三季度机密{n}", "11", dt.date(2020, 8, 2), secret=True)
        bulletin = bulletin_build(zone=self.zone, year=2020, period="Q3", viewer=self.other, render=False)
        lead = _plain(bulletin.lead[0].text)
        # 今年以来 is the zone's (9 projects, 4 of them hidden); the quarter only what the reader sees.
        self.assertIn("今年以来（1—9月），新区共签约亿元以上项目9个，总投资196.00亿元", lead)
        self.assertIn("第三季度，新区签约亿元以上项目3个，总投资93.00亿元", lead)
        stated = {(f.key, f.period): f for f in bulletin.figures}
        self.assertEqual(stated[("signed_investment_total_cny", "2020年第三季度")].mode, "visible")
        # What a reader could subtract: 196 − 93 − the visible first half (30) is 73: four hidden projects together.
        self.assertNotIn("126.00亿元", _all_text(bulletin))  # the quarter's zone total, which would leave 40


def _plain(text: str) -> str:
    return re.sub(r"\[\^?\d+\]", "", text)
