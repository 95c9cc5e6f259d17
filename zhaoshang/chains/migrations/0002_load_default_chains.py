from django.db import migrations


def load(apps, schema_editor):
    from zhaoshang.chains.defaults import chains_load

    chains_load(apps.get_model("chains", "Chain"), apps.get_model("chains", "Segment"))


class Migration(migrations.Migration):
    dependencies = [("chains", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
