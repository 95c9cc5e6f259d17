"""企业画像: the list and a page per organisation, each showing only what the viewer may see."""

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.intel.models import Document
from zhaoshang.organizations.models import Contact, Organization, Tag
from zhaoshang.organizations.services import organization_update
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone


class OrganizationPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        carrier = make_carrier(zone)
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.partner = make_user("partner", Role.PARTNER, carrier=carrier)
        cls.zongmu = Organization.objects.create(name="上海纵目科技有限公司", region_id="310114",
                                                 industry_id="3670", registered_capital=120_000_000)
        cls.zongmu.tags.add(Tag.objects.create(name="高新技术企业"))
        organization_update(user=cls.officer, organization=cls.zongmu, name="纵目科技（上海）股份有限公司",
                            reason="工商变更")
        Organization.objects.create(name="唯品会（中国）有限公司", region_id="440100")
        Contact.objects.create(organization=cls.zongmu, name="王经理", phone="13812341234")
        cls.public = make_project(zone, "智能驾驶项目", owner=cls.officer)
        cls.secret = make_project(zone, "机密雷达项目", owner=cls.officer, confidential=True)
        for project in (cls.public, cls.secret):
            project.investors.add(cls.zongmu)
        cls.news = Document.objects.create(title="纵目科技签约南太湖", text="纵目科技（上海）股份有限公司今日签约。")

    def test_the_list_filters_by_name_region_and_tag(self):
        self.client.force_login(self.officer)
        url = reverse("organizations:list")
        for params in ({"q": "纵目"}, {"region": "310000"}, {"tag": "高新技术企业"}):
            page = self.client.get(url, params).content.decode()
            self.assertIn("纵目科技", page, params)
            self.assertNotIn("唯品会", page, params)

    def test_the_page_shows_facts_projects_news_and_history_with_phones_masked(self):
        self.client.force_login(self.officer)
        page = self.client.get(reverse("organizations:detail", args=[self.zongmu.pk])).content.decode()
        for text in ["曾用名</dt><dd>上海纵目科技有限公司",
                     "嘉定区", "1.2亿元", "高新技术企业", "智能驾驶项目", "机密雷达项目", "138****1234",
                     "纵目科技签约南太湖", f'href="/intel/{self.news.pk}/"', "工商变更"]:
            self.assertIn(text, page)
        self.assertNotIn("13812341234", page)

    def test_another_teams_officer_does_not_see_the_confidential_project(self):
        self.client.force_login(self.other)
        page = self.client.get(reverse("organizations:detail", args=[self.zongmu.pk])).content.decode()
        self.assertIn("智能驾驶项目", page)
        self.assertNotIn("机密雷达项目", page)

    def test_a_partner_reaches_neither_the_page_of_an_unrelated_organisation_nor_the_news(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(reverse("organizations:detail", args=[self.zongmu.pk])).status_code, 404)

    def test_project_pages_link_investors_to_their_page_not_the_admin(self):
        self.client.force_login(self.officer)
        link = f'href="/organizations/{self.zongmu.pk}/"'
        self.assertContains(self.client.get(self.public.get_absolute_url()), link)
        self.assertContains(self.client.get(reverse("projects:list")), link)
        self.assertNotContains(self.client.get(self.public.get_absolute_url()), "/admin/organizations")
