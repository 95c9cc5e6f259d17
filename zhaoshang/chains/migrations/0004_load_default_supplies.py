from django.db import migrations


def load(apps, schema_editor):
    from zhaoshang.chains.defaults import supplies_load

    supplies_load(apps.get_model("chains", "Chain"), apps.get_model("chains", "Segment"))


class Migration(migrations.Migration):
    dependencies = [("chains", "0003_segment_supplies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
