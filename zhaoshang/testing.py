"""Small factories for tests: a zone, named users, projects with a dated history.

Region and industry tables are present in every test database (loaded by data migrations).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from zhaoshang.accounts.models import Role, Team, User
from zhaoshang.projects.models import Project, Stage, StageChange
from zhaoshang.zones.models import Carrier, Zone

PASSWORD = "Test-Passw0rd!"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # screenshots a person can look at


def make_zone(code: str = "testzone", name: str = "测试新区", region: str = "330500") -> Zone:
    return Zone.objects.get_or_create(code=code, defaults={"name": name, "region_id": region})[0]


def make_carrier(zone: Zone, name: str = "杭州飞地", kind: str = Carrier.Kind.ENCLAVE, **extra) -> Carrier:
    extra.setdefault("region_id", zone.region_id)
    return Carrier.objects.create(zone=zone, name=name, kind=kind, **extra)


def make_user(username: str, role: str = Role.OFFICER, *, team: Team | str | None = None,
              carrier: Carrier | None = None) -> User:
    if isinstance(team, str):
        team = Team.objects.get_or_create(name=team)[0]
    user = User(username=username, role=role, team=team, carrier=carrier,
                is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_project(zone: Zone, name: str, *, owner: User | None = None, amount: str | None = "2",
                 currency: str = "CNY", source_region: str | None = "310100", signed_on: dt.date | None = None,
                 stage: str | None = None, confidential: bool = False, carrier: Carrier | None = None,
                 industry: str | None = None) -> Project:
    """A project; amount in 亿 of its currency; with signed_on it has a lead → signed history."""
    project = Project.objects.create(
        zone=zone, name=name, owner=owner, amount=Decimal(amount) * 100_000_000 if amount else None,
        currency=currency, source_region_id=source_region, confidential=confidential, carrier=carrier,
        industry_id=industry)
    if signed_on:
        StageChange.objects.create(project=project, stage=Stage.LEAD, on=signed_on - dt.timedelta(days=30))
        StageChange.objects.create(project=project, stage=Stage.SIGNED, on=signed_on)
        project.stage = Stage.SIGNED
    if stage:
        project.stage = stage
    project.save()
    return project


def signed_from_records(zone: Zone, start: dt.date, end: dt.date, min_cny: int = 100_000_000) -> dict[int, Decimal]:
    """The projects signed between start and end whose amount in yuan (at the signing date's rate) reaches
    min_cny, with that amount: worked out one project at a time, not by the KPI code, for tests to check it."""
    from zhaoshang.currencies.money import to_cny

    found = {}
    for project in Project.objects.filter(zone=zone, amount__isnull=False).prefetch_related("stage_changes"):
        signed = [c.on for c in project.stage_changes.all() if c.stage == Stage.SIGNED]
        if signed and start <= signed[0] <= end and project.amount is not None:
            cny = to_cny(project.amount, project.currency, signed[0]).cny
            if cny >= min_cny:
                found[project.pk] = cny
    return found


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server with the demo loaded and one headless Debian chromium for the class (Playwright's own
    browser download does not work here). Subclasses open their pages in setUp after calling super()."""

    browser: Any
    playwright: Any

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        # Playwright's sync API runs an event loop in this thread; the live server's ORM calls stay synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        ARTIFACTS.mkdir(exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def signed_in(self, username: str, width: int = 1280, height: int = 900, **options) -> tuple[Any, list[str]]:
        """A new page at that size, signed in through the sign-in form as a demo user and on the home page, and
        the list it collects its problems in: script errors (a refusal by the Content-Security-Policy among
        them) and every answer of 400 or more, by its address."""
        from zhaoshang.demo.data import DEMO_PASSWORD

        page = self.browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN", **options)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.live_server_url}/")
        return page, problems

    def setUp(self):
        from zhaoshang.demo.load import demo_load
        from zhaoshang.industries.services import industry_load
        from zhaoshang.regions.services import region_load

        # A live-server test empties the database after each test, reference tables included.
        region_load()
        industry_load()
        demo_load()
