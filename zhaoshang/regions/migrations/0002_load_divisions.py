from django.db import migrations


def load(apps, schema_editor):
    from zhaoshang.regions.gb2260 import divisions

    Region = apps.get_model("regions", "Region")
    order = {"province": 0, "city": 1, "county": 2}
    rows = sorted(divisions().values(), key=lambda d: (order[d.level], d.code))
    Region.objects.bulk_create(
        [Region(code=d.code, name=d.name, short_name=d.short_name, level=d.level, parent_id=d.parent,
                lng=d.lng or None, lat=d.lat or None, is_yrd=d.is_yrd) for d in rows],
        batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
