from django.db import migrations


def load(apps, schema_editor):
    # Divisions created since cpca's table (钱塘区, 临平区, 龙港市…) for databases migrated before they
    # were added to gb2260.py; region_load inserts only codes not yet stored.
    from zhaoshang.regions.services import region_load

    region_load(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_load_divisions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
