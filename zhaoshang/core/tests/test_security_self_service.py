"""Everyone signed in can find, from any page, where to change their password and manage their API tokens."""

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.testing import make_user, make_zone


class UserMenuTests(TestCase):
    def test_the_user_menu_links_to_the_password_change_and_the_tokens(self):
        make_zone()
        self.client.force_login(make_user("partner", Role.PARTNER))
        page = self.client.get(reverse("cockpit"))
        self.assertContains(page, f'href="{reverse("password_change")}"')
        self.assertContains(page, f'href="{reverse("tokens")}"')
