"""The review page in headless Chromium: the compact queue beside the article, linking an event to the
project on file, and the keyboard."""



from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project
from zhaoshang.testing import ARTIFACTS, BrowserTestCase


class ReviewBrowserTests(BrowserTestCase):

    def setUp(self):
        super().setUp()
        self.page = self.browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        self.page.goto(f"{self.live_server_url}/accounts/login/")
        self.page.fill("#id_username", "zhangwei")
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.live_server_url}/")
        self.document = Document.objects.get()
        self.page.goto(f"{self.live_server_url}/intel/{self.document.pk}/")

    def tearDown(self):
        self.page.close()

    def test_the_reviewer_links_the_event_to_the_project_and_investor_on_file(self):
        queue = self.page.locator("#queue").bounding_box()
        self.assertLessEqual(queue["height"], 800)  # beside the article, scrolling on its own
        self.page.screenshot(path=ARTIFACTS / "review.png", full_page=True)
        event = ExtractedItem.objects.get(kind="investment", payload__investor="纵目科技")
        item = self.page.locator(f"#item-{event.pk}")
        self.assertIn("可能已有：纵目科技自动驾驶研发制造基地", item.inner_text())
        projects, organizations = Project.objects.count(), Organization.objects.count()
        item.locator("summary").click()
        chosen = item.locator("input[name$=link_project]:checked")
        self.assertIn("纵目科技自动驾驶研发制造基地", chosen.locator("xpath=..").inner_text())
        item.locator("input[name$='-on']").fill("2020-11-20")
        item.locator("form.accept button").click()
        self.page.wait_for_selector(f"#item-{event.pk}.status-accepted")
        self.assertIn("项目：纵目科技自动驾驶研发制造基地", self.page.locator(f"#item-{event.pk}").inner_text())
        self.assertEqual((Project.objects.count(), Organization.objects.count()), (projects, organizations))

    def test_j_moves_to_an_item_and_r_rejects_it(self):
        ordered = self.page.locator(".queue-item").first
        self.page.locator("h1").click()
        self.page.keyboard.press("j")
        self.assertIn("current", ordered.get_attribute("class"))
        pk = int(ordered.get_attribute("data-item"))
        self.page.keyboard.press("r")
        self.page.wait_for_selector(f"#item-{pk}.status-rejected")
        self.assertEqual(ExtractedItem.objects.get(pk=pk).status, "rejected")
