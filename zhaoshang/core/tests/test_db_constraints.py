"""The database itself refuses what the forms refuse: every unique constraint and unique field (a copy of a
demo row inserted past the ORM's validation), every foreign key (a row pointing at nothing) and every check
constraint. A new constraint without a case here fails `test_every_constraint_is_exercised`."""

from decimal import Decimal

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.test import TestCase

from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project


def _zhaoshang_models():
    return [m for m in apps.get_models() if m.__module__.startswith("zhaoshang.")
            and not m._meta.label.split(".")[1].startswith("Historical") and m._meta.managed]


def _unique_keys(model) -> list[tuple[str, list[str]]]:
    """(name, fields) of every unique rule: constraints by name, unique fields as app.Model.field."""
    keys = [(c.name, list(c.fields)) for c in model._meta.constraints
            if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None]
    keys += [(f"{model._meta.label}.{f.name}", [f.name]) for f in model._meta.fields if f.unique and not f.primary_key]
    return keys


def _refused(test: TestCase, write) -> bool:
    """Whether the database refuses the write (foreign keys are checked at once, not at commit)."""
    try:
        with transaction.atomic():
            write()
            connection.check_constraints()
    except IntegrityError:
        return True
    return False


def _insert_refused(test: TestCase, row: models.Model) -> bool:
    """Whether the database refuses the row, inserted past the ORM's validation."""
    return _refused(test, lambda: type(row)._default_manager.bulk_create([row]))


def _copy(row: models.Model, **changes) -> models.Model:
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if not f.primary_key}
    return type(row)(**{**values, **changes})


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from zhaoshang.accounts.models import ApiToken, User
        from zhaoshang.demo.load import demo_load

        demo_load()
        ApiToken.issue(user=User.objects.get(username="zhangwei"), name="同步脚本")  # the demo has no token
        from zhaoshang.targets.models import TargetWeights

        TargetWeights.objects.create(user=User.objects.get(username="zhangwei"), weights={"fit": 30})  # nor weights
        cls.exercised: set[str] = set()

    def test_every_unique_rule_refuses_a_copy_of_a_stored_row(self):
        for model in _zhaoshang_models():
            for name, fields in _unique_keys(model):
                # A row with every field of the rule set (unique rules allow NULL twice).
                row = model._default_manager.filter(**{f"{f}__isnull": False for f in fields}).order_by("pk").first()
                if row is None:
                    continue  # nothing stored to copy: test_every_constraint_is_exercised names it
                with self.subTest(name):
                    self.assertTrue(_insert_refused(self, _copy(row)),
                                    f"{name}: the database accepted a duplicate")
                    type(self).exercised.add(name)

    def test_every_foreign_key_refuses_a_row_pointing_at_nothing(self):
        for model in _zhaoshang_models():
            row = model._default_manager.order_by("pk").first()
            if row is None:
                continue
            for field in model._meta.fields:
                if not field.many_to_one or not field.db_constraint:
                    continue
                name = f"{model._meta.label}.{field.name}"
                # The copy is changed only in its key fields, so a unique rule does not refuse it first.
                key = field.target_field
                missing = "Z" * (key.max_length or 6) if key.get_internal_type() == "CharField" else 2**31 - 7
                changes = {field.attname: missing}
                for _, fields in _unique_keys(model):
                    for f in fields:
                        target = model._meta.get_field(f)
                        if target.get_internal_type() in ("CharField", "TextField") and f != field.name:
                            changes.setdefault(target.attname, f"{getattr(row, target.attname) or ''}-fk-{name}"[
                                :getattr(target, "max_length", None) or 200])
                with self.subTest(name):
                    self.assertTrue(_insert_refused(self, _copy(row, **changes)),
                                    f"{name}: the database accepted a key pointing at nothing")
                    type(self).exercised.add(name)

    def test_amounts_and_capital_cannot_be_negative_in_the_database(self):
        project = Project.objects.order_by("pk").first()
        self.assertTrue(_refused(self, lambda: Project.objects.filter(pk=project.pk).update(amount=Decimal("-1"))))
        org = Organization.objects.order_by("pk").first()
        self.assertTrue(_refused(self, lambda: Organization.objects.filter(pk=org.pk).update(
            registered_capital=Decimal("-1"))))
        self.assertTrue(_refused(self, lambda: Project.objects.filter(pk=project.pk).update(version=0)))

    def test_an_attribution_rule_cannot_end_before_it_starts(self):
        from zhaoshang.zones.models import AttributionRule

        rule = AttributionRule.objects.order_by("pk").first()
        self.assertTrue(_refused(self, lambda: AttributionRule.objects.filter(pk=rule.pk).update(
            valid_from="2030-01-01", valid_until="2020-01-01")))

    def test_a_residency_is_a_project_or_a_team_not_both(self):
        from zhaoshang.talent.models import TalentTeam
        from zhaoshang.zones.models import Residency

        residency = Residency.objects.exclude(project=None).order_by("pk").first()
        team = TalentTeam.objects.order_by("pk").first()
        self.assertTrue(_refused(self, lambda: Residency.objects.filter(pk=residency.pk).update(team=team)))
        self.assertTrue(_refused(self, lambda: Residency.objects.filter(pk=residency.pk).update(project=None)))

    def test_every_constraint_is_exercised(self):
        # Run the generic cases here too, so this test stands alone (and lists what nothing stored covers).
        self.test_every_unique_rule_refuses_a_copy_of_a_stored_row()
        names = {name for model in _zhaoshang_models() for name, _ in _unique_keys(model)}
        checks = {c.name for model in _zhaoshang_models() for c in model._meta.constraints
                  if isinstance(c, models.CheckConstraint)}
        by_hand = {"attribution_rule_period_ordered", "residency_is_a_project_or_a_team", "project_amount_not_negative",
                   "project_version_positive", "organization_capital_not_negative"}
        self.assertEqual(checks - by_hand, set(), "a check constraint without a test above")
        self.assertEqual(sorted(names - self.exercised), [], "unique rules with no demo row to copy: test them here")
