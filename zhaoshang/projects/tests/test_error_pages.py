"""Error pages are Chinese pages in the site's layout that say why and where to go, and hide what is hidden."""

import re

from django.template.loader import render_to_string
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.accounts.permissions import PROJECT_EDIT_DENIED
from zhaoshang.testing import make_project, make_user, make_zone


def _card(response) -> str:
    found = re.search(r'<div class="card error-page">.*?</div>', response.content.decode(), re.S)
    assert found is not None, "no error card on the page"
    return found.group(0)


class ErrorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.leader = make_user("leader", Role.LEADER)
        cls.secret = make_project(zone, "机密芯片项目", owner=cls.owner, confidential=True)

    def test_a_hidden_project_answers_the_same_chinese_404_as_a_missing_one(self):
        self.client.force_login(self.other)
        hidden = self.client.get(self.secret.get_absolute_url())
        missing = self.client.get("/projects/999999/")
        self.assertEqual((hidden.status_code, missing.status_code), (404, 404))
        self.assertContains(hidden, "找不到这个页面", status_code=404)
        self.assertContains(hidden, 'class="topbar"', status_code=404)  # the menu is there
        self.assertNotContains(hidden, "机密", status_code=404)
        self.assertEqual(_card(hidden), _card(missing))

    def test_a_refused_edit_says_why_in_chinese(self):
        self.client.force_login(self.leader)
        response = self.client.get(f"/projects/{self.secret.pk}/edit/")
        self.assertContains(response, PROJECT_EDIT_DENIED, status_code=403)
        self.assertContains(response, "您没有权限进行这项操作", status_code=403)

    def test_the_500_page_renders_without_a_request_or_database(self):
        with self.assertNumQueries(0):
            page = render_to_string("500.html")
        self.assertIn("系统出错了", page)
        self.assertIn('class="topbar"', page)
