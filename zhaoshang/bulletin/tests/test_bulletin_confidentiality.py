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
