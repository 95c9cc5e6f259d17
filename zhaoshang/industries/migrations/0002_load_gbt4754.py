from django.db import migrations


def load(apps, schema_editor):
    from zhaoshang.industries.services import industry_load

    industry_load(apps.get_model("industries", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("industries", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
