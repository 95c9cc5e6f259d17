from django.db import migrations


def load(apps, schema_editor):
    from zhaoshang.industries.services import ORDER, industry_rows

    Industry = apps.get_model("industries", "Industry")
    rows = sorted(industry_rows(), key=lambda r: (ORDER[r["level"]], r["code"]))
    Industry.objects.bulk_create(
        [Industry(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent"] or None,
                  section=r["section"]) for r in rows],
        batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("industries", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
