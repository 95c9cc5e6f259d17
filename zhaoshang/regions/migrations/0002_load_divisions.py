from django.db import migrations


def load(apps, schema_editor):
    from zhaoshang.regions.services import region_load

    region_load(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
