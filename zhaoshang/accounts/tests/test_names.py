"""A person's name reads surname first everywhere: pages, the admin's greeting, stored texts."""

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.testing import make_user


class NameOrderTests(TestCase):

    def test_full_short_and_display_names_are_surname_then_given_name(self):
        user = make_user("admin", Role.ADMINISTRATOR)
        user.first_name, user.last_name = "理员", "管"
        self.assertEqual([str(user), user.get_full_name(), user.get_short_name(), user.display_name],
                         ["管理员"] * 4)

    def test_a_user_without_a_name_is_shown_by_username(self):
        self.assertEqual(str(make_user("lina")), "lina")

    def test_the_admin_greets_by_the_whole_name(self):
        user = make_user("admin", Role.ADMINISTRATOR)
        user.first_name, user.last_name = "理员", "管"
        user.save()
        self.client.force_login(user)
        self.assertContains(self.client.get("/admin/"), "<strong>管理员</strong>")
