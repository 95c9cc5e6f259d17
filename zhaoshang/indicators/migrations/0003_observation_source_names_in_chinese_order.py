"""Observations accepted in review name their reviewer in their source text. Until the user model wrote
names surname first, that text read "（伟 张审核采纳）"; rewrite it as "（张伟审核采纳）"."""

from django.db import migrations

ACCEPTED_BY = "（{name}审核采纳）"


def names_in_chinese_order(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Observation = apps.get_model("indicators", "Observation")
    for first, last in User.objects.exclude(first_name="").exclude(last_name="").values_list(
            "first_name", "last_name"):
        western = ACCEPTED_BY.format(name=f"{first} {last}")
        chinese = ACCEPTED_BY.format(name=f"{last.strip()}{first.strip()}")
        for observation in Observation.objects.filter(source__contains=western).only("pk", "source"):
            observation.source = observation.source.replace(western, chinese)
            observation.save(update_fields=["source"])


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0002_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(names_in_chinese_order, migrations.RunPython.noop)]
