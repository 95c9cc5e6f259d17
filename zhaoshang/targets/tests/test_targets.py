"""Ranked targets over a small seeded universe: who is listed, the parts of each score, weights, leads,
the 链主 view, the pages and the console."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from zhaoshang.accounts.models import Role
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.cli import targets as targets_cli
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.organizations.models import Contact, Organization
from zhaoshang.projects.models import Project, Stage
from zhaoshang.targets import services
from zhaoshang.testing import make_project, make_user, make_zone
from zhaoshang.universe.importer import universe_import
from zhaoshang.universe.normalise import uscc_check_digit


def code(n: int) -> str:
    body = f"913{n:014d}"
    return body + uscc_check_digit(body)


HEADER = ["企业名称", "登记状态", "注册资本", "统一社会信用代码", "所属省份", "所属城市", "参保人数", "国标行业小类",
          "行业代码", "经营范围", "企业标签"]
# name, status, capital, credit code, province, city, insured, industry code, scope, tags
FIRMS = {
    "A": ("宁德甲电池有限公司", "存续", "100000万元", code(1), "福建省", "宁德市", "5000", "3841", "动力电池研发",
          "上市"),
    "B": ("宁德乙电池有限公司", "在业", "1000万元", code(2), "福建省", "宁德市", "50", "3841", "电池销售", "-"),
    "C": ("杭州丙汽车电子有限公司", "存续", "2000万元", code(3), "浙江省", "杭州市", "80", "3670", "电池管理系统研发",
          "-"),
    "D": ("苏州丁BMS汽车部件有限公司", "存续", "2000万元", code(4), "江苏省", "苏州市", "80", "3670", "汽车零部件",
          "-"),
    "E": ("杭州戊软件有限公司", "存续", "500万元", code(5), "浙江省", "杭州市", "30", "6513", "电池管理系统软件开发",
          "-"),
    "F": ("宁德己电池有限公司", "注销", "1000万元", code(6), "福建省", "宁德市", "-", "3841", "动力电池", "-"),
    "G": ("宁德庚电池有限公司", "吊销，未注销", "1000万元", code(7), "福建省", "宁德市", "-", "3841", "动力电池", "-"),
    "H": ("宁德辛电池有限公司", "存续", "1000万元", code(8), "福建省", "宁德市", "10", "3841", "动力电池", "-"),
    "I": ("宁德壬电池有限公司", "存续", "1000万元", code(9), "福建省", "宁德市", "10", "3841", "动力电池", "-"),
    "J": ("癸（宁德）电池有限公司", "存续", "1000万元", code(10), "福建省", "宁德市", "10", "3841", "动力电池", "-"),
    "K": ("上海子电池有限公司", "存续", "1000万元", code(11), "上海市", "上海市", "10", "3841", "电池", "-"),
    "L": ("宁德丑电池有限公司", "存续", "1000万元", code(12), "福建省", "宁德市", "10", "3841", "电池", "-"),
}


def write_universe(folder: Path) -> Path:
    path = folder / "qcc.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for name, status, capital, credit, prov, city, insured, industry, scope, tags in FIRMS.values():
            writer.writerow([name, status, capital, credit, prov, city, insured, "", industry, scope, tags])
    return path


def run_cli(*argv: str) -> str:
    parser = argparse.ArgumentParser()
    targets_cli.add_arguments(parser)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert targets_cli.run(parser.parse_args(argv)) == 0
    return out.getvalue()


class TargetsTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = Path(tempfile.mkdtemp())
        cls.settings_override = override_settings(DATA_DIR=cls.data)
        cls.settings_override.enable()
        result = universe_import(paths=[write_universe(cls.data)], data_dir=cls.data,
                                 keywords=["动力电池", "电池管理系统", "BMS"])
        assert result.ok, result.problems
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.settings_override.disable()
        shutil.rmtree(cls.data, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", Role.OFFICER)
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.partner = make_user("partner", Role.PARTNER)
        cls.chain = Chain.objects.create(key="testchain", name="测试产业链", zone=cls.zone, order=99)
        cls.cells = Segment.objects.create(chain=cls.chain, key="cells", name="电芯", position="midstream",
                                           industry_codes=[{"code": "3841", "partial": False}], keywords=["动力电池"])
        cls.bms = Segment.objects.create(chain=cls.chain, key="bms", name="电池管理系统", position="midstream",
                                         industry_codes=[{"code": "3670", "partial": True}],
                                         keywords=["电池管理系统", "BMS"])
        landed = make_project(cls.zone, "辛项目", stage=Stage.REGISTERED)
        landed.investors.add(Organization.objects.create(name=FIRMS["H"][0], credit_code=FIRMS["H"][3]))
        lead = make_project(cls.zone, "壬项目", stage=Stage.LEAD)
        lead.investors.add(Organization.objects.create(name=FIRMS["I"][0], credit_code=FIRMS["I"][3]))
        pipeline = make_project(cls.zone, "癸项目", stage=Stage.NEGOTIATING)
        pipeline.investors.add(Organization.objects.create(name="癸(宁德)电池有限公司"))  # no code: by its name
        contacted = Organization.objects.create(name=FIRMS["L"][0], credit_code=FIRMS["L"][3])
        Contact.objects.create(organization=contacted, name="王经理")
        document = Document.objects.create(zone=cls.zone, title="丑电池完成B轮融资", raw="x", text="x")
        ExtractedItem.objects.create(document=document, kind=ExtractedItem.Kind.INVESTMENT,
                                     status=ExtractedItem.Status.ACCEPTED, span="宁德丑电池完成B轮融资",
                                     payload={"kind": "financing", "investor": "宁德丑电池有限公司"})
        ExtractedItem.objects.create(document=document, kind=ExtractedItem.Kind.INVESTMENT,
                                     status=ExtractedItem.Status.PENDING, span="宁德乙电池投资",
                                     payload={"kind": "project", "investor": "宁德乙电池有限公司"})

    def rank(self, segment, **options):
        ranking = services.targets_rank(chain=self.chain, segment=segment, user=options.pop("user", self.officer),
                                        **options)
        return {c.name: c for c in ranking.candidates}

    def test_lists_active_firms_of_the_segment_not_in_the_zone_or_the_pipeline(self):
        names = set(self.rank(self.cells))
        self.assertEqual(names, {FIRMS[k][0] for k in "ABKL"})

    def test_the_fit_part_follows_the_evidence_tier(self):
        cells, bms = self.rank(self.cells), self.rank(self.bms)
        self.assertEqual(cells[FIRMS["A"][0]].parts["fit"], 35)  # its class and a keyword in its scope
        self.assertEqual(cells[FIRMS["B"][0]].parts["fit"], 29.75)  # its class only
        self.assertEqual(bms[FIRMS["C"][0]].parts["fit"], 24.5)  # partial class, keyword in the scope
        self.assertEqual(bms[FIRMS["D"][0]].parts["fit"], 14)  # partial class, keyword in the name only
        self.assertNotIn(FIRMS["E"][0], bms)  # a software house naming 电池管理系统 is not a BMS maker
        self.assertIn("行业代码+经营范围 3841", cells[FIRMS["A"][0]].evidence["fit"])

    def test_scale_tags_and_distance_parts(self):
        cells = self.rank(self.cells)
        a, b, k = (cells[FIRMS[x][0]] for x in "ABK")
        self.assertGreater(a.parts["scale"], b.parts["scale"])
        self.assertEqual((a.parts["tags"], b.parts["tags"]), (9, 0))  # 上市: 0.6 of 15 points
        self.assertGreater(k.parts["distance"], a.parts["distance"])  # Shanghai is nearer Huzhou than Ningde
        self.assertIn("注册资本 10亿元", a.evidence["scale"])
        self.assertEqual(a.score, round(sum(a.parts.values()), 2))

    def test_growth_from_reviewed_news_and_relation_from_earlier_contacts(self):
        cells = self.rank(self.cells)
        ugly = cells[FIRMS["L"][0]]
        self.assertEqual((ugly.parts["growth"], ugly.parts["relation"]), (5, 7))
        self.assertIn("融资", ugly.evidence["growth"])
        self.assertEqual(cells[FIRMS["B"][0]].parts["growth"], 0)  # its event is still waiting for review

    def test_an_analysts_weights_change_the_points(self):
        services.weights_save(user=self.analyst, weights={"fit": 70, "tags": 0})
        a = self.rank(self.cells, user=self.analyst)[FIRMS["A"][0]]
        self.assertEqual((a.parts["fit"], a.parts["tags"]), (70, 0))
        self.assertEqual(self.rank(self.cells)[FIRMS["A"][0]].parts["fit"], 35)  # others keep theirs

    def test_source_cities_narrow_the_list(self):
        self.assertEqual(set(self.rank(self.cells, cities=["上海"])), {FIRMS["K"][0]})

    def test_candidate_count(self):
        self.assertEqual(services.candidate_count(self.cells), 4)
        self.assertEqual(services.candidate_count(self.bms), 2)

    def test_a_lead_carries_segment_parts_and_source_and_is_made_once(self):
        result = services.target_lead_create(user=self.officer, segment=self.cells, credit_code=FIRMS["A"][3],
                                             summary=self.rank(self.cells)[FIRMS["A"][0]].summary())
        project = result.project
        self.assertTrue(result.created)
        self.assertEqual((project.source, project.segment, project.owner, project.stage),
                         ("targets", self.cells, self.officer, Stage.LEAD))
        self.assertIn("环节匹配 35", project.description)
        self.assertEqual([o.credit_code for o in project.investors.all()], [FIRMS["A"][3]])
        again = services.target_lead_create(user=self.officer, segment=self.cells, credit_code=FIRMS["A"][3])
        self.assertEqual((again.project, again.created), (project, False))
        self.assertNotIn(FIRMS["A"][0], self.rank(self.cells))  # now in the pipeline

    def test_the_page_shows_parts_and_turns_a_candidate_into_a_lead_once(self):
        self.client.force_login(self.officer)
        page = self.client.get("/targets/", {"chain": "testchain", "segment": "cells"})
        self.assertContains(page, FIRMS["A"][0])
        self.assertContains(page, "环节匹配")
        self.assertContains(page, "转为线索")
        self.assertContains(page, "已排除区内及项目储备库中的 3 家企业")
        form = {"credit_code": FIRMS["B"][3], "segment_id": self.cells.pk, "chain": "testchain", "segment": "cells"}
        self.assertEqual(self.client.post("/targets/lead/", form).status_code, 302)
        self.client.post("/targets/lead/", form)
        self.assertEqual(Project.objects.filter(investors__credit_code=FIRMS["B"][3], source="targets").count(), 1)
        page = self.client.get("/targets/", {"chain": "testchain", "segment": "cells"})
        listed = page.content.decode().split('id="target-table"')[1]
        self.assertNotIn(FIRMS["B"][0], listed)  # in the pipeline now

    def test_a_partner_sees_no_targets_and_an_analyst_makes_no_leads(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get("/targets/", {"chain": "testchain"}).status_code, 403)
        self.assertEqual(self.client.get("/targets/leaders/", {"chain": "testchain"}).status_code, 403)
        self.client.force_login(self.analyst)
        self.assertEqual(self.client.get("/targets/", {"chain": "testchain", "segment": "cells"}).status_code, 200)
        form = {"credit_code": FIRMS["B"][3], "segment_id": self.cells.pk}
        self.assertEqual(self.client.post("/targets/lead/", form).status_code, 403)
        self.assertFalse(Project.objects.filter(source="targets").exists())

    def test_the_console_prints_candidates_with_their_parts_and_adds_leads(self):
        rows = json.loads(run_cli("--chain", "testchain", "--segment", "cells", "--format", "json",
                                  "--user", "officer"))
        self.assertEqual(rows[0]["name"], FIRMS["A"][0])
        self.assertEqual(set(rows[0]) >= {"credit_code", "name", "city", "segment", "score", "parts"}, True)
        self.assertEqual(rows[0]["parts"]["fit"]["points"], 35)
        table = run_cli("--chain", "testchain", "--segment", "cells", "--top", "2", "--add-lead", "--user", "officer")
        self.assertIn("→ 线索", table)
        self.assertEqual(Project.objects.filter(source="targets").count(), 2)

    def test_chain_leaders_are_the_largest_firms_of_each_segment_anywhere(self):
        Organization.objects.create(name=FIRMS["A"][0], credit_code=FIRMS["A"][3])
        by_segment = {e.segment.key: e for e in services.chain_leaders(chain=self.chain, user=self.officer)}
        leaders = by_segment["cells"].leaders
        self.assertEqual(leaders[0].row["name"], FIRMS["A"][0])
        self.assertIsNotNone(leaders[0].organization)
        self.assertIn(FIRMS["H"][0], [leader.row["name"] for leader in leaders])  # in the zone: still a leader

    def test_the_api_ranks_like_the_page_and_refuses_partners(self):
        self.client.force_login(self.officer)
        rows = self.client.get("/api/targets", {"chain": "testchain", "segment": "cells", "top": 3}).json()
        self.assertEqual([r["name"] for r in rows][:1], [FIRMS["A"][0]])
        self.assertEqual(rows[0]["parts"]["tags"], {"label": "标签", "points": 9.0, "evidence": "上市"})
        bad = self.client.get("/api/targets", {"chain": "testchain", "cities": "火星"})
        self.assertEqual(bad.status_code, 400)
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get("/api/targets", {"chain": "testchain"}).status_code, 403)
