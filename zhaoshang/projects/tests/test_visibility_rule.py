"""The projects kept from a viewer, as the KPIs count them (project_hidden_from), are exactly those
project_visible_to leaves out: no confidential project is counted as visible, none visible as hidden."""

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.projects.models import Project
from zhaoshang.projects.selectors import project_hidden_from, project_visible_to
from zhaoshang.testing import make_project, make_user, make_zone


class HiddenFromTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.mine = make_user("own_officer", Role.OFFICER, team="一组")
        cls.teammate = make_user("teammate", Role.OFFICER, team="一组")
        cls.other = make_user("other_officer", Role.OFFICER, team="二组")
        cls.alone = make_user("no_team", Role.OFFICER)
        cls.leader = make_user("the_leader", Role.LEADER)
        for i, owner in enumerate([cls.mine, cls.teammate, cls.other, cls.alone, None]):
            make_project(zone, f"公开{i}", owner=owner)
            make_project(zone, f"保密{i}", owner=owner, confidential=True)

    def test_hidden_is_what_is_not_visible(self):
        everything = set(Project.objects.values_list("pk", flat=True))
        for user in (self.mine, self.teammate, self.other, self.alone, self.leader):
            visible = set(project_visible_to(user).values_list("pk", flat=True))
            hidden = set(Project.objects.filter(project_hidden_from(user)).values_list("pk", flat=True))
            self.assertEqual(hidden, everything - visible, user.username)
        # The officer of 一组 does not see 二组's, the teamless officer's or the ownerless confidential project.
        names = set(Project.objects.filter(project_hidden_from(self.mine)).values_list("name", flat=True))
        self.assertEqual(names, {"保密2", "保密3", "保密4"})
